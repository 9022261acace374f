import { expect } from 'vitest';
import { initialDunningState } from '../../model/dunning-state';
import type { DunningPolicy } from '../policy/dunning-policy';
import type { ContractCase } from '../../storage/contract/contract-case';
import { customerRow, invoiceRow, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

function policy(tenantId: string, id: string, overrides: Partial<DunningPolicy> = {}): DunningPolicy {
  return {
    tenantId,
    id,
    name: 'Standard',
    mode: 'automatic',
    steps: [
      { id: 'pre', offset: '-P3D', actions: [{ type: 'message', channels: ['email'], template: 'due-soon' }], level: 0 },
      { id: 'l1', offset: 'P7D', businessDays: true, actions: [{ type: 'fee', amountMinor: { EUR: 500 } }], letter: { title: 'Reminder', body: 'Please pay.' }, level: 1 },
    ],
    stepTime: '09:00',
    minimumOutstanding: { EUR: 1000 },
    calendar: { weekend: ['sat', 'sun'], holidays: ['2026-12-25'] },
    sendWindow: null,
    grouping: 'invoice',
    escalation: { after: 'P14D', template: 'escalated' },
    updatedAt: T,
    version: 1,
    ...overrides,
  };
}

/** Contract cases for invoices, dunning policies and assignments. */
export const invoiceCases: ContractCase[] = [
  {
    name: 'invoices: insert then get returns an equal record; a taken id is refused',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const row = invoiceRow(t, 'c-1', {
        amountMinor: 9_007_199_254_740_991,
        paidMinor: 100,
        payments: [{ id: 'p-1', amountMinor: 100, at: T, reference: 'SEPA-1', recordedBy: 'u-1' }],
        charges: [{ id: 'ch-1', kind: 'fee', amountMinor: 500, stepId: 'l1', level: 1, at: T, description: 'Reminder fee' }],
        policyOverride: 'strict',
        dunning: { ...initialDunningState(), phase: 'active', policyId: 'standard', level: 2, next: { stepId: 'l3', at: T.toISOString() }, wakeAt: T.toISOString() },
      });
      expect(await store.invoices.insert(row)).toBe(true);
      expect(await store.invoices.get(t, row.id)).toEqual(row);
      expect(await store.invoices.insert({ ...row, number: 'other' })).toBe(false);
      expect(await store.invoices.get(uniqueId('t'), row.id)).toBeNull();
      expect((await store.invoices.getMany(t, [row.id, 'nope', row.id])).map((i) => i.id)).toEqual([row.id]);
    },
  },
  {
    name: 'invoices: update and updateMany apply only at the expected version',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const a = invoiceRow(t, 'c-1');
      const b = invoiceRow(t, 'c-1');
      await store.invoices.insert(a);
      await store.invoices.insert(b);
      expect(await store.invoices.update({ ...a, paidMinor: 50, version: 2 }, 9)).toBe(false);
      expect(await store.invoices.update({ ...a, paidMinor: 50, version: 2 }, 1)).toBe(true);
      const results = await store.invoices.updateMany([
        { invoice: { ...a, status: 'paid', paidMinor: 12050, version: 3 }, expectedVersion: 2 },
        { invoice: { ...b, dunning: { ...b.dunning, level: 1 }, version: 2 }, expectedVersion: 5 },
      ]);
      expect(results).toEqual([true, false]);
      expect((await store.invoices.get(t, a.id))?.status).toBe('paid');
      expect((await store.invoices.get(t, b.id))?.version).toBe(1);
      expect(await store.invoices.updateMany([])).toEqual([]);
    },
  },
  {
    name: 'invoices: list filters by customer, status, policy, level, approval and currency, by id, and pages',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const rows = [
        invoiceRow(t, 'c-1', { id: 'i-1', dunning: { ...initialDunningState(), policyId: 'p', level: 1, phase: 'active' } }),
        invoiceRow(t, 'c-1', { id: 'i-2', status: 'paid', dunning: { ...initialDunningState(), policyId: 'p', level: 2, phase: 'closed' } }),
        invoiceRow(t, 'c-2', { id: 'i-3', currency: 'USD', dunning: { ...initialDunningState(), policyId: 'q', level: 3, phase: 'awaiting_approval' } }),
        invoiceRow(t, 'c-2', { id: 'i-4' }),
      ];
      for (const r of rows) await store.invoices.insert(r);
      const other = uniqueId('t');
      await store.customers.insert(customerRow(other, 'c-1'));
      await store.invoices.insert(invoiceRow(other, 'c-1', { id: 'i-0' }));
      const ids = async (filter: Parameters<typeof store.invoices.list>[1]) => (await store.invoices.list(t, filter)).map((i) => i.id);
      expect(await ids({ limit: 10 })).toEqual(['i-1', 'i-2', 'i-3', 'i-4']);
      expect(await ids({ limit: 10, customerId: 'c-2' })).toEqual(['i-3', 'i-4']);
      expect(await ids({ limit: 10, status: 'open' })).toEqual(['i-1', 'i-3', 'i-4']);
      expect(await ids({ limit: 10, policyId: 'p' })).toEqual(['i-1', 'i-2']);
      expect(await ids({ limit: 10, minLevel: 2 })).toEqual(['i-2', 'i-3']);
      expect(await ids({ limit: 10, level: 1 })).toEqual(['i-1']);
      expect(await ids({ limit: 10, awaitingApproval: true })).toEqual(['i-3']);
      expect(await ids({ limit: 10, currency: 'USD' })).toEqual(['i-3']);
      expect(await ids({ limit: 2, afterId: 'i-1' })).toEqual(['i-2', 'i-3']);
    },
  },
  {
    name: 'dunning: policies are stored per tenant and replaced; assignments likewise, and listed by policy',
    async run(store) {
      const t = uniqueId('t');
      await store.dunningPolicies.put(policy(t, 'standard'));
      await store.dunningPolicies.put(policy(t, 'gentle', { mode: 'review', escalation: null }));
      await store.dunningPolicies.put(policy(uniqueId('t'), 'other'));
      expect(await store.dunningPolicies.get(t, 'standard')).toEqual(policy(t, 'standard'));
      expect((await store.dunningPolicies.list(t)).map((p) => p.id)).toEqual(['gentle', 'standard']);
      await store.dunningPolicies.put(policy(t, 'standard', { version: 2, name: 'Renamed' }));
      expect((await store.dunningPolicies.get(t, 'standard'))?.name).toBe('Renamed');
      for (const id of ['c-1', 'c-2', 'c-3']) await store.customers.insert(customerRow(t, id));
      await store.dunningAssignments.put({ tenantId: t, customerId: 'c-1', policyId: 'standard', excluded: false, source: 'default', updatedAt: T });
      await store.dunningAssignments.put({ tenantId: t, customerId: 'c-2', policyId: 'standard', excluded: true, source: 'assigned', updatedAt: T });
      await store.dunningAssignments.put({ tenantId: t, customerId: 'c-3', policyId: null, excluded: false, source: 'assigned', updatedAt: T });
      expect(await store.dunningAssignments.get(t, 'c-2')).toEqual({ tenantId: t, customerId: 'c-2', policyId: 'standard', excluded: true, source: 'assigned', updatedAt: T });
      expect((await store.dunningAssignments.getMany(t, ['c-1', 'c-3', 'c-9'])).map((a) => a.customerId).sort()).toEqual(['c-1', 'c-3']);
      expect(await store.dunningAssignments.customersOf(t, 'standard')).toEqual(['c-1', 'c-2']);
      await store.dunningAssignments.put({ tenantId: t, customerId: 'c-1', policyId: 'gentle', excluded: false, source: 'assigned', updatedAt: T });
      expect(await store.dunningAssignments.customersOf(t, 'standard')).toEqual(['c-2']);
    },
  },
  {
    name: 'customers: remove takes the customer\'s invoices and assignment with it',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const gone = invoiceRow(t, 'c-1');
      const kept = invoiceRow(t, 'c-2');
      await store.invoices.insert(gone);
      await store.invoices.insert(kept);
      await store.dunningAssignments.put({ tenantId: t, customerId: 'c-1', policyId: 'p', excluded: false, source: 'assigned', updatedAt: T });
      await store.customers.remove(t, 'c-1');
      expect(await store.invoices.get(t, gone.id)).toBeNull();
      expect(await store.invoices.list(t, { customerId: 'c-1', limit: 10 })).toEqual([]);
      expect(await store.dunningAssignments.get(t, 'c-1')).toBeNull();
      expect(await store.invoices.get(t, kept.id)).not.toBeNull();
    },
  },
];
