import { expect } from 'vitest';
import { isChannelError, type ChannelError } from '../channels/channel-error';
import type { OutboundMessage } from '../channels/channel';
import type { ChannelContractCase, ChannelContractSetup } from './channel-contract-case';

let counter = 0;

/** A plain message of the channel's kind to `setup.address`. */
export function contractMessage(setup: ChannelContractSetup): OutboundMessage {
  counter += 1;
  const { kind, name } = setup.channel;
  const whatsappTemplate = kind === 'whatsapp' && setup.contentTemplateId !== undefined;
  return {
    id: `contract-${counter}`,
    tenantId: 'contract',
    channel: name,
    kind,
    to: [{ address: setup.address, name: 'Contract Recipient', origin: 'literal', userId: null }],
    subject: kind === 'email' ? 'Your invoice INV-1 is overdue' : null,
    text: whatsappTemplate ? null : 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    html: kind === 'email' ? '<p>Invoice <b>INV-1</b> is 7 days overdue.</p>' : null,
    providerTemplate: whatsappTemplate ? { id: setup.contentTemplateId as string, variables: { '1': 'INV-1', '2': '120.00 EUR' } } : null,
    replyTo: null,
    categories: [],
    customerId: 'c-contract',
    cause: { type: 'contract', id: `case-${counter}`, step: null },
    variables: { invoice: 'INV-1' },
  };
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const outcome = await promise.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error('Expected the send to fail, but it resolved.');
  if (!isChannelError(outcome.error)) throw new Error(`Expected a ChannelError, got ${String(outcome.error)}`, { cause: outcome.error });
  return outcome.error;
}

const send = (setup: ChannelContractSetup, signal: AbortSignal = AbortSignal.timeout(10_000)) =>
  setup.channel.send(contractMessage(setup), { idempotencyKey: `key-${counter}`, signal });

/** Contract cases that call the channel directly. */
export const channelSendCases: ChannelContractCase[] = [
  {
    name: 'channel: has a name and a kind',
    async run({ channel }) {
      expect(typeof channel.name).toBe('string');
      expect(channel.name.length).toBeGreaterThan(0);
      expect(['email', 'sms', 'whatsapp', 'chat', 'webhook']).toContain(channel.kind);
    },
  },
  {
    name: 'send: an accepted message resolves with the provider message id',
    async run(setup) {
      setup.provider.script({ type: 'accept' });
      const result = await send(setup);
      expect(typeof result.providerMessageId).toBe('string');
      expect(result.providerMessageId.length).toBeGreaterThan(0);
      expect(setup.provider.requestCount()).toBe(1);
    },
  },
  {
    name: 'send: a 400 is a ChannelError that is not retryable',
    async run(setup) {
      setup.provider.script({ type: 'reject' });
      const error = await failure(send(setup));
      expect(error.retryable).toBe(false);
      expect(error.code).toBe('CHANNEL_FAILED');
      expect(error.message.length).toBeGreaterThan(10);
      expect(setup.provider.requestCount()).toBe(1);
    },
  },
  {
    name: 'send: a 429 is retryable and carries the provider Retry-After',
    async run(setup) {
      setup.provider.script({ type: 'rate-limit', retryAfterSeconds: 7 });
      const error = await failure(send(setup));
      expect(error.retryable).toBe(true);
      expect(error.retryAfterMs).toBe(7_000);
      expect(setup.provider.requestCount()).toBe(1);
    },
  },
  {
    name: 'send: a 500 is retryable, and the adapter does not retry by itself',
    async run(setup) {
      setup.provider.script({ type: 'server-error' });
      const error = await failure(send(setup));
      expect(error.retryable).toBe(true);
      expect(setup.provider.requestCount()).toBe(1);
    },
  },
  {
    name: 'send: a provider that never answers is abandoned when the signal aborts, as a retryable error',
    async run(setup) {
      setup.provider.script({ type: 'hang' });
      const started = performance.now();
      const error = await failure(send(setup, AbortSignal.timeout(300)));
      expect(error.retryable).toBe(true);
      expect(performance.now() - started).toBeLessThan(5_000);
    },
  },
  {
    name: 'send: an already aborted signal sends nothing',
    async run(setup) {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(send(setup, controller.signal));
      expect(error.retryable).toBe(true);
      expect(setup.provider.requestCount()).toBe(0);
    },
  },
];
