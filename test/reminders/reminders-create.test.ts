import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError, REMINDER_SOURCES, ForbiddenError } from 'tickler';
import { harness, recordEvents, snapshotTenant } from '../support/harness';

async function withCustomers() {
  const h = harness();
  await h.admin.tenant.configure({ timezone: 'America/New_York', locale: 'en-US' });
  await h.admin.customers.upsert({ id: 'paris', name: 'Paris Co', timezone: 'Europe/Paris' });
  await h.admin.customers.upsert({ id: 'nozone', name: 'No Zone Inc' });
  return h;
}

describe('reminders.create: when it is due', () => {
  it('takes a Date, kept as the instant, in the customer zone for display', async () => {
    const { agent } = await withCustomers();
    const r = await agent.reminders.create({ customerId: 'paris', at: new Date('2026-12-01T09:00:00Z'), note: 'Call' });
    expect(r.dueAt.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(r.zone).toBe('Europe/Paris');
  });

  it('takes an ISO string with an offset', async () => {
    const { agent } = await withCustomers();
    const r = await agent.reminders.create({ customerId: 'paris', at: '2026-12-01T10:00:00+01:00', note: 'Call' });
    expect(r.dueAt.toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('reads a wall time in the given zone, else the customer zone, else the tenant zone', async () => {
    const { agent, admin } = await withCustomers();
    const given = await agent.reminders.create({ customerId: 'paris', at: { local: '2026-12-01T10:00', zone: 'Asia/Tokyo' }, note: 'x' });
    expect([given.dueAt.toISOString(), given.zone]).toEqual(['2026-12-01T01:00:00.000Z', 'Asia/Tokyo']);
    const customers = await agent.reminders.create({ customerId: 'paris', at: { local: '2026-12-01T10:00' }, note: 'x' });
    expect([customers.dueAt.toISOString(), customers.zone]).toEqual(['2026-12-01T09:00:00.000Z', 'Europe/Paris']);
    const tenants = await agent.reminders.create({ customerId: 'nozone', at: { local: '2026-12-01T10:00' }, note: 'x' });
    expect([tenants.dueAt.toISOString(), tenants.zone]).toEqual(['2026-12-01T15:00:00.000Z', 'America/New_York']);
    const fresh = harness();
    await fresh.admin.customers.upsert({ id: 'c', name: 'C' });
    const utc = await fresh.admin.reminders.create({ customerId: 'c', at: { local: '2026-12-01T10:00' }, note: 'x' });
    expect([utc.dueAt.toISOString(), utc.zone]).toEqual(['2026-12-01T10:00:00.000Z', 'UTC']);
    expect(admin).toBeDefined();
  });

  it.each([
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z'], // gap: 03:30 EDT
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'], // overlap: 01:30 EDT, the earlier
    ['Europe/Paris', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z'], // gap: 03:30 CEST
    ['Europe/Paris', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'], // overlap: 02:30 CEST, the earlier
  ])('applies the DST rule in %s at %s', async (zone, local, utc) => {
    const { agent } = await withCustomers();
    const r = await agent.reminders.create({ customerId: 'paris', at: { local, zone }, note: 'DST' });
    expect(r.dueAt.toISOString()).toBe(utc);
  });
});

describe('reminders.create: what it records', () => {
  it('records creator, source, status and an audit entry, and emits reminder.created for every source', async () => {
    const { tickler, agent } = await withCustomers();
    const events = recordEvents(tickler, 'reminder.created');
    for (const source of REMINDER_SOURCES) {
      const r = await agent.reminders.create({ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: `from ${source}`, source, assignee: 'u-9' });
      expect(r).toMatchObject({ source, createdBy: 'u-agent', assignee: 'u-9', status: 'scheduled', fireCount: 0, recurrence: null });
    }
    expect(events.map((e) => (e.payload as { reminder: { source: string } }).reminder.source)).toEqual([...REMINDER_SOURCES]);
    const audit = await agent.audit.list({ action: 'reminder.created' });
    expect(audit).toHaveLength(REMINDER_SOURCES.length);
    expect(audit[0]).toMatchObject({ actor: { userId: 'u-agent', roles: ['agent'] }, entityType: 'reminder', before: null, reason: 'source: profile' });
  });

  it('defaults the source to api and records a recurrence with its series start', async () => {
    const { agent } = await withCustomers();
    const r = await agent.reminders.create({ customerId: 'paris', at: { local: '2026-11-30T10:00' }, note: 'Weekly call', recurrence: 'RRULE:FREQ=WEEKLY;BYDAY=MO' });
    expect(r).toMatchObject({ source: 'api', recurrence: 'FREQ=WEEKLY;BYDAY=MO', seriesStart: '2026-11-30T10:00' });
  });
});

describe('reminders.create: refused input changes nothing', () => {
  const note5001 = 'x'.repeat(5001);
  it.each([
    [{ customerId: 'paris', at: { local: '2026-12-01T10:00', zone: 'Mars/Olympus' }, note: 'x' }, 'at.zone'],
    [{ customerId: 'paris', at: '2026-12-01T10:00', note: 'x' }, 'at'],
    [{ customerId: 'paris', at: 'next tuesday', note: 'x' }, 'at'],
    [{ customerId: 'paris', at: new Date('nope'), note: 'x' }, 'at'],
    [{ customerId: 'paris', at: { local: '2026-02-30T10:00' }, note: 'x' }, 'at.local'],
    [{ customerId: 'paris', at: { local: 'tomorrow 10am' }, note: 'x' }, 'at.local'],
    [{ customerId: 'paris', at: 1764583200000, note: 'x' }, 'at'],
    [{ customerId: 'paris', at: '1900-01-01T00:00:00Z', note: 'x' }, 'at'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: '' }, 'note'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: '    ' }, 'note'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: note5001 }, 'note'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 42 }, 'note'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 'x', recurrence: 'FREQ=SOMETIMES' }, 'recurrence'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 'x', recurrence: 'every monday' }, 'recurrence'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 'x', source: 'fax' }, 'source'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 'x', assignee: 7 }, 'assignee'],
    [{ customerId: 7, at: '2026-12-01T10:00:00Z', note: 'x' }, 'customerId'],
    [{ at: '2026-12-01T10:00:00Z', note: 'x' }, 'customerId'],
    [{ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 'x', priority: 'high' }, ''],
  ])('%j is a ValidationError on %j', async (input, path) => {
    const { agent, store } = await withCustomers();
    const before = await snapshotTenant(store, 'acme');
    const error = await agent.reminders.create(input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect((error as ValidationError).message.length).toBeGreaterThan(10);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });

  it('an unknown customer is NotFound, also for a customer of another tenant, and stores nothing', async () => {
    const { agent, rival, store } = await withCustomers();
    await rival.customers.upsert({ id: 'theirs', name: 'Theirs' });
    const before = await snapshotTenant(store, 'acme');
    await expect(agent.reminders.create({ customerId: 'ghost', at: '2026-12-01T10:00:00Z', note: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(agent.reminders.create({ customerId: 'theirs', at: '2026-12-01T10:00:00Z', note: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
    expect((await store.reminders.list('globex', { when: 'all', now: new Date(0), limit: 10 })).length).toBe(0);
  });

  it('a viewer may not create, and nothing is stored', async () => {
    const { viewer, store } = await withCustomers();
    const before = await snapshotTenant(store, 'acme');
    await expect(viewer.reminders.create({ customerId: 'paris', at: '2026-12-01T10:00:00Z', note: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });

  it('a host policy decides instead of the roles', async () => {
    const h = harness({ policy: (actor, action) => actor.userId === 'boss' || action.endsWith('.read') });
    await h.as('acme', 'boss').customers.upsert({ id: 'c', name: 'C' });
    await expect(h.as('acme', 'intern').reminders.create({ customerId: 'c', at: '2026-12-01T10:00:00Z', note: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await h.as('acme', 'intern').reminders.list()).toEqual([]);
  });

  it('an invalid actor is refused', () => {
    const { tickler } = harness();
    expect(() => tickler.as({ tenantId: '', userId: 'u', roles: [] })).toThrow(ValidationError);
    expect(() => tickler.as({ tenantId: 't', userId: 'u', roles: 'admin' } as never)).toThrow(/actor.roles/);
  });
});
