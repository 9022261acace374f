import { expect } from 'vitest';
import type { ContractCase } from '../../storage/contract/contract-case';
import { customerRow, minutesAfter, reminderRow, uniqueId } from '../../storage/contract/fixtures';

const NOW = new Date('2026-03-01T12:00:00.000Z');

/** Contract cases for reminders and indicators. */
export const reminderCases: ContractCase[] = [
  {
    name: 'reminders: insert then get returns an equal record',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      const row = reminderRow(tenant, 'c-1', NOW, {
        recurrence: 'FREQ=WEEKLY;BYDAY=MO',
        seriesStart: '2026-03-02T10:00',
        assignee: 'u-2',
        lastFiredAt: minutesAfter(NOW, -5),
        fireCount: 3,
        note: 'Ünïcödé ✓ and "quotes"',
      });
      await store.reminders.insert(row);
      expect(await store.reminders.get(tenant, row.id)).toEqual(row);
      expect(await store.reminders.get(uniqueId('t'), row.id)).toBeNull();
      const other = reminderRow(tenant, 'c-1', NOW);
      await store.reminders.insert(other);
      const many = await store.reminders.getMany(tenant, [row.id, 'missing', other.id, row.id]);
      expect(many.map((r) => r.id).sort()).toEqual([row.id, other.id].sort());
      expect(many.find((r) => r.id === row.id)).toEqual(row);
      expect(await store.reminders.getMany(uniqueId('t'), [row.id])).toEqual([]);
      expect(await store.reminders.getMany(tenant, [])).toEqual([]);
    },
  },
  {
    name: 'reminders: a reminder for a missing customer is refused and nothing stored',
    async run(store) {
      const tenant = uniqueId('t');
      const other = uniqueId('t');
      await store.customers.insert(customerRow(other, 'c-1'));
      const row = reminderRow(tenant, 'c-1', NOW);
      await expect(store.reminders.insert(row)).rejects.toThrow();
      expect(await store.reminders.get(tenant, row.id)).toBeNull();
    },
  },
  {
    name: 'reminders: update applies only at the expected version; remove deletes',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      const row = reminderRow(tenant, 'c-1', NOW);
      await store.reminders.insert(row);
      expect(await store.reminders.update({ ...row, note: 'stale', version: 2 }, 5)).toBe(false);
      expect(await store.reminders.update({ ...row, note: 'fresh', status: 'done', closedAt: NOW, closedBy: 'u-1', version: 2 }, 1)).toBe(true);
      expect(await store.reminders.get(tenant, row.id)).toMatchObject({ note: 'fresh', status: 'done', closedAt: NOW, closedBy: 'u-1', version: 2 });
      expect(await store.reminders.remove(tenant, row.id)).toBe(true);
      expect(await store.reminders.remove(tenant, row.id)).toBe(false);
      expect(await store.reminders.get(tenant, row.id)).toBeNull();
    },
  },
  {
    name: 'reminders: updateMany replaces each reminder only at its expected version',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      const rows = [reminderRow(tenant, 'c-1', NOW), reminderRow(tenant, 'c-1', NOW), reminderRow(tenant, 'c-1', NOW)];
      for (const r of rows) await store.reminders.insert(r);
      const [a, b, c] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
      const fired = minutesAfter(NOW, 1);
      const result = await store.reminders.updateMany([
        { reminder: { ...a, lastFiredAt: fired, fireCount: 1, version: 2 }, expectedVersion: 1 },
        { reminder: { ...b, note: 'stale', version: 6 }, expectedVersion: 5 },
        { reminder: { ...c, dueAt: minutesAfter(NOW, 60), version: 2 }, expectedVersion: 1 },
      ]);
      expect(result).toEqual([true, false, true]);
      expect(await store.reminders.get(tenant, a.id)).toEqual({ ...a, lastFiredAt: fired, fireCount: 1, version: 2 });
      expect(await store.reminders.get(tenant, b.id)).toEqual(b);
      expect((await store.reminders.get(tenant, c.id))?.dueAt).toEqual(minutesAfter(NOW, 60));
      expect(await store.reminders.updateMany([])).toEqual([]);
    },
  },
  {
    name: 'reminders: recordFirings records each firing only at its expected version, changing nothing else',
    async run(store) {
      const record = store.reminders.recordFirings?.bind(store.reminders);
      if (record === undefined) return; // an optional capability
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      const rows = [reminderRow(tenant, 'c-1', NOW), reminderRow(tenant, 'c-1', NOW), reminderRow(tenant, 'c-1', NOW)];
      for (const r of rows) await store.reminders.insert(r);
      const [a, b, c] = rows as [typeof rows[0], typeof rows[0], typeof rows[0]];
      const fired = minutesAfter(NOW, 1);
      const saved = minutesAfter(NOW, 2);
      const next = minutesAfter(NOW, 60 * 24);
      const result = await record([
        { tenantId: tenant, id: a.id, expectedVersion: 1, firedAt: fired, updatedAt: saved, dueAt: a.dueAt },
        { tenantId: tenant, id: b.id, expectedVersion: 5, firedAt: fired, updatedAt: saved, dueAt: b.dueAt },
        { tenantId: tenant, id: c.id, expectedVersion: 1, firedAt: fired, updatedAt: saved, dueAt: next },
        { tenantId: uniqueId('t'), id: a.id, expectedVersion: 1, firedAt: fired, updatedAt: saved, dueAt: a.dueAt },
      ]);
      expect(result).toEqual([true, false, true, false]);
      expect(await store.reminders.get(tenant, a.id)).toEqual({ ...a, lastFiredAt: fired, updatedAt: saved, fireCount: 1, version: 2 });
      expect(await store.reminders.get(tenant, b.id)).toEqual(b);
      expect(await store.reminders.get(tenant, c.id)).toEqual({ ...c, lastFiredAt: fired, updatedAt: saved, dueAt: next, fireCount: 1, version: 2 });
      expect(await record([])).toEqual([]);
    },
  },
  {
    name: 'reminders: list filters by customer, assignee and upcoming/past, sorted by due time',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      await store.customers.insert(customerRow(tenant, 'c-2'));
      const future2 = reminderRow(tenant, 'c-1', minutesAfter(NOW, 120), { assignee: 'u-1' });
      const future1 = reminderRow(tenant, 'c-1', minutesAfter(NOW, 60));
      const pastDue = reminderRow(tenant, 'c-1', minutesAfter(NOW, -60), { assignee: 'u-1' });
      const doneFuture = reminderRow(tenant, 'c-1', minutesAfter(NOW, 30), { status: 'done' });
      const atNow = reminderRow(tenant, 'c-1', NOW);
      const otherCustomer = reminderRow(tenant, 'c-2', minutesAfter(NOW, 10), { assignee: 'u-1' });
      for (const r of [future2, future1, pastDue, doneFuture, atNow, otherCustomer]) await store.reminders.insert(r);
      const ids = async (f: Partial<Parameters<typeof store.reminders.list>[1]>) =>
        (await store.reminders.list(tenant, { when: 'all', now: NOW, limit: 100, ...f })).map((r) => r.id);
      expect(await ids({ customerId: 'c-1' })).toEqual([pastDue.id, atNow.id, doneFuture.id, future1.id, future2.id]);
      expect(await ids({ customerId: 'c-1', when: 'upcoming' })).toEqual([future1.id, future2.id]);
      expect(await ids({ customerId: 'c-1', when: 'past' })).toEqual([pastDue.id, atNow.id, doneFuture.id]);
      expect(await ids({ assignee: 'u-1' })).toEqual([pastDue.id, otherCustomer.id, future2.id]);
      expect(await ids({ when: 'upcoming' })).toEqual([otherCustomer.id, future1.id, future2.id]);
      expect(await ids({ customerId: 'c-1', limit: 2 })).toEqual([pastDue.id, atNow.id]);
      expect(await store.reminders.list(uniqueId('t'), { when: 'all', now: NOW, limit: 100 })).toEqual([]);
      expect((await store.reminders.idsOfCustomer(tenant, 'c-2')).sort()).toEqual([otherCustomer.id]);
    },
  },
  {
    name: 'reminders: indicators give the next upcoming scheduled reminder per customer',
    async run(store) {
      const tenant = uniqueId('t');
      for (const id of ['c-1', 'c-2', 'c-3', 'c-4']) await store.customers.insert(customerRow(tenant, id));
      const rows = [
        reminderRow(tenant, 'c-1', minutesAfter(NOW, 90)),
        reminderRow(tenant, 'c-1', minutesAfter(NOW, 30)),
        reminderRow(tenant, 'c-1', minutesAfter(NOW, -30)),
        reminderRow(tenant, 'c-2', minutesAfter(NOW, -5)),
        reminderRow(tenant, 'c-2', NOW),
        reminderRow(tenant, 'c-3', minutesAfter(NOW, 10), { status: 'done' }),
        reminderRow(tenant, 'c-3', minutesAfter(NOW, 20), { status: 'cancelled' }),
      ];
      for (const r of rows) await store.reminders.insert(r);
      const other = uniqueId('t');
      await store.customers.insert(customerRow(other, 'c-4'));
      await store.reminders.insert(reminderRow(other, 'c-4', minutesAfter(NOW, 5)));
      const result = await store.reminders.indicators(tenant, ['c-1', 'c-2', 'c-3', 'c-4', 'nobody'], NOW);
      expect(result.get('c-1')).toEqual({ upcoming: true, nextDueAt: minutesAfter(NOW, 30) });
      expect(result.get('c-2') ?? { upcoming: false, nextDueAt: null }).toEqual({ upcoming: false, nextDueAt: null });
      expect(result.get('c-3') ?? { upcoming: false, nextDueAt: null }).toEqual({ upcoming: false, nextDueAt: null });
      expect(result.get('c-4') ?? { upcoming: false, nextDueAt: null }).toEqual({ upcoming: false, nextDueAt: null });
      expect(result.get('nobody') ?? { upcoming: false, nextDueAt: null }).toEqual({ upcoming: false, nextDueAt: null });
      expect((await store.reminders.indicators(tenant, [], NOW)).size).toBe(0);
    },
  },
];
