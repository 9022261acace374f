import { expect } from 'vitest';
import type { NewAuditEntry } from '../../audit/audit-entry';
import type { ContractCase } from './contract-case';
import { minutesAfter, uniqueId } from './fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

function entry(tenantId: string, n: number, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    tenantId,
    id: uniqueId('a'),
    at: minutesAfter(T, n),
    actor: { userId: 'u-1', roles: ['agent'] },
    action: n % 2 === 0 ? 'reminder.created' : 'reminder.updated',
    entityType: 'reminder',
    entityId: `r-${n % 3}`,
    before: n === 0 ? null : { note: 'before', n },
    after: { note: 'after', n, nested: [1, { deep: true }] },
    reason: n === 0 ? 'source: api' : null,
    ...overrides,
  };
}

/** Contract cases for the audit trail. */
export const auditCases: ContractCase[] = [
  {
    name: 'audit: entries are numbered 1, 2, 3 per tenant and read back unchanged',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      const first = entry(a, 0);
      expect(await store.audit.append(first)).toEqual({ ...first, seq: 1 });
      expect((await store.audit.append(entry(b, 1))).seq).toBe(1);
      expect((await store.audit.append(entry(a, 1))).seq).toBe(2);
      expect((await store.audit.append(entry(a, 2))).seq).toBe(3);
      const listed = await store.audit.list(a, { limit: 10 });
      expect(listed.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(listed[0]).toEqual({ ...first, seq: 1 });
      expect((await store.audit.list(b, { limit: 10 })).length).toBe(1);
    },
  },
  {
    name: 'audit: appendMany numbers entries of several tenants in order, like append',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      await store.audit.append(entry(a, 0));
      const batch = [entry(a, 1), entry(b, 2), entry(a, 3, { before: null, after: null }), entry(b, 4), entry(a, 5)];
      const written = await store.audit.appendMany(batch);
      expect(written.map((e) => [e.tenantId === a ? 'a' : 'b', e.seq])).toEqual([['a', 2], ['b', 1], ['a', 3], ['b', 2], ['a', 4]]);
      expect(await store.audit.list(a, { limit: 10 })).toEqual([{ ...entry(a, 0), id: expect.any(String) as string, seq: 1 }, ...written.filter((e) => e.tenantId === a)].map((e) => ({ ...e, id: expect.any(String) as string })));
      expect((await store.audit.list(b, { limit: 10 })).map((e) => e.entityId)).toEqual(['r-2', 'r-1']);
      expect(await store.audit.appendMany([])).toEqual([]);
    },
  },
  {
    name: 'audit: list filters, orders and pages',
    async run(store) {
      const t = uniqueId('t');
      for (let n = 0; n < 9; n++) await store.audit.append(entry(t, n));
      const seqs = async (q: Parameters<typeof store.audit.list>[1]) => (await store.audit.list(t, q)).map((e) => e.seq);
      expect(await seqs({ limit: 3 })).toEqual([1, 2, 3]);
      expect(await seqs({ limit: 3, afterSeq: 3 })).toEqual([4, 5, 6]);
      expect(await seqs({ limit: 3, order: 'desc' })).toEqual([9, 8, 7]);
      expect(await seqs({ limit: 3, order: 'desc', afterSeq: 7 })).toEqual([6, 5, 4]);
      expect(await seqs({ limit: 20, action: 'reminder.updated' })).toEqual([2, 4, 6, 8]);
      expect(await seqs({ limit: 20, entityId: 'r-0' })).toEqual([1, 4, 7]);
      expect(await seqs({ limit: 20, entityType: 'customer' })).toEqual([]);
      expect(await seqs({ limit: 20, from: minutesAfter(T, 2), to: minutesAfter(T, 5) })).toEqual([3, 4, 5]);
    },
  },
];
