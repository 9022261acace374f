import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from 'tickler';
import { harness, recordEvents, snapshotTenant } from '../support/harness';

async function setup() {
  const h = harness();
  await h.admin.customers.upsert({ id: 'c-1', name: 'One', timezone: 'Europe/Paris' });
  const mine = await h.agent.reminders.create({ customerId: 'c-1', at: { local: '2026-12-01T10:00' }, note: 'Mine' });
  const assigned = await h.manager.reminders.create({ customerId: 'c-1', at: { local: '2026-12-02T10:00' }, note: 'Assigned to agent', assignee: 'u-agent' });
  const others = await h.manager.reminders.create({ customerId: 'c-1', at: { local: '2026-12-03T10:00' }, note: 'Not the agent’s' });
  return { ...h, mine, assigned, others };
}

describe('reminders.update', () => {
  it('changes time (in the reminder zone), note and assignee; audits before and after; emits the changed fields', async () => {
    const { tickler, agent, mine, store } = await setup();
    const events = recordEvents(tickler, 'reminder.updated');
    const updated = await agent.reminders.update(mine.id, { at: { local: '2026-12-05T15:30' }, note: 'Moved', assignee: 'u-agent-2' });
    expect(updated).toMatchObject({ note: 'Moved', assignee: 'u-agent-2', zone: 'Europe/Paris', version: 2 });
    expect(updated.dueAt.toISOString()).toBe('2026-12-05T14:30:00.000Z');
    expect(events[0]?.payload).toMatchObject({ changed: ['dueAt', 'note', 'assignee'] });
    const [entry] = await agent.audit.list({ action: 'reminder.updated' });
    expect(entry?.before).toMatchObject({ note: 'Mine', dueAt: '2026-12-01T09:00:00.000Z' });
    expect(entry?.after).toMatchObject({ note: 'Moved', dueAt: '2026-12-05T14:30:00.000Z' });
    expect((await store.jobs.get('acme', `reminder:${mine.id}`))?.runAt.toISOString()).toBe('2026-12-05T14:30:00.000Z');
  });

  it('an unchanged patch changes nothing and emits nothing', async () => {
    const { tickler, agent, mine, store } = await setup();
    const events = recordEvents(tickler, 'reminder.updated');
    const before = await snapshotTenant(store, 'acme');
    expect(await agent.reminders.update(mine.id, { note: 'Mine' })).toEqual(mine);
    expect(events).toEqual([]);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });

  it.each([
    [{ note: '' }, 'note'],
    [{ note: 'x'.repeat(5001) }, 'note'],
    [{ at: 'tomorrow' }, 'at'],
    [{ at: { local: '2026-12-01T10:00', zone: 'Nowhere/City' } }, 'at.zone'],
    [{ recurrence: 'FREQ=NEVER' }, 'recurrence'],
    [{ assignee: 5 }, 'assignee'],
    [{ customerId: 'c-2' }, ''],
  ])('refuses %j naming %j and changes nothing', async (patch, path) => {
    const { agent, mine, store } = await setup();
    const before = await snapshotTenant(store, 'acme');
    const error = await agent.reminders.update(mine.id, patch as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });

  it('lets an agent edit what it created or is assigned to, and nothing else', async () => {
    const { agent, viewer, mine, assigned, others, store } = await setup();
    await agent.reminders.update(mine.id, { note: 'ok 1' });
    await agent.reminders.update(assigned.id, { note: 'ok 2' });
    const before = await snapshotTenant(store, 'acme');
    for (const call of [
      () => agent.reminders.update(others.id, { note: 'no' }),
      () => agent.reminders.complete(others.id),
      () => agent.reminders.cancel(others.id),
      () => agent.reminders.remove(others.id),
      () => viewer.reminders.update(mine.id, { note: 'no' }),
      () => viewer.reminders.remove(mine.id),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
    expect((await viewer.reminders.get(others.id)).note).toBe('Not the agent’s');
  });

  it('does not move a done reminder', async () => {
    const { agent, mine } = await setup();
    await agent.reminders.complete(mine.id);
    await expect(agent.reminders.update(mine.id, { at: '2027-01-01T10:00:00Z' })).rejects.toBeInstanceOf(ConflictError);
    expect((await agent.reminders.update(mine.id, { note: 'Notes can still change' })).note).toBe('Notes can still change');
  });
});

describe('reminders.complete, cancel and remove', () => {
  it('complete marks it done, stops its timer, audits and emits; completing twice is a no-op', async () => {
    const { tickler, agent, mine, store, clock } = await setup();
    const events = recordEvents(tickler, 'reminder.completed');
    const done = await agent.reminders.complete(mine.id);
    expect(done).toMatchObject({ status: 'done', closedBy: 'u-agent', closedAt: clock.now() });
    expect(await store.jobs.get('acme', `reminder:${mine.id}`)).toBeNull();
    expect(await agent.reminders.complete(mine.id)).toEqual(done);
    expect(events).toHaveLength(1);
    await expect(agent.reminders.cancel(mine.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('cancel keeps it in history as cancelled', async () => {
    const { agent, assigned } = await setup();
    await agent.reminders.cancel(assigned.id);
    expect((await agent.reminders.list({ when: 'past' })).map((r) => [r.id, r.status])).toEqual([[assigned.id, 'cancelled']]);
  });

  it('remove deletes it and its timer; the audit keeps what it was', async () => {
    const { tickler, agent, mine, store } = await setup();
    const events = recordEvents(tickler, 'reminder.removed');
    await agent.reminders.remove(mine.id);
    await expect(agent.reminders.get(mine.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.jobs.get('acme', `reminder:${mine.id}`)).toBeNull();
    expect(events).toHaveLength(1);
    const [entry] = await agent.audit.list({ action: 'reminder.removed' });
    expect(entry).toMatchObject({ entityId: mine.id, after: null, before: { note: 'Mine' } });
    await expect(agent.reminders.remove(mine.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('tenants never see each other', () => {
  it('get, update, complete, cancel, remove and list of another tenant’s reminder are NotFound, and change nothing', async () => {
    const { rival, mine, store } = await setup();
    const before = await snapshotTenant(store, 'acme');
    for (const call of [
      () => rival.reminders.get(mine.id),
      () => rival.reminders.update(mine.id, { note: 'hijacked' }),
      () => rival.reminders.complete(mine.id),
      () => rival.reminders.cancel(mine.id),
      () => rival.reminders.remove(mine.id),
      () => rival.reminders.list({ customerId: 'c-1' }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await rival.reminders.list()).toEqual([]);
    expect(await rival.reminders.indicators(['c-1'])).toEqual({ 'c-1': { upcoming: false, nextDueAt: null } });
    expect(await rival.audit.list()).toEqual([]);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });
});

describe('reminders.list and indicators', () => {
  it('lists upcoming and past by due time, per customer or assignee', async () => {
    const { agent, admin, clock, mine, assigned, others } = await setup();
    await admin.customers.upsert({ id: 'c-2', name: 'Two' });
    const other = await agent.reminders.create({ customerId: 'c-2', at: '2026-12-01T12:00:00Z', note: 'c-2' });
    expect((await agent.reminders.list({ customerId: 'c-1' })).map((r) => r.id)).toEqual([mine.id, assigned.id, others.id]);
    expect((await agent.reminders.list({ assignee: 'u-agent' })).map((r) => r.id)).toEqual([assigned.id]);
    clock.set('2026-12-02T12:00:00Z');
    expect((await agent.reminders.list({ when: 'upcoming' })).map((r) => r.id)).toEqual([others.id]);
    expect((await agent.reminders.list({ when: 'past' })).map((r) => r.id)).toEqual([mine.id, other.id, assigned.id]);
    expect((await agent.reminders.list({ when: 'all', limit: 2 })).map((r) => r.id)).toEqual([mine.id, other.id]);
    await expect(agent.reminders.list({ when: 'soon' as never })).rejects.toMatchObject({ path: 'when' });
  });

  it('indicators tell which customers have an upcoming reminder, and when', async () => {
    const { agent, admin, clock, others } = await setup();
    await admin.customers.upsert({ id: 'c-2', name: 'Two' });
    const r = await agent.reminders.indicators(['c-1', 'c-2', 'unknown']);
    expect(r).toEqual({
      'c-1': { upcoming: true, nextDueAt: new Date('2026-12-01T09:00:00Z') },
      'c-2': { upcoming: false, nextDueAt: null },
      unknown: { upcoming: false, nextDueAt: null },
    });
    clock.set('2026-12-02T12:00:00Z');
    expect((await agent.reminders.indicators(['c-1']))['c-1']).toEqual({ upcoming: true, nextDueAt: others.dueAt });
    clock.set('2026-12-04T00:00:00Z');
    expect((await agent.reminders.indicators(['c-1']))['c-1']).toEqual({ upcoming: false, nextDueAt: null });
    await expect(agent.reminders.indicators('c-1' as never)).rejects.toMatchObject({ path: 'customerIds' });
  });
});
