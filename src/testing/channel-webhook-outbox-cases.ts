import { expect } from 'vitest';
import type { WebhookRequest } from '../messaging/channels/channel-webhooks';
import { MemoryChannel } from '../messaging/channels/memory-channel';
import type { ChannelContractCase, ChannelContractSetup, ChannelWebhookFixture } from '../messaging/contract/channel-contract-case';
import { failureStatus, signedKind, signedRequest, webhookParts } from '../messaging/contract/channel-webhook-cases';
import type { Message } from '../model/message';
import { createTickler, type Tickler, type TicklerScope } from '../tickler';
import { FakeClock } from '../time/fake-clock';

interface WebhookOutbox {
  tickler: Tickler;
  acme: TicklerScope;
  backup: MemoryChannel;
  /** The message the channel under test sent, as stored. */
  sent: Message;
}

const BACKUP_PHONE = '+33612345678';

/** When the suite's webhooks are signed and read: the outbox's fake clock stands there. */
const NOW = new Date('2026-11-23T09:00:00Z');

/**
 * A tickler on a fake clock whose customer was sent one message on the channel under
 * test, with a fallback to a memory channel of another kind.
 */
async function sentThroughOutbox(setup: ChannelContractSetup, fixture: ChannelWebhookFixture): Promise<WebhookOutbox> {
  const { kind, name } = setup.channel;
  const backupKind = kind === 'sms' ? 'email' : 'sms';
  const backup = new MemoryChannel({ name: 'backup', kind: backupKind });
  const clock = new FakeClock(NOW);
  const whatsappTemplate = kind === 'whatsapp' && setup.contentTemplateId !== undefined;
  const tickler = createTickler({
    clock,
    channels: [setup.channel, backup],
    messaging: { retryBaseMs: 1_000, retryMaxMs: 1_000, maxAttempts: 2, sendTimeoutMs: 5_000, fallbacks: {} },
    templates: whatsappTemplate
      ? [{ id: 'contract', locales: { en: { whatsapp: { contentSid: setup.contentTemplateId as string, contentVariables: { '1': '{{ customer.name }}' } }, sms: { text: 'Invoice F-1 is overdue.' }, email: { subject: 'Invoice F-1 is overdue', text: 'Invoice F-1 is overdue.' } } } }]
      : [],
  });
  const acme = tickler.as({ tenantId: 'contract', userId: 'contract-admin', roles: ['admin'] });
  const replyIsEmail = fixture.replyFrom.includes('@');
  await acme.customers.upsert({
    id: 'c-webhook',
    name: 'Webhook Customer',
    timezone: 'Europe/Paris',
    email: kind === 'email' ? setup.address : replyIsEmail ? fixture.replyFrom : backupKind === 'email' ? 'backup@customer.example' : null,
    phone: kind === 'sms' ? setup.address : !replyIsEmail && kind !== 'whatsapp' ? fixture.replyFrom : BACKUP_PHONE,
    whatsapp: kind === 'whatsapp' ? setup.address : null,
  });
  setup.provider.script({ type: 'accept' });
  const [queued] = await acme.messages.send({
    channel: name,
    customerId: 'c-webhook',
    cause: { type: 'contract', id: 'webhook' },
    to: kind === 'chat' ? [setup.address.includes('@') ? { email: setup.address } : { slack: setup.address }] : [{ customer: true }],
    ...(whatsappTemplate ? { template: 'contract' } : { content: { subject: 'Invoice F-1 is overdue', text: 'Invoice F-1 (120.00 EUR) is 7 days overdue.', html: '<p>Invoice F-1 is 7 days overdue.</p>' } }),
    fallback: ['backup'],
  });
  if (queued === undefined) throw new Error('messages.send queued nothing');
  await tickler.runDue();
  const sent = await acme.messages.get(queued.id);
  if (sent.state !== 'sent') throw new Error(`The message was not sent through the channel under test: ${sent.state} ${sent.detail ?? ''}`);
  return { tickler, acme, backup, sent };
}

const receiptOf = (fixture: ChannelWebhookFixture) => fixture.receipt as (id: string, status: Parameters<NonNullable<ChannelWebhookFixture['receipt']>>[1], now: Date) => Promise<WebhookRequest>;

/** Contract cases that hand the channel's webhooks to `messages.handleWebhook`. */
export const channelWebhookOutboxCases: ChannelContractCase[] = [
  {
    name: 'outbox webhooks: a failure receipt fails the sent message and queues its fallback once',
    async run(setup) {
      const { fixture } = webhookParts(setup, 'receipt');
      const o = await sentThroughOutbox(setup, fixture);
      const status = failureStatus(setup);
      const request = await receiptOf(fixture)(o.sent.providerMessageId as string, status, NOW);
      const first = await o.acme.messages.handleWebhook(setup.channel.name, request);
      expect(first.events).toMatchObject([{ type: 'receipt', outcome: 'failed', status }]);
      const again = await o.acme.messages.handleWebhook(setup.channel.name, request);
      expect(again.events).toMatchObject([{ type: 'receipt', outcome: 'unchanged' }]);
      const failed = await o.acme.messages.get(o.sent.id);
      expect(failed).toMatchObject({ state: 'failed', reason: status, delivery: { status } });
      const late = await receiptOf(fixture)(o.sent.providerMessageId as string, 'delivered', NOW);
      await o.acme.messages.handleWebhook(setup.channel.name, late);
      expect((await o.acme.messages.get(o.sent.id)).state).toBe('failed');
      await o.tickler.runDue();
      const timeline = await o.acme.communications.list('c-webhook');
      const fallbacks = timeline.items.filter((m) => m.fallbackOf === o.sent.id);
      expect(fallbacks).toHaveLength(1);
      expect(fallbacks[0]).toMatchObject({ channel: 'backup', state: 'sent' });
      expect(o.backup.deliveries).toHaveLength(1);
    },
  },
  {
    name: 'outbox webhooks: a delivered receipt is recorded on the message',
    async run(setup) {
      const { fixture } = webhookParts(setup, 'receipt');
      const o = await sentThroughOutbox(setup, fixture);
      const result = await o.acme.messages.handleWebhook(setup.channel.name, await receiptOf(fixture)(o.sent.providerMessageId as string, 'delivered', NOW));
      expect(result.events).toMatchObject([{ type: 'receipt', outcome: 'recorded' }]);
      expect(await o.acme.messages.get(o.sent.id)).toMatchObject({ state: 'sent', delivery: { status: 'delivered' } });
    },
  },
  {
    name: 'outbox webhooks: a refused webhook changes nothing',
    async run(setup) {
      const { fixture } = webhookParts(setup, signedKind(setup));
      const o = await sentThroughOutbox(setup, fixture);
      const genuine = await signedRequest(fixture, o.sent.providerMessageId as string, failureStatus(setup), NOW);
      await expect(o.acme.messages.handleWebhook(setup.channel.name, fixture.tamper(genuine))).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED' });
      expect(await o.acme.messages.get(o.sent.id)).toEqual(o.sent);
      expect((await o.acme.communications.list('c-webhook')).items).toHaveLength(1);
    },
  },
  {
    name: "outbox webhooks: a reply is on the customer's timeline once",
    async run(setup) {
      const { fixture } = webhookParts(setup, 'reply');
      const o = await sentThroughOutbox(setup, fixture);
      const request = await (fixture.reply as NonNullable<ChannelWebhookFixture['reply']>)(fixture.replyFrom, 'I paid it this morning.', o.sent.providerMessageId as string, NOW);
      const first = await o.acme.messages.handleWebhook(setup.channel.name, request);
      expect(first.events).toMatchObject([{ type: 'reply', result: { kind: 'received' } }]);
      await o.acme.messages.handleWebhook(setup.channel.name, request);
      const inbound = (await o.acme.communications.list('c-webhook')).items.filter((m) => m.direction === 'inbound');
      expect(inbound).toHaveLength(1);
      expect(inbound[0]?.content.text).toContain('I paid it this morning.');
    },
  },
];

