import { expect } from 'vitest';
import type { ContractCase } from '../../storage/contract/contract-case';
import { automationRow, automationRunRow, customerRow, minutesAfter, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

/** Contract cases for automations, their runs and customers' activity. */
export const automationCases: ContractCase[] = [
  {
    name: 'automations: insert then get returns an equal record; a taken id is refused',
    async run(store) {
      const t = uniqueId('t');
      const full = automationRow(t, 'a-1', {
        trigger: { type: 'schedule', rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '2026-01-05T09:00', zone: 'Europe/Paris' },
        wait: { type: 'until', field: 'customer.fields.renewalAt', offset: '-P7D' },
        then: [
          { type: 'sendMessage', channel: 'email', template: 'renewal', variables: { plan: 'gold', seats: 3, extra: null, list: [1, 'two'] } },
          { type: 'notify', channel: 'slack', users: ['u-1'], roles: ['sales'], customerAssignees: true, addresses: [], template: null, text: 'Renewal for {{ customer.name }}', subject: null },
          { type: 'hostAction', name: 'crm.sync', params: { deep: { ok: true } } },
        ],
        rotation: {},
      });
      const bare = automationRow(t, 'a-2', { name: null, enabled: false, trigger: { type: 'inactivity', days: 30, activity: null }, if: null, wait: null, unless: null, then: [] });
      expect(await store.automations.insert(full)).toBe(true);
      expect(await store.automations.insert(bare)).toBe(true);
      expect(await store.automations.get(t, 'a-1')).toEqual(full);
      expect(await store.automations.get(t, 'a-2')).toEqual(bare);
      expect(await store.automations.insert(automationRow(t, 'a-1', { name: 'Second' }))).toBe(false);
      expect(await store.automations.get(t, 'a-1')).toEqual(full);
      expect(await store.automations.get(t, 'missing')).toBeNull();
    },
  },
  {
    name: 'automations: the same id in two tenants is two automations',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      await store.automations.insert(automationRow(a, 'a-1', { name: 'In A' }));
      expect(await store.automations.get(b, 'a-1')).toBeNull();
      expect(await store.automations.list(b)).toEqual([]);
      expect(await store.automations.update(automationRow(b, 'a-1', { version: 2 }), 1)).toBe(false);
      expect(await store.automations.remove(b, 'a-1')).toBe(false);
      expect(await store.automations.insert(automationRow(b, 'a-1', { name: 'In B' }))).toBe(true);
      expect((await store.automations.get(a, 'a-1'))?.name).toBe('In A');
      expect((await store.automations.get(b, 'a-1'))?.name).toBe('In B');
    },
  },
  {
    name: 'automations: update applies only at the expected version',
    async run(store) {
      const t = uniqueId('t');
      const row = automationRow(t, 'a-1');
      await store.automations.insert(row);
      const changed = { ...row, enabled: false, if: null, rotation: { sales: 3, support: 0 }, updatedAt: T, version: 2 };
      expect(await store.automations.update(changed, 7)).toBe(false);
      expect(await store.automations.get(t, 'a-1')).toEqual(row);
      expect(await store.automations.update(changed, 1)).toBe(true);
      expect(await store.automations.update({ ...changed, name: 'Again', version: 3 }, 1)).toBe(false);
      expect(await store.automations.get(t, 'a-1')).toEqual(changed);
      expect(await store.automations.update(automationRow(t, 'missing', { version: 2 }), 1)).toBe(false);
    },
  },
  {
    name: 'automations: list is by id, per tenant; returned rows are copies',
    async run(store) {
      const t = uniqueId('t');
      for (const id of ['a-3', 'a-1', 'a-2']) await store.automations.insert(automationRow(t, id));
      await store.automations.insert(automationRow(uniqueId('t'), 'a-0'));
      expect((await store.automations.list(t)).map((a) => a.id)).toEqual(['a-1', 'a-2', 'a-3']);
      const first = await store.automations.get(t, 'a-1');
      first?.then.push({ type: 'setStatus', status: 'mutated' });
      if (first !== null) first.rotation['sales'] = 99;
      expect(await store.automations.get(t, 'a-1')).toEqual(automationRow(t, 'a-1'));
    },
  },
  {
    name: 'automations: remove deletes the automation and keeps its runs',
    async run(store) {
      const t = uniqueId('t');
      await store.automations.insert(automationRow(t, 'a-1'));
      await store.automations.insert(automationRow(t, 'a-2'));
      const run = automationRunRow(t, 'a-1', null);
      await store.automationRuns.insert(run);
      expect(await store.automations.remove(t, 'a-1')).toBe(true);
      expect(await store.automations.get(t, 'a-1')).toBeNull();
      expect(await store.automations.remove(t, 'a-1')).toBe(false);
      expect((await store.automations.list(t)).map((a) => a.id)).toEqual(['a-2']);
      expect(await store.automationRuns.get(t, run.id)).toEqual(run);
      expect((await store.automationRuns.list(t, { automationId: 'a-1', limit: 10 })).map((r) => r.id)).toEqual([run.id]);
    },
  },
  {
    name: 'automation runs: insert then get returns an equal record, any JSON kept exactly; a taken id is refused',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const withCustomer = automationRunRow(t, 'a-1', 'c-1', {
        facts: { event: { n: 1.5, big: 9_007_199_254_740_991, neg: -3, text: 'é "quoted" \\ ✓', empty: {}, none: [] }, customer: null },
        result: { reminders: ['r-1', 'r-2'], messages: [] },
        depth: 2,
        status: 'done',
        reason: 'because',
        startedBy: 'u-1',
        trigger: 'manual',
        runAt: T,
        updatedAt: minutesAfter(T, 5),
      });
      const arrays = automationRunRow(t, 'a-1', null, { facts: [1, 'two', null, [true, false], { x: [] }], result: [] });
      const scalars = automationRunRow(t, 'a-2', null, { facts: null, result: 'text', status: 'stopped', reason: 'depth' });
      const numbers = automationRunRow(t, 'a-2', null, { facts: 0, result: false });
      for (const r of [withCustomer, arrays, scalars, numbers]) {
        expect(await store.automationRuns.insert(r)).toBe(true);
        expect(await store.automationRuns.get(t, r.id)).toEqual(r);
      }
      // A deterministic id is how a repeatable trigger runs once: the second insert is refused.
      expect(await store.automationRuns.insert({ ...arrays, status: 'failed', facts: { other: true } })).toBe(false);
      expect(await store.automationRuns.get(t, arrays.id)).toEqual(arrays);
      expect(await store.automationRuns.get(t, 'missing')).toBeNull();
      expect(await store.automationRuns.get(uniqueId('t'), withCustomer.id)).toBeNull();
    },
  },
  {
    name: 'automation runs: the same id in two tenants is two runs',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      const inA = automationRunRow(a, 'a-1', null, { id: 'run-1', trigger: 'in-a' });
      const inB = automationRunRow(b, 'a-1', null, { id: 'run-1', trigger: 'in-b' });
      expect(await store.automationRuns.insert(inA)).toBe(true);
      expect(await store.automationRuns.update({ ...inB, version: 2 }, 1)).toBe(false);
      expect(await store.automationRuns.insert(inB)).toBe(true);
      expect(await store.automationRuns.get(a, 'run-1')).toEqual(inA);
      expect(await store.automationRuns.get(b, 'run-1')).toEqual(inB);
      expect((await store.automationRuns.list(a, { limit: 10 })).map((r) => r.trigger)).toEqual(['in-a']);
    },
  },
  {
    name: 'automation runs: concurrent inserts of one id: exactly one succeeds',
    async run(store) {
      const t = uniqueId('t');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.transaction(async (tx) => tx.automationRuns.insert(automationRunRow(t, 'a-1', null, { id: 'occurrence-1', depth: i })))),
      );
      expect(results.filter(Boolean).length).toBe(1);
      expect((await store.automationRuns.list(t, { limit: 10 })).length).toBe(1);
    },
  },
  {
    name: 'automation runs: update applies only at the expected version',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const row = automationRunRow(t, 'a-1', 'c-1');
      await store.automationRuns.insert(row);
      const done = { ...row, status: 'done' as const, result: { reminders: ['r-9'] }, facts: [], updatedAt: T, version: 2 };
      expect(await store.automationRuns.update(done, 5)).toBe(false);
      expect(await store.automationRuns.get(t, row.id)).toEqual(row);
      expect(await store.automationRuns.update(done, 1)).toBe(true);
      expect(await store.automationRuns.update({ ...done, status: 'failed', version: 3 }, 1)).toBe(false);
      expect(await store.automationRuns.get(t, row.id)).toEqual(done);
      const cleared = { ...done, result: null, reason: 'undone', version: 3 };
      expect(await store.automationRuns.update(cleared, 2)).toBe(true);
      expect(await store.automationRuns.get(t, row.id)).toEqual(cleared);
      expect(await store.automationRuns.update(automationRunRow(t, 'a-1', null, { version: 2 }), 1)).toBe(false);
    },
  },
  {
    name: 'automation runs: list is newest first (ties by id, descending), filtered and limited',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const rows = [
        automationRunRow(t, 'a-1', 'c-1', { id: 'run-a', createdAt: minutesAfter(T, 1), status: 'done' }),
        automationRunRow(t, 'a-1', 'c-2', { id: 'run-c', createdAt: minutesAfter(T, 3) }),
        automationRunRow(t, 'a-2', 'c-1', { id: 'run-b', createdAt: minutesAfter(T, 2), status: 'cancelled' }),
        automationRunRow(t, 'a-1', 'c-1', { id: 'run-d', createdAt: minutesAfter(T, 3) }),
        automationRunRow(t, 'a-2', null, { id: 'run-e', createdAt: minutesAfter(T, 4), status: 'done' }),
        automationRunRow(t, 'a-1', 'c-1', { id: 'run-f', createdAt: minutesAfter(T, 0) }),
      ];
      for (const r of rows) await store.automationRuns.insert(r);
      const other = uniqueId('t');
      await store.customers.insert(customerRow(other, 'c-1'));
      await store.automationRuns.insert(automationRunRow(other, 'a-1', 'c-1', { id: 'run-z', createdAt: minutesAfter(T, 9) }));
      const ids = async (filter: Parameters<typeof store.automationRuns.list>[1]) => (await store.automationRuns.list(t, filter)).map((r) => r.id);
      expect(await ids({ limit: 10 })).toEqual(['run-e', 'run-d', 'run-c', 'run-b', 'run-a', 'run-f']);
      expect(await ids({ limit: 10, automationId: 'a-1' })).toEqual(['run-d', 'run-c', 'run-a', 'run-f']);
      expect(await ids({ limit: 10, customerId: 'c-1' })).toEqual(['run-d', 'run-b', 'run-a', 'run-f']);
      expect(await ids({ limit: 10, status: 'done' })).toEqual(['run-e', 'run-a']);
      expect(await ids({ limit: 10, status: 'waiting' })).toEqual(['run-d', 'run-c', 'run-f']);
      expect(await ids({ limit: 10, automationId: 'a-2', customerId: 'c-1' })).toEqual(['run-b']);
      expect(await ids({ limit: 10, automationId: 'a-1', customerId: 'c-1', status: 'waiting' })).toEqual(['run-d', 'run-f']);
      expect(await ids({ limit: 10, automationId: 'a-9' })).toEqual([]);
      expect(await ids({ limit: 10, customerId: 'c-9' })).toEqual([]);
      expect(await ids({ limit: 2 })).toEqual(['run-e', 'run-d']);
      expect(await ids({ limit: 1, customerId: 'c-1' })).toEqual(['run-d']);
      expect(await store.automationRuns.list(t, { limit: 1, status: 'done' })).toEqual([rows[4]]);
      expect(await store.automationRuns.list(uniqueId('t'), { limit: 10 })).toEqual([]);
    },
  },
  {
    name: 'activities: record keeps the later time and returns it; a late earlier record does not move it back',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const at = (minutes: number) => ({ tenantId: t, customerId: 'c-1', kind: 'purchase', at: minutesAfter(T, minutes) });
      expect(await store.activities.record(at(10))).toEqual(minutesAfter(T, 10));
      expect(await store.activities.record(at(20))).toEqual(minutesAfter(T, 20));
      expect(await store.activities.record(at(15))).toEqual(minutesAfter(T, 20));
      expect(await store.activities.last(t, 'c-1', 'purchase')).toEqual(minutesAfter(T, 20));
      expect(await store.activities.record(at(20))).toEqual(minutesAfter(T, 20));
      const returned = await store.activities.record(at(30));
      expect(returned).toBeInstanceOf(Date);
      expect(returned).toEqual(minutesAfter(T, 30));
      expect(await store.activities.last(t, 'c-1', 'purchase')).toEqual(minutesAfter(T, 30));
    },
  },
  {
    name: 'activities: last of a kind or of any kind, null when none, per customer and tenant',
    async run(store) {
      const t = uniqueId('t');
      const other = uniqueId('t');
      for (const id of ['c-1', 'c-2']) await store.customers.insert(customerRow(t, id));
      await store.customers.insert(customerRow(other, 'c-1'));
      expect(await store.activities.last(t, 'c-1', null)).toBeNull();
      expect(await store.activities.last(t, 'c-1', 'login')).toBeNull();
      await store.activities.record({ tenantId: t, customerId: 'c-1', kind: 'purchase', at: minutesAfter(T, 5) });
      await store.activities.record({ tenantId: t, customerId: 'c-1', kind: 'login', at: minutesAfter(T, 50) });
      await store.activities.record({ tenantId: t, customerId: 'c-2', kind: 'login', at: minutesAfter(T, 90) });
      await store.activities.record({ tenantId: other, customerId: 'c-1', kind: 'purchase', at: minutesAfter(T, 99) });
      expect(await store.activities.last(t, 'c-1', 'purchase')).toEqual(minutesAfter(T, 5));
      expect(await store.activities.last(t, 'c-1', 'login')).toEqual(minutesAfter(T, 50));
      expect(await store.activities.last(t, 'c-1', null)).toEqual(minutesAfter(T, 50));
      expect(await store.activities.last(t, 'c-1', 'refund')).toBeNull();
      expect(await store.activities.last(t, 'c-2', 'purchase')).toBeNull();
      expect(await store.activities.last(t, 'c-2', null)).toEqual(minutesAfter(T, 90));
      expect(await store.activities.last(other, 'c-1', null)).toEqual(minutesAfter(T, 99));
      expect(await store.activities.last(other, 'c-1', 'login')).toBeNull();
      expect(await store.activities.last(uniqueId('t'), 'c-1', null)).toBeNull();
    },
  },
  {
    name: 'customers: remove takes the customer\'s automation runs and activities with it, and nothing else',
    async run(store) {
      const t = uniqueId('t');
      const other = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      await store.customers.insert(customerRow(other, 'c-1'));
      await store.automations.insert(automationRow(t, 'a-1'));
      const gone = [automationRunRow(t, 'a-1', 'c-1'), automationRunRow(t, 'a-1', 'c-1', { status: 'done' })];
      const kept = [automationRunRow(t, 'a-1', 'c-2'), automationRunRow(t, 'a-1', null), automationRunRow(other, 'a-1', 'c-1')];
      for (const r of [...gone, ...kept]) await store.automationRuns.insert(r);
      for (const [tenantId, customerId] of [[t, 'c-1'], [t, 'c-2'], [other, 'c-1']] as const) {
        await store.activities.record({ tenantId, customerId, kind: 'purchase', at: T });
        await store.activities.record({ tenantId, customerId, kind: 'login', at: T });
      }
      expect(await store.customers.remove(t, 'c-1')).toEqual({ reminders: 0 });
      for (const r of gone) expect(await store.automationRuns.get(t, r.id)).toBeNull();
      expect(await store.automationRuns.list(t, { customerId: 'c-1', limit: 10 })).toEqual([]);
      expect((await store.automationRuns.list(t, { automationId: 'a-1', limit: 10 })).map((r) => r.id).sort()).toEqual([kept[0]?.id, kept[1]?.id].sort());
      for (const r of kept) expect(await store.automationRuns.get(r.tenantId, r.id)).toEqual(r);
      expect(await store.activities.last(t, 'c-1', null)).toBeNull();
      expect(await store.activities.last(t, 'c-1', 'purchase')).toBeNull();
      expect(await store.activities.last(t, 'c-2', null)).toEqual(T);
      expect(await store.activities.last(other, 'c-1', 'login')).toEqual(T);
      expect(await store.automations.get(t, 'a-1')).not.toBeNull();
      // A customer of the same id, later, starts with no history.
      await store.customers.insert(customerRow(t, 'c-1'));
      expect(await store.activities.last(t, 'c-1', null)).toBeNull();
      expect(await store.automationRuns.list(t, { customerId: 'c-1', limit: 10 })).toEqual([]);
    },
  },
  {
    name: 'transactions: a throw rolls back automations, runs and activities',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-0'));
      const before = automationRow(t, 'a-0');
      await store.automations.insert(before);
      await store.automations.insert(automationRow(t, 'a-9'));
      const existing = automationRunRow(t, 'a-0', 'c-0');
      await store.automationRuns.insert(existing);
      await store.activities.record({ tenantId: t, customerId: 'c-0', kind: 'purchase', at: T });
      const run = automationRunRow(t, 'a-1', 'c-1');
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await tx.customers.insert(customerRow(t, 'c-1'));
          await tx.automations.insert(automationRow(t, 'a-1'));
          await tx.automations.update({ ...before, enabled: false, version: 2 }, 1);
          await tx.automations.remove(t, 'a-9');
          await tx.automationRuns.insert(run);
          await tx.automationRuns.update({ ...existing, status: 'cancelled', reason: 'x', version: 2 }, 1);
          await tx.activities.record({ tenantId: t, customerId: 'c-1', kind: 'purchase', at: T });
          await tx.activities.record({ tenantId: t, customerId: 'c-0', kind: 'purchase', at: minutesAfter(T, 60) });
          await tx.activities.record({ tenantId: t, customerId: 'c-0', kind: 'login', at: minutesAfter(T, 60) });
          expect(await tx.customers.remove(t, 'c-0')).toEqual({ reminders: 0 });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.customers.get(t, 'c-1')).toBeNull();
      expect(await store.automations.get(t, 'a-1')).toBeNull();
      expect(await store.automations.get(t, 'a-0')).toEqual(before);
      expect((await store.automations.list(t)).map((a) => a.id)).toEqual(['a-0', 'a-9']);
      expect(await store.automationRuns.get(t, run.id)).toBeNull();
      expect(await store.automationRuns.get(t, existing.id)).toEqual(existing);
      expect((await store.automationRuns.list(t, { limit: 10 })).map((r) => r.id)).toEqual([existing.id]);
      expect((await store.automationRuns.list(t, { customerId: 'c-0', limit: 10 })).map((r) => r.id)).toEqual([existing.id]);
      expect(await store.activities.last(t, 'c-1', null)).toBeNull();
      expect(await store.activities.last(t, 'c-0', null)).toEqual(T);
      expect(await store.activities.last(t, 'c-0', 'login')).toBeNull();
      // The rolled-back run's id is free again.
      await store.customers.insert(customerRow(t, 'c-1'));
      expect(await store.automationRuns.insert(run)).toBe(true);
    },
  },
];
