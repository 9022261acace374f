import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, instantToWallTime, type TicklerEventMap } from 'tickler';
import { harness } from '../support/harness';

type Due = TicklerEventMap['reminder.due'];

function collectDue(tickler: ReturnType<typeof harness>['tickler']): Due[] {
  const seen: Due[] = [];
  tickler.on('reminder.due', (e) => void seen.push(e));
  return seen;
}

describe('runDue', () => {
  it('fires reminder.due once for each due reminder, and only once it is due', async () => {
    const { tickler, admin, clock } = harness({ start: '2026-11-23T08:00:00Z' });
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    const a = await admin.reminders.create({ customerId: 'c-1', at: '2026-11-23T09:00:00Z', note: 'a' });
    const b = await admin.reminders.create({ customerId: 'c-1', at: '2026-11-23T10:00:00Z', note: 'b' });
    expect((await tickler.runDue()).remindersFired).toBe(0);
    clock.set('2026-11-23T09:00:00Z');
    const first = await tickler.runDue();
    expect(first).toMatchObject({ claimed: 1, remindersFired: 1, remindersRescheduled: 0, failed: 0 });
    expect(first.fired.map((f) => f.reminderId)).toEqual([a.id]);
    expect((await tickler.runDue()).claimed).toBe(0);
    clock.advance({ hours: 5 });
    await tickler.runDue();
    expect(due.map((d) => d.reminder.id)).toEqual([a.id, b.id]);
    expect(due[0]).toMatchObject({ tenantId: 'acme', occurrence: a.dueAt, delivery: { attempt: 1 }, actor: { userId: 'tickler:scheduler' } });
    const fired = await admin.reminders.get(a.id);
    expect(fired).toMatchObject({ status: 'scheduled', fireCount: 1, lastFiredAt: new Date('2026-11-23T09:00:00Z') });
    expect((await admin.reminders.list({ when: 'past' })).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(await admin.reminders.indicators(['c-1'])).toEqual({ 'c-1': { upcoming: false, nextDueAt: null } });
    const audit = await admin.audit.list({ action: 'reminder.fired' });
    expect(audit.map((e) => e.entityId)).toEqual([a.id, b.id]);
    expect(audit[0]?.reason).toContain('attempt 1');
  });

  it('two concurrent runDue calls fire each due reminder exactly once', async () => {
    const { tickler, admin, clock } = harness({ start: '2026-11-23T08:00:00Z', scheduler: { batchSize: 7 } });
    const counts = new Map<string, number>();
    tickler.on('reminder.due', async (e) => {
      await new Promise((resolve) => setImmediate(resolve));
      counts.set(e.reminder.id, (counts.get(e.reminder.id) ?? 0) + 1);
    });
    for (let c = 0; c < 20; c++) await admin.customers.upsert({ id: `c-${c}`, name: `C${c}` });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      const r = await admin.reminders.create({ customerId: `c-${i % 20}`, at: new Date(Date.UTC(2026, 10, 23, 8, 0) + (i % 50) * 60_000), note: `r${i}` });
      ids.push(r.id);
    }
    clock.set('2026-11-23T12:00:00Z');
    const [one, two] = await Promise.all([tickler.runDue(), tickler.runDue()]);
    expect(one.remindersFired + two.remindersFired).toBe(300);
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(ids)).toEqual(new Set(counts.keys()));
    expect((await tickler.runDue()).claimed).toBe(0);
  });

  it('fires across tenants in one pass', async () => {
    const { tickler, admin, rival, clock } = harness();
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'c', name: 'A' });
    await rival.customers.upsert({ id: 'c', name: 'G' });
    await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'acme' });
    await rival.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'globex' });
    clock.set('2026-11-23T09:00:00Z');
    await tickler.runDue();
    expect(due.map((d) => [d.tenantId, d.reminder.note]).sort()).toEqual([['acme', 'acme'], ['globex', 'globex']]);
  });

  it('does not fire completed, cancelled or removed reminders', async () => {
    const { tickler, admin, clock } = harness();
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const done = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'done' });
    const cancelled = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'cancelled' });
    const removed = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'removed' });
    const kept = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'kept' });
    await admin.reminders.complete(done.id);
    await admin.reminders.cancel(cancelled.id);
    await admin.reminders.remove(removed.id);
    clock.set('2026-11-23T10:00:00Z');
    await tickler.runDue();
    expect(due.map((d) => d.reminder.id)).toEqual([kept.id]);
  });

  it('a moved reminder fires at its new time only', async () => {
    const { tickler, admin, clock } = harness();
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const r = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'x' });
    await admin.reminders.update(r.id, { at: '2026-11-24T09:00:00Z' });
    clock.set('2026-11-23T12:00:00Z');
    await tickler.runDue();
    expect(due).toEqual([]);
    clock.set('2026-11-24T09:00:00Z');
    await tickler.runDue();
    expect(due.map((d) => d.occurrence.toISOString())).toEqual(['2026-11-24T09:00:00.000Z']);
  });

  it('a handler that throws is reported, and the reminder still counts as fired (no retry storm)', async () => {
    const { tickler, admin, clock } = harness();
    const errors: string[] = [];
    tickler.on('error', (e) => void errors.push(e.message));
    tickler.on('reminder.due', () => {
      throw new Error('host handler bug');
    });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const r = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'x' });
    clock.set('2026-11-23T09:00:00Z');
    const summary = await tickler.runDue();
    expect(summary.remindersFired).toBe(1);
    expect(errors).toEqual([expect.stringContaining('host handler bug')]);
    expect((await admin.reminders.get(r.id)).fireCount).toBe(1);
    clock.advance({ hours: 2 });
    expect((await tickler.runDue()).claimed).toBe(0);
  });

  it('a reminder held by a worker that died is delivered again after the lease, with the same delivery id and the next attempt', async () => {
    const { tickler, admin, clock, store } = harness({ scheduler: { leaseMs: 60_000 } });
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const r = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'x' });
    clock.set('2026-11-23T09:00:00Z');
    // A worker claims the row, then dies before finishing it.
    const [dead] = await store.jobs.claimDue({ now: clock.now(), limit: 10, leaseMs: 60_000, owner: 'dead-worker' });
    expect(dead?.refId).toBe(r.id);
    expect((await tickler.runDue()).claimed).toBe(0);
    clock.advance({ seconds: 59 });
    expect((await tickler.runDue()).claimed).toBe(0);
    clock.advance({ seconds: 1 });
    const summary = await tickler.runDue();
    expect(summary.remindersFired).toBe(1);
    expect(due[0]?.delivery).toEqual({ id: dead?.deliveryId, attempt: 2 });
    expect(due[0]?.occurrence).toEqual(r.dueAt);
    // The dead worker, back from the grave, can no longer finish the row.
    expect(await store.jobs.complete(dead as NonNullable<typeof dead>)).toBe(false);
  });

  it('a reminder moved while its handlers ran is not overwritten by the firing', async () => {
    const { tickler, admin, clock } = harness();
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const r = await admin.reminders.create({ customerId: 'c', at: '2026-11-23T09:00:00Z', note: 'x' });
    tickler.on('reminder.due', async (e) => {
      await admin.reminders.update(e.reminder.id, { at: '2026-11-30T09:00:00Z', note: 'moved by the handler' });
    });
    clock.set('2026-11-23T09:00:00Z');
    const summary = await tickler.runDue();
    expect(summary.superseded).toBe(1);
    const after = await admin.reminders.get(r.id);
    expect(after).toMatchObject({ note: 'moved by the handler', dueAt: new Date('2026-11-30T09:00:00Z'), fireCount: 0 });
    expect(await admin.reminders.indicators(['c'])).toEqual({ c: { upcoming: true, nextDueAt: new Date('2026-11-30T09:00:00Z') } });
  });
});

describe('recurring reminders', () => {
  it('every Monday 10:00 Europe/Paris fires at 10:00 local across the EU and US DST changes', async () => {
    const { tickler, admin, clock } = harness({ start: '2026-03-01T00:00:00Z' });
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'paris', name: 'Paris', timezone: 'Europe/Paris' });
    await admin.customers.upsert({ id: 'ny', name: 'New York', timezone: 'America/New_York' });
    await admin.reminders.create({ customerId: 'paris', at: { local: '2026-03-02T10:00' }, note: 'Weekly Paris', recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
    await admin.reminders.create({ customerId: 'ny', at: { local: '2026-03-02T10:00' }, note: 'Weekly NY', recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
    // Walk hour by hour through March and early April; each occurrence fires on its hour.
    for (let h = 0; h < 40 * 24; h++) {
      clock.advance({ hours: 1 });
      await tickler.runDue();
    }
    const seen = (zoneNote: string, zone: string) =>
      due.filter((d) => d.reminder.note === zoneNote).map((d) => [formatLocalDateTime(instantToWallTime(d.occurrence, zone)), d.occurrence.toISOString()]);
    expect(seen('Weekly Paris', 'Europe/Paris')).toEqual([
      ['2026-03-02T10:00', '2026-03-02T09:00:00.000Z'],
      ['2026-03-09T10:00', '2026-03-09T09:00:00.000Z'],
      ['2026-03-16T10:00', '2026-03-16T09:00:00.000Z'],
      ['2026-03-23T10:00', '2026-03-23T09:00:00.000Z'],
      ['2026-03-30T10:00', '2026-03-30T08:00:00.000Z'], // after the EU change on 29 March
      ['2026-04-06T10:00', '2026-04-06T08:00:00.000Z'],
    ]);
    expect(seen('Weekly NY', 'America/New_York')).toEqual([
      ['2026-03-02T10:00', '2026-03-02T15:00:00.000Z'],
      ['2026-03-09T10:00', '2026-03-09T14:00:00.000Z'], // after the US change on 8 March
      ['2026-03-16T10:00', '2026-03-16T14:00:00.000Z'],
      ['2026-03-23T10:00', '2026-03-23T14:00:00.000Z'],
      ['2026-03-30T10:00', '2026-03-30T14:00:00.000Z'],
      ['2026-04-06T10:00', '2026-04-06T14:00:00.000Z'],
    ]);
  });

  it('moves to the next occurrence after firing, stays upcoming, and skips occurrences missed while nothing ran', async () => {
    const { tickler, admin, clock } = harness({ start: '2026-11-01T00:00:00Z' });
    const due = collectDue(tickler);
    await admin.customers.upsert({ id: 'c', name: 'C', timezone: 'UTC' });
    const r = await admin.reminders.create({ customerId: 'c', at: { local: '2026-11-02T10:00' }, note: 'Weekly', recurrence: 'FREQ=WEEKLY;BYDAY=MO' });
    clock.set('2026-11-02T10:00:00Z');
    const summary = await tickler.runDue();
    expect(summary).toMatchObject({ remindersFired: 1, remindersRescheduled: 1 });
    expect((await admin.reminders.get(r.id)).dueAt).toEqual(new Date('2026-11-09T10:00:00Z'));
    expect(await admin.reminders.indicators(['c'])).toEqual({ c: { upcoming: true, nextDueAt: new Date('2026-11-09T10:00:00Z') } });
    // Nothing runs for three weeks: one firing for the missed ones, then the next future Monday.
    clock.set('2026-11-26T12:00:00Z');
    await tickler.runDue();
    expect(due.map((d) => d.occurrence.toISOString())).toEqual(['2026-11-02T10:00:00.000Z', '2026-11-09T10:00:00.000Z']);
    expect((await admin.reminders.get(r.id)).dueAt).toEqual(new Date('2026-11-30T10:00:00Z'));
  });

  it('ends when COUNT is reached; completing ends the series', async () => {
    const { tickler, admin, clock } = harness({ start: '2026-11-01T00:00:00Z' });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const counted = await admin.reminders.create({ customerId: 'c', at: { local: '2026-11-02T10:00' }, note: 'Twice', recurrence: 'FREQ=DAILY;COUNT=2' });
    const series = await admin.reminders.create({ customerId: 'c', at: { local: '2026-11-02T10:00' }, note: 'Daily', recurrence: 'FREQ=DAILY' });
    for (let d = 0; d < 4; d++) {
      clock.set(new Date(Date.UTC(2026, 10, 2 + d, 10)));
      await tickler.runDue();
      if (d === 1) await admin.reminders.complete(series.id);
    }
    expect((await admin.reminders.get(counted.id)).fireCount).toBe(2);
    expect((await admin.reminders.get(series.id)).fireCount).toBe(2);
  });
});
