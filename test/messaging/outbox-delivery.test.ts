import { describe, expect, it } from 'vitest';
import { ChannelError, isTicklerError } from 'tickler';
import { recordEvents } from '../support/harness';
import { INVOICE, JEANNE, messagingHarness, messagingStores } from './messaging-harness';

const stores = await messagingStores();

describe.each(stores)('outbox delivery on $name', ({ make }) => {
  const setup = async () => {
    const h = messagingHarness(await make());
    await h.admin.customers.upsert({ ...JEANNE });
    return h;
  };
  const overdue = (step = 'level-1') => ({ channel: 'sms', customerId: JEANNE.id, template: 'overdue', variables: INVOICE, cause: { type: 'invoice', id: 'F-17', step } });

  it('queues, sends when due, and records every step in the audit trail', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'message.queued', 'message.sent');
    const [queued] = await h.agent.messages.send(overdue());
    expect(queued).toMatchObject({ state: 'queued', channel: 'sms', kind: 'sms', customerId: JEANNE.id, audience: 'customer', attempts: 0, locale: 'en', zone: 'Europe/Paris' });
    expect(queued!.to).toEqual([{ address: JEANNE.phone, name: JEANNE.name, origin: 'customer', userId: null }]);
    expect(queued!.content.text).toBe('Invoice F-17: €120.50 is overdue.');
    expect(await h.tickler.runDue()).toMatchObject({ claimed: 1, messagesSent: 1, messagesFailed: 0, messagesSkipped: 0, messagesRetrying: 0 });
    expect(h.channels.sms.deliveries.map((d) => [d.message.to[0]?.address, d.message.text, d.idempotencyKey])).toEqual([[JEANNE.phone, 'Invoice F-17: €120.50 is overdue.', queued!.idempotencyKey]]);
    const sent = await h.agent.messages.get(queued!.id);
    expect(sent).toMatchObject({ state: 'sent', providerMessageId: 'memory-sms-1', attempts: 1, sentAt: h.clock.now() });
    expect(events.map((e) => e.name)).toEqual(['message.queued', 'message.sent']);
    const audit = await h.admin.audit.list({ entityType: 'message', entityId: queued!.id });
    expect(audit.map((a) => a.action)).toEqual(['message.queued', 'message.sent']);
    expect(audit[0]?.reason).toBe('cause invoice F-17 step level-1');
  });

  it('the same cause queued twice is one message, sent once', async () => {
    const h = await setup();
    const [first] = await h.agent.messages.send(overdue());
    const [again] = await h.manager.messages.send(overdue());
    expect(again?.id).toBe(first?.id);
    await h.tickler.runDue();
    const [afterSend] = await h.agent.messages.send(overdue());
    expect(afterSend).toMatchObject({ id: first?.id, state: 'sent' });
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.length).toBe(1);
    expect((await h.admin.messages.list()).items.length).toBe(1);
    // Another step of the same cause is another message.
    await h.agent.messages.send(overdue('level-2'));
    expect((await h.admin.messages.list()).items.length).toBe(2);
  });

  it('the same cause queued concurrently is still one message', async () => {
    const h = await setup();
    const results = await Promise.all(Array.from({ length: 6 }, () => h.agent.messages.send(overdue())));
    expect(new Set(results.map((r) => r[0]?.id)).size).toBe(1);
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.length).toBe(1);
  });

  it('a message without a cause is a manual message: each call sends', async () => {
    const h = await setup();
    await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, content: { text: 'Hi' } });
    await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, content: { text: 'Hi' } });
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.length).toBe(2);
  });

  it('waits for sendAt', async () => {
    const h = await setup();
    const [m] = await h.agent.messages.send({ ...overdue(), sendAt: '2026-11-23T15:00:00+01:00' });
    expect(m?.notBefore.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    h.clock.set('2026-11-23T13:59:59Z');
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(0);
    h.clock.set('2026-11-23T14:00:00Z');
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(1);
  });

  it('retries a retryable failure with backoff, then fails for good after the last attempt and says so', async () => {
    const h = await setup();
    const failures = recordEvents(h.tickler, 'message.failed');
    h.channels.sms.failNext(...Array.from({ length: 3 }, () => new ChannelError('Provider down', { retryable: true, status: 503 })));
    const [m] = await h.agent.messages.send(overdue());
    expect(await h.tickler.runDue()).toMatchObject({ messagesRetrying: 1 });
    const first = await h.agent.messages.get(m!.id);
    expect(first).toMatchObject({ state: 'queued', reason: 'retrying', attempts: 1 });
    // Full-jitter backoff from 1 s: the first retry comes within 0.5 to 1 s.
    const wait = first.notBefore.getTime() - h.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThanOrEqual(1_000);
    for (let i = 0; i < 3; i++) {
      h.clock.advance({ seconds: 10 });
      await h.tickler.runDue();
    }
    const failed = await h.agent.messages.get(m!.id);
    expect(failed).toMatchObject({ state: 'failed', reason: 'attempts-exhausted', attempts: 3 });
    expect(failed.detail).toBe('Provider down (after 3 attempts)');
    expect(h.channels.sms.calls).toBe(3);
    expect(failures.length).toBe(1);
    expect((await h.admin.audit.list({ entityId: m!.id })).map((a) => a.action)).toEqual(['message.queued', 'message.failed']);
  });

  it('a provider refusal fails at once; a non-ChannelError counts as retryable', async () => {
    const h = await setup();
    h.channels.sms.failNext(new ChannelError('Invalid number', { retryable: false, status: 400, providerCode: '21211' }));
    const [m] = await h.agent.messages.send(overdue());
    await h.tickler.runDue();
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'failed', reason: 'provider-rejected', detail: 'Invalid number' });
    h.channels.sms.failNext(new TypeError('bug in an adapter'));
    const [n] = await h.agent.messages.send(overdue('level-2'));
    await h.tickler.runDue();
    expect(await h.agent.messages.get(n!.id)).toMatchObject({ state: 'queued', reason: 'retrying' });
  });

  it('a message left "sending" by a crashed worker is sent again with the same idempotency key', async () => {
    const h = await setup();
    const [m] = await h.agent.messages.send(overdue());
    // The worker marked it sending, called the provider, and died before recording the outcome.
    const current = (await h.store.messages.get('acme', m!.id))!;
    await h.store.messages.update({ ...current, state: 'sending', attempts: 1, version: current.version + 1 }, current.version);
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.map((d) => d.idempotencyKey)).toEqual([m!.idempotencyKey]);
    const sent = await h.agent.messages.get(m!.id);
    expect(sent).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a message for a channel not configured here waits, visible, without spinning', async () => {
    const h = await setup();
    const [m] = await h.agent.messages.send({ channel: 'webhook', customerId: JEANNE.id, content: { text: 'x' } });
    expect(m).toMatchObject({ state: 'queued', reason: 'no-channel', channel: 'webhook' });
    const summary = await h.tickler.runDue();
    expect(summary.claimed).toBe(1);
    expect((await h.tickler.runDue()).claimed).toBe(0);
    const waiting = await h.agent.messages.get(m!.id);
    expect(waiting.notBefore.getTime() - h.clock.now().getTime()).toBe(900_000);
    expect((await h.admin.messages.list({ state: 'queued' })).items.map((x) => x.id)).toEqual([m!.id]);
  });

  it('cancel skips a queued message; a sent one cannot be cancelled; agents may not cancel', async () => {
    const h = await setup();
    const [m] = await h.agent.messages.send(overdue());
    await expect(h.agent.messages.cancel(m!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const skipped = await h.manager.messages.cancel(m!.id, 'Customer called');
    expect(skipped).toMatchObject({ state: 'skipped', reason: 'cancelled', detail: 'Customer called' });
    expect(await h.manager.messages.cancel(m!.id)).toMatchObject({ state: 'skipped' });
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(0);
    const [n] = await h.agent.messages.send(overdue('level-2'));
    await h.tickler.runDue();
    const error = await h.manager.messages.cancel(n!.id).catch((e: unknown) => e);
    expect(isTicklerError(error) && error.code).toBe('CONFLICT');
  });

  it('lists the outbox newest first, by page and state', async () => {
    const h = await setup();
    for (let i = 0; i < 5; i++) {
      await h.agent.messages.send(overdue(`s-${i}`));
      h.clock.advance({ minutes: 1 });
    }
    const first = await h.viewer.messages.list({ limit: 2 });
    const second = await h.viewer.messages.list({ limit: 2, cursor: first.nextCursor! });
    const third = await h.viewer.messages.list({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((m) => m.cause.step)).toEqual(['s-4', 's-3', 's-2', 's-1', 's-0']);
    expect(third.nextCursor).toBeNull();
    await expect(h.viewer.messages.list({ cursor: 'nope' })).rejects.toMatchObject({ path: 'cursor' });
    expect((await h.rival.messages.list()).items).toEqual([]);
    await expect(h.rival.messages.get(first.items[0]!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
