import { describe, expect, it, vi } from 'vitest';
import { harness } from '../support/harness';

describe('events', () => {
  it('on() returns an unsubscribe function', async () => {
    const { tickler, admin } = harness();
    const seen: string[] = [];
    const off = tickler.on('customer.created', (e) => void seen.push(e.customer.id));
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    off();
    await admin.customers.upsert({ id: 'c-2', name: 'Two' });
    expect(seen).toEqual(['c-1']);
  });

  it('a handler that throws or rejects does not break the engine; it reaches the logger and the error event', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { tickler, admin } = harness({ logger });
    const errors: string[] = [];
    tickler.on('error', (e) => void errors.push(e.message));
    tickler.on('customer.created', () => {
      throw new Error('sync boom');
    });
    tickler.on('customer.created', async () => {
      await Promise.resolve();
      throw new Error('async boom');
    });
    const later: string[] = [];
    tickler.on('customer.created', (e) => void later.push(e.customer.id));
    const customer = await admin.customers.upsert({ id: 'c-1', name: 'One' });
    expect(customer.id).toBe('c-1');
    expect(later).toEqual(['c-1']);
    expect(errors).toEqual([expect.stringContaining('sync boom'), expect.stringContaining('async boom')]);
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(await admin.customers.get('c-1')).toMatchObject({ name: 'One' });
  });

  it('a failing error handler does not loop', async () => {
    const { tickler, admin } = harness();
    let calls = 0;
    tickler.on('error', () => {
      calls++;
      throw new Error('error handler broken too');
    });
    tickler.on('customer.created', () => {
      throw new Error('boom');
    });
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    expect(calls).toBe(1);
  });

  it('events carry the tenant, the actor and the time, and come after the commit', async () => {
    const { tickler, admin, store, clock } = harness();
    let storedWhenEmitted: unknown = 'unset';
    tickler.on('customer.created', async (e) => {
      expect(e.tenantId).toBe('acme');
      expect(e.actor).toEqual({ userId: 'u-admin', roles: ['admin'] });
      expect(e.at).toEqual(clock.now());
      storedWhenEmitted = await store.customers.get('acme', e.customer.id);
    });
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    expect(storedWhenEmitted).toMatchObject({ id: 'c-1' });
  });

  it('each event is recorded in the transaction of its change', async () => {
    const { admin, store, clock } = harness();
    const c = await admin.customers.upsert({ id: 'c-1', name: 'One', status: 'lead' });
    const r = await admin.reminders.create({ customerId: 'c-1', at: '2026-12-01T10:00:00Z', note: 'x' });
    const records = await store.events.list('acme', { limit: 10 });
    expect(records.map((e) => e.name)).toEqual(['customer.created', 'customer.status_changed', 'reminder.created']);
    expect(records[2]).toMatchObject({ tenantId: 'acme', at: clock.now(), payload: { reminder: { id: r.id, dueAt: '2026-12-01T10:00:00.000Z' }, actor: { userId: 'u-admin' } } });
    expect(records[0]?.payload).toMatchObject({ customer: { id: c.id } });
  });

  it('no event is emitted for a change that was rolled back', async () => {
    const { tickler, admin, store } = harness();
    const seen: string[] = [];
    tickler.on('customer.created', (e) => void seen.push(e.customer.id));
    // A phone number that cannot be normalised fails inside the command.
    await expect(admin.customers.upsert({ id: 'c-1', name: 'One', phone: '12' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'phone' });
    expect(seen).toEqual([]);
    expect(await store.customers.get('acme', 'c-1')).toBeNull();
    expect(await store.events.list('acme', { limit: 10 })).toEqual([]);
  });
});
