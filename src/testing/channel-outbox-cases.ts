import { expect } from 'vitest';
import type { MessageFailedEvent } from '../events/event-map';
import type { Message } from '../model/message';
import { createTickler, type Tickler, type TicklerScope } from '../tickler';
import { FakeClock } from '../time/fake-clock';
import type { SendMessageInput } from '../messaging/outbox/send-request';
import type { ChannelContractCase, ChannelContractSetup } from '../messaging/contract/channel-contract-case';

const RETRY_MS = 1_000;

interface Outbox {
  clock: FakeClock;
  tickler: Tickler;
  acme: TicklerScope;
  failed: MessageFailedEvent[];
  /** Queues the suite's message to the setup's address. */
  send(): Promise<Message>;
  /** The message as stored now. */
  read(id: string): Promise<Message>;
}

/** A tickler on a fake clock with the channel under test as its only channel. */
async function outbox(setup: ChannelContractSetup): Promise<Outbox> {
  const clock = new FakeClock('2026-11-23T09:00:00Z');
  const { kind, name } = setup.channel;
  const tickler = createTickler({
    clock,
    channels: [setup.channel],
    messaging: { retryBaseMs: RETRY_MS, retryMaxMs: RETRY_MS, maxAttempts: 4, sendTimeoutMs: 1_000, fallbacks: {} },
    templates:
      kind === 'whatsapp' && setup.contentTemplateId !== undefined
        ? [{ id: 'contract', locales: { en: { whatsapp: { contentSid: setup.contentTemplateId, contentVariables: { '1': '{{ customer.name }}' } } } } }]
        : [],
  });
  const acme = tickler.as({ tenantId: 'contract', userId: 'contract-admin', roles: ['admin'] });
  const address = setup.address;
  await acme.customers.upsert({
    id: 'c-contract',
    name: 'Contract Customer',
    timezone: 'Europe/Paris',
    email: kind === 'email' ? address : null,
    phone: kind === 'sms' ? address : null,
    whatsapp: kind === 'whatsapp' ? address : null,
  });
  const failed: MessageFailedEvent[] = [];
  tickler.on('message.failed', (e) => void failed.push(e));
  let n = 0;
  const send = async (): Promise<Message> => {
    n += 1;
    const request: SendMessageInput = {
      channel: name,
      customerId: 'c-contract',
      cause: { type: 'contract', id: `outbox-${n}` },
      to: kind === 'chat' ? [address.includes('@') ? { email: address } : { slack: address }] : [{ customer: true }],
      ...(kind === 'whatsapp' && setup.contentTemplateId !== undefined
        ? { template: 'contract' }
        : { content: { subject: 'Invoice F-1 is overdue', text: 'Invoice F-1 (120.00 EUR) is 7 days overdue.', html: '<p>Invoice F-1 is 7 days overdue.</p>' } }),
    };
    const [message] = await acme.messages.send(request);
    if (message === undefined) throw new Error('messages.send queued nothing');
    return message;
  };
  return { clock, tickler, acme, failed, send, read: (id) => acme.messages.get(id) };
}

/** Contract cases that run the channel through the outbox, on a fake clock. */
export const channelOutboxCases: ChannelContractCase[] = [
  {
    name: 'outbox: an accepted message is sent once and records the provider id',
    async run(setup) {
      const o = await outbox(setup);
      setup.provider.script({ type: 'accept' });
      const queued = await o.send();
      await o.tickler.runDue();
      const sent = await o.read(queued.id);
      expect(sent.state).toBe('sent');
      expect(sent.providerMessageId).toEqual(expect.any(String));
      expect(sent.attempts).toBe(1);
      o.clock.advance({ hours: 1 });
      await o.tickler.runDue();
      expect(setup.provider.requestCount()).toBe(1);
    },
  },
  {
    name: 'outbox: a 400 fails the message at once, fires message.failed, and is never retried',
    async run(setup) {
      const o = await outbox(setup);
      setup.provider.script({ type: 'reject' });
      const queued = await o.send();
      await o.tickler.runDue();
      const failed = await o.read(queued.id);
      expect(failed.state).toBe('failed');
      expect(failed.reason).toBe('provider-rejected');
      expect(o.failed.map((e) => e.message.id)).toEqual([queued.id]);
      expect(o.failed[0]?.failure.retryable).toBe(false);
      o.clock.advance({ days: 1 });
      await o.tickler.runDue();
      expect(setup.provider.requestCount()).toBe(1);
    },
  },
  {
    name: 'outbox: a 429 is retried exactly after its Retry-After',
    async run(setup) {
      const o = await outbox(setup);
      setup.provider.script({ type: 'rate-limit', retryAfterSeconds: 7 }, { type: 'accept' });
      const queued = await o.send();
      await o.tickler.runDue();
      const waiting = await o.read(queued.id);
      expect(waiting.state).toBe('queued');
      expect(waiting.reason).toBe('retrying');
      expect(waiting.notBefore.getTime() - o.clock.now().getTime()).toBe(7_000);
      o.clock.advance({ milliseconds: 6_999 });
      await o.tickler.runDue();
      expect(setup.provider.requestCount()).toBe(1);
      o.clock.advance({ milliseconds: 1 });
      await o.tickler.runDue();
      expect(setup.provider.requestCount()).toBe(2);
      expect((await o.read(queued.id)).state).toBe('sent');
    },
  },
  {
    name: 'outbox: a 500 then success is sent on the retry',
    async run(setup) {
      const o = await outbox(setup);
      setup.provider.script({ type: 'server-error' }, { type: 'accept' });
      const queued = await o.send();
      await o.tickler.runDue();
      expect((await o.read(queued.id)).state).toBe('queued');
      o.clock.advance({ milliseconds: RETRY_MS });
      await o.tickler.runDue();
      const sent = await o.read(queued.id);
      expect(sent.state).toBe('sent');
      expect(sent.attempts).toBe(2);
      expect(setup.provider.requestCount()).toBe(2);
    },
  },
  {
    name: 'outbox: a provider that never answers times out and is retried with the same idempotency key',
    async run(setup) {
      const o = await outbox(setup);
      setup.provider.script({ type: 'hang' }, { type: 'accept' });
      const queued = await o.send();
      await o.tickler.runDue();
      const waiting = await o.read(queued.id);
      expect(waiting.state).toBe('queued');
      expect(waiting.detail).toMatch(/Attempt 1 failed/);
      o.clock.advance({ milliseconds: RETRY_MS });
      await o.tickler.runDue();
      const sent = await o.read(queued.id);
      expect(sent.state).toBe('sent');
      expect(sent.idempotencyKey).toBe(queued.idempotencyKey);
      expect(sent.attempts).toBe(2);
    },
  },
  {
    name: 'outbox: after the last attempt the message fails with attempts-exhausted',
    async run(setup) {
      const o = await outbox(setup);
      setup.provider.script(...Array.from({ length: 4 }, () => ({ type: 'server-error' as const })));
      const queued = await o.send();
      for (let i = 0; i < 4; i++) {
        await o.tickler.runDue();
        o.clock.advance({ milliseconds: RETRY_MS });
      }
      const failed = await o.read(queued.id);
      expect(failed.state).toBe('failed');
      expect(failed.reason).toBe('attempts-exhausted');
      expect(setup.provider.requestCount()).toBe(4);
      expect(o.failed.length).toBe(1);
    },
  },
];
