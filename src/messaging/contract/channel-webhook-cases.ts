import { expect } from 'vitest';
import type { ChannelWebhooks, DeliveryStatus, WebhookReading, WebhookRequest } from '../channels/channel-webhooks';
import { isWebhookRefusedError } from '../channels/webhook-refused-error';
import type { ChannelContractCase, ChannelContractSetup, ChannelWebhookFixture } from './channel-contract-case';
import { contractMessage } from './channel-send-cases';

/** What a webhook case needs from the setup's fixture. */
export type WebhookNeed = 'receipt' | 'reply' | 'stale';

/** The channel's webhooks and fixture, or a failure telling the author to give them or skip the case. */
export function webhookParts(setup: ChannelContractSetup, needs: WebhookNeed): { webhooks: ChannelWebhooks; fixture: ChannelWebhookFixture } {
  const { webhooks } = setup.channel;
  const fixture = setup.webhooks;
  const missing = webhooks === undefined ? 'the channel has no webhooks' : fixture === undefined ? 'the setup gives no webhooks fixture' : fixture[needs] === undefined ? `the fixture has no ${needs}()` : null;
  if (missing !== null || webhooks === undefined || fixture === undefined) throw new Error(`This webhook case cannot run: ${missing ?? ''}. Give it, or skip the case with the reason it does not apply to this provider.`);
  return { webhooks, fixture };
}

/** A failure receipt's status for the channel's kind: a bounce for email, an undeliverable number otherwise. */
export function failureStatus(setup: ChannelContractSetup): DeliveryStatus {
  return setup.channel.kind === 'email' ? 'bounced' : 'undelivered';
}

/** Sends one message through the channel itself and returns the provider's id for it. */
async function sentId(setup: ChannelContractSetup): Promise<string> {
  setup.provider.script({ type: 'accept' });
  const result = await setup.channel.send(contractMessage(setup), { idempotencyKey: `webhook-${Math.random().toString(36).slice(2)}`, signal: AbortSignal.timeout(10_000) });
  return result.providerMessageId;
}

async function refusal(promise: Promise<WebhookReading>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) throw new Error('Expected the webhook to be refused, but it was read.');
  if (!isWebhookRefusedError(error)) throw new Error(`Expected a WebhookRefusedError, got ${error instanceof Error ? error.message : typeof error}`, { cause: error });
}

/** When the suite's webhooks are signed and read. */
const T = (): Date => new Date('2026-11-23T09:00:00Z');

/** What a refusal case can build: a receipt if the fixture makes them, else a reply. */
export function signedKind(setup: ChannelContractSetup): 'receipt' | 'reply' {
  return setup.webhooks?.receipt !== undefined ? 'receipt' : 'reply';
}

/** A genuine signed request about the sent message `id`: a receipt with `status` if the fixture makes them, else a reply. */
export async function signedRequest(fixture: ChannelWebhookFixture, id: string, status: DeliveryStatus, now: Date): Promise<WebhookRequest> {
  if (fixture.receipt !== undefined) return fixture.receipt(id, status, now);
  if (fixture.reply !== undefined) return fixture.reply(fixture.replyFrom, 'Paid this morning.', id, now);
  throw new Error('The fixture makes neither receipts nor replies.');
}

async function anyRequest(setup: ChannelContractSetup, fixture: ChannelWebhookFixture, now: Date): Promise<WebhookRequest> {
  return signedRequest(fixture, await sentId(setup), 'delivered', now);
}

/** Contract cases for a channel's webhooks, called directly. */
export const channelWebhookCases: ChannelContractCase[] = [
  {
    name: 'webhooks: a delivered receipt is read for the message the channel sent',
    async run(setup) {
      const { webhooks, fixture } = webhookParts(setup, 'receipt');
      const id = await sentId(setup);
      const now = T();
      const reading = await webhooks.read(await (fixture.receipt as NonNullable<ChannelWebhookFixture['receipt']>)(id, 'delivered', now), { now });
      expect(reading.events).toContainEqual(expect.objectContaining({ type: 'receipt', providerMessageId: id, status: 'delivered' }));
    },
  },
  {
    name: 'webhooks: a bounce or an undeliverable number is read as such',
    async run(setup) {
      const { webhooks, fixture } = webhookParts(setup, 'receipt');
      const id = await sentId(setup);
      const now = T();
      const status = failureStatus(setup);
      const reading = await webhooks.read(await (fixture.receipt as NonNullable<ChannelWebhookFixture['receipt']>)(id, status, now), { now });
      expect(reading.events).toContainEqual(expect.objectContaining({ type: 'receipt', providerMessageId: id, status }));
    },
  },
  {
    name: 'webhooks: a reply is read as an inbound message from the customer',
    async run(setup) {
      const { webhooks, fixture } = webhookParts(setup, 'reply');
      const id = await sentId(setup);
      const now = T();
      const reading = await webhooks.read(await (fixture.reply as NonNullable<ChannelWebhookFixture['reply']>)(fixture.replyFrom, 'I paid it this morning.', id, now), { now });
      const reply = reading.events.find((e) => e.type === 'reply');
      if (reply?.type !== 'reply') throw new Error('The reply webhook was read without a reply event.');
      expect(reply.message.from.replace(/^whatsapp:/, '').toLowerCase()).toBe(fixture.replyFrom.toLowerCase());
      expect(reply.message.text).toContain('I paid it this morning.');
      expect(typeof reply.message.providerMessageId).toBe('string');
    },
  },
  {
    name: 'webhooks: a tampered request is refused',
    async run(setup) {
      const parts = webhookParts(setup, signedKind(setup));
      const now = T();
      const genuine = await anyRequest(setup, parts.fixture, now);
      await refusal(parts.webhooks.read(parts.fixture.tamper(genuine), { now }));
    },
  },
  {
    name: 'webhooks: a request without its signature headers is refused',
    async run(setup) {
      const parts = webhookParts(setup, signedKind(setup));
      const now = T();
      const genuine = await anyRequest(setup, parts.fixture, now);
      const kept = Object.fromEntries(Object.entries(genuine.headers).filter(([name]) => name.toLowerCase() === 'content-type'));
      await refusal(parts.webhooks.read({ ...genuine, headers: kept }, { now }));
    },
  },
  {
    name: 'webhooks: a request signed an hour ago is refused as stale',
    async run(setup) {
      const { webhooks, fixture } = webhookParts(setup, 'stale');
      const now = T();
      const genuine = await anyRequest(setup, fixture, now);
      await expect(webhooks.read(genuine, { now })).resolves.toBeDefined();
      const old = await (fixture.stale as NonNullable<ChannelWebhookFixture['stale']>)(genuine, 3_600, now);
      await refusal(webhooks.read(old, { now }));
    },
  },
];
