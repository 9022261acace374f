import { expect } from 'vitest';
import { customerSortKey } from '../customer-repository';
import type { ContractCase } from '../../storage/contract/contract-case';
import { customerRow, reminderRow, uniqueId } from '../../storage/contract/fixtures';

/** Contract cases for customers. */
export const customerCases: ContractCase[] = [
  {
    name: 'customers: insert then get returns an equal record',
    async run(store) {
      const tenant = uniqueId('t');
      const row = customerRow(tenant, 'c-1', { tags: ['vip', 'b2b'], assignees: ['u-1'], fields: { plan: 'gold', seats: 12, nested: { ok: true, list: [1, 'two', null] } } });
      expect(await store.customers.insert(row)).toBe(true);
      expect(await store.customers.get(tenant, 'c-1')).toEqual(row);
    },
  },
  {
    name: 'customers: a taken id is refused and the first row kept',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1', { name: 'First' }));
      expect(await store.customers.insert(customerRow(tenant, 'c-1', { name: 'Second' }))).toBe(false);
      expect((await store.customers.get(tenant, 'c-1'))?.name).toBe('First');
    },
  },
  {
    name: 'customers: getMany returns the existing customers of the tenant',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      await store.customers.insert(customerRow(tenant, 'c-2', { name: 'Second' }));
      const got = await store.customers.getMany(tenant, ['c-2', 'missing', 'c-1', 'c-2']);
      expect(got.map((c) => c.id).sort()).toEqual(['c-1', 'c-2']);
      expect(got.find((c) => c.id === 'c-2')).toEqual(customerRow(tenant, 'c-2', { name: 'Second' }));
      expect(await store.customers.getMany(uniqueId('t'), ['c-1'])).toEqual([]);
      expect(await store.customers.getMany(tenant, [])).toEqual([]);
    },
  },
  {
    name: 'customers: the same id in two tenants is two customers',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      await store.customers.insert(customerRow(a, 'c-1', { name: 'In A' }));
      expect(await store.customers.get(b, 'c-1')).toBeNull();
      expect(await store.customers.insert(customerRow(b, 'c-1', { name: 'In B' }))).toBe(true);
      expect((await store.customers.get(a, 'c-1'))?.name).toBe('In A');
      expect((await store.customers.get(b, 'c-1'))?.name).toBe('In B');
    },
  },
  {
    name: 'customers: update applies only at the expected version',
    async run(store) {
      const tenant = uniqueId('t');
      const row = customerRow(tenant, 'c-1');
      await store.customers.insert(row);
      expect(await store.customers.update({ ...row, name: 'Stale', version: 2 }, 7)).toBe(false);
      expect(await store.customers.update({ ...row, name: 'Fresh', version: 2 }, 1)).toBe(true);
      expect(await store.customers.update({ ...row, name: 'Again', version: 2 }, 1)).toBe(false);
      const stored = await store.customers.get(tenant, 'c-1');
      expect(stored?.name).toBe('Fresh');
      expect(stored?.version).toBe(2);
      expect(await store.customers.update(customerRow(tenant, 'missing'), 1)).toBe(false);
    },
  },
  {
    name: 'customers: returned rows are copies',
    async run(store) {
      const tenant = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1', { tags: ['a'] }));
      const first = await store.customers.get(tenant, 'c-1');
      first?.tags.push('mutated');
      expect((await store.customers.get(tenant, 'c-1'))?.tags).toEqual(['a']);
    },
  },
  {
    name: 'customers: list sorts by lower-cased name then id, and filters',
    async run(store) {
      const tenant = uniqueId('t');
      const rows = [
        customerRow(tenant, 'c-3', { name: 'bravo', folder: 'north', status: 'lead', tags: ['vip'], assignees: ['u-1'], email: 'b@x.io' }),
        customerRow(tenant, 'c-1', { name: 'Alpha', folder: 'north', status: 'customer', tags: [], assignees: ['u-2'], email: 'alpha@corp.io' }),
        customerRow(tenant, 'c-2', { name: 'alpha', folder: 'south', status: 'lead', tags: ['vip', 'b2b'], assignees: ['u-1', 'u-2'], email: null }),
        customerRow(tenant, 'c-4', { name: 'Charlie', folder: null, status: null, tags: ['b2b'], assignees: [], email: 'CORP@mail.io' }),
      ];
      for (const r of rows) await store.customers.insert(r);
      await store.customers.insert(customerRow(uniqueId('t'), 'c-9', { name: 'Alpha elsewhere' }));
      const ids = async (filter: Parameters<typeof store.customers.list>[1]) => (await store.customers.list(tenant, filter)).map((c) => c.id);
      expect(await ids({ limit: 10 })).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
      expect(await ids({ limit: 10, folder: 'north' })).toEqual(['c-1', 'c-3']);
      expect(await ids({ limit: 10, status: 'lead' })).toEqual(['c-2', 'c-3']);
      expect(await ids({ limit: 10, tag: 'b2b' })).toEqual(['c-2', 'c-4']);
      expect(await ids({ limit: 10, assignee: 'u-2' })).toEqual(['c-1', 'c-2']);
      expect(await ids({ limit: 10, search: 'alp' })).toEqual(['c-1', 'c-2']);
      expect(await ids({ limit: 10, search: 'corp' })).toEqual(['c-1', 'c-4']);
      expect(await ids({ limit: 10, tag: 'vip', status: 'lead', folder: 'south' })).toEqual(['c-2']);
      expect(await ids({ limit: 2 })).toEqual(['c-1', 'c-2']);
    },
  },
  {
    name: 'customers: list pages by keyset position',
    async run(store) {
      const tenant = uniqueId('t');
      for (let i = 0; i < 25; i++) await store.customers.insert(customerRow(tenant, `c-${String(i).padStart(2, '0')}`, { name: i % 2 === 0 ? 'Same Name' : `Name ${i}` }));
      const seen: string[] = [];
      let after: { sortKey: string; id: string } | undefined;
      for (;;) {
        const page = await store.customers.list(tenant, { limit: 7, after });
        if (page.length === 0) break;
        seen.push(...page.map((c) => c.id));
        const last = page[page.length - 1];
        if (last === undefined) break;
        after = { sortKey: customerSortKey(last.name), id: last.id };
      }
      const all = (await store.customers.list(tenant, { limit: 100 })).map((c) => c.id);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(25);
    },
  },
  {
    name: 'customers: remove takes the customer\'s reminders with it and nothing else',
    async run(store) {
      const tenant = uniqueId('t');
      const other = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-1'));
      await store.customers.insert(customerRow(tenant, 'c-2'));
      await store.customers.insert(customerRow(other, 'c-1'));
      const due = new Date('2026-02-01T10:00:00Z');
      const mine = [reminderRow(tenant, 'c-1', due), reminderRow(tenant, 'c-1', due)];
      const kept = reminderRow(tenant, 'c-2', due);
      const otherTenant = reminderRow(other, 'c-1', due);
      for (const r of [...mine, kept, otherTenant]) await store.reminders.insert(r);
      expect(await store.customers.remove(tenant, 'c-1')).toEqual({ reminders: 2 });
      expect(await store.customers.get(tenant, 'c-1')).toBeNull();
      for (const r of mine) expect(await store.reminders.get(tenant, r.id)).toBeNull();
      expect(await store.reminders.idsOfCustomer(tenant, 'c-1')).toEqual([]);
      expect(await store.reminders.get(tenant, kept.id)).not.toBeNull();
      expect(await store.reminders.get(other, otherTenant.id)).not.toBeNull();
      expect(await store.customers.get(other, 'c-1')).not.toBeNull();
      expect(await store.customers.remove(tenant, 'c-1')).toBeNull();
    },
  },
  {
    name: 'customers: found by a link value, only in the tenant and only under that system and key, by id',
    async run(store) {
      const tenant = uniqueId('t');
      const other = uniqueId('t');
      await store.customers.insert(customerRow(tenant, 'c-b', { links: { quickbooks: { id: '58' }, salesforce: { accountId: '001A' } } }));
      await store.customers.insert(customerRow(tenant, 'c-a', { links: { quickbooks: { id: '58' } } }));
      await store.customers.insert(customerRow(tenant, 'c-c', { links: { quickbooks: { id: '59' }, stripe: { id: '58' } } }));
      await store.customers.insert(customerRow(other, 'c-a', { links: { quickbooks: { id: '58' } } }));
      expect((await store.customers.findByLink(tenant, 'quickbooks', 'id', '58', 10)).map((c) => c.id)).toEqual(['c-a', 'c-b']);
      expect((await store.customers.findByLink(tenant, 'quickbooks', 'id', '58', 1)).map((c) => c.id)).toEqual(['c-a']);
      expect(await store.customers.findByLink(tenant, 'salesforce', 'id', '001A', 10)).toEqual([]);
      expect((await store.customers.findByLink(tenant, 'stripe', 'id', '58', 10)).map((c) => c.id)).toEqual(['c-c']);
      expect(await store.customers.findByLink(tenant, 'quickbooks', 'id', '60', 10)).toEqual([]);
    },
  },
];
