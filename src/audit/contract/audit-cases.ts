import { expect } from 'vitest';
import type { AuditEntry, NewAuditEntry } from '../audit-entry';
import { AUDIT_GENESIS_HASH, auditEntryHash, verifyAuditChain } from '../audit-hash';
import type { Store } from '../../storage/store';
import type { ContractCase } from '../../storage/contract/contract-case';
import { minutesAfter, uniqueId } from '../../storage/contract/fixtures';

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

/** A hex SHA-256 hash, for `toEqual`. */
const HASH = expect.stringMatching(/^[0-9a-f]{64}$/) as string;

/** Reads a tenant's whole trail and checks the chain against the store's head. */
async function expectSoundChain(store: Store, tenantId: string, length: number): Promise<AuditEntry[]> {
  const trail = await store.audit.list(tenantId, { limit: 1000 });
  expect(trail.map((e) => e.seq)).toEqual(Array.from({ length }, (_, i) => i + 1));
  trail.forEach((e, i) => {
    expect(e.prevHash).toBe(i === 0 ? AUDIT_GENESIS_HASH : trail[i - 1]?.hash);
    expect(e.hash).toBe(auditEntryHash(e));
  });
  const head = await store.audit.head(tenantId);
  expect(head).toEqual(length === 0 ? null : { seq: length, hash: trail[length - 1]?.hash });
  expect(verifyAuditChain(trail, { head })).toEqual({ ok: true, checked: length, lastSeq: length, problem: null });
  return trail;
}

/** Contract cases for the audit trail, including its hash chain and a race of appenders. */
export const auditCases: ContractCase[] = [
  {
    name: 'audit: entries are numbered 1, 2, 3 per tenant and read back unchanged',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      const first = entry(a, 0);
      const appended = await store.audit.append(first);
      expect(appended).toEqual({ ...first, seq: 1, prevHash: AUDIT_GENESIS_HASH, hash: HASH });
      expect((await store.audit.append(entry(b, 1))).seq).toBe(1);
      expect((await store.audit.append(entry(a, 1))).seq).toBe(2);
      expect((await store.audit.append(entry(a, 2))).seq).toBe(3);
      const listed = await store.audit.list(a, { limit: 10 });
      expect(listed.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(listed[0]).toEqual(appended);
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
      expect(await store.audit.list(a, { limit: 10 })).toEqual([{ ...entry(a, 0), seq: 1, prevHash: AUDIT_GENESIS_HASH, hash: HASH }, ...written.filter((e) => e.tenantId === a)].map((e) => ({ ...e, id: expect.any(String) as string })));
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
  {
    name: 'audit: each entry holds the previous hash, and the chain verifies across appends',
    async run(store) {
      const t = uniqueId('t');
      expect(await store.audit.head(t)).toBeNull();
      const first = await store.audit.append(entry(t, 0));
      expect(first.prevHash).toBe(AUDIT_GENESIS_HASH);
      expect(first.hash).toBe(auditEntryHash(first));
      expect(await store.audit.head(t)).toEqual({ seq: 1, hash: first.hash });
      const many = await store.audit.appendMany([entry(t, 1), entry(t, 2, { before: null, after: null, reason: 'rule: r-9' })]);
      expect(many[0]?.prevHash).toBe(first.hash);
      expect(many[1]?.prevHash).toBe(many[0]?.hash);
      await store.transaction(async (tx) => {
        await tx.audit.append(entry(t, 3));
        await tx.audit.appendMany([entry(t, 4), entry(t, 5)]);
      });
      const trail = await expectSoundChain(store, t, 6);
      // What the appends returned is what is read back.
      expect(trail.slice(0, 3)).toEqual([first, ...many]);
    },
  },
  {
    name: 'audit: appendMany chains several tenants at once, each on its own',
    async run(store) {
      const [a, b, c] = [uniqueId('t'), uniqueId('t'), uniqueId('t')];
      await store.audit.append(entry(b, 0));
      const written = await store.audit.appendMany([entry(c, 1), entry(a, 2), entry(b, 3), entry(c, 4), entry(a, 5), entry(b, 6), entry(c, 7)]);
      expect(written.map((e) => [e.tenantId, e.seq])).toEqual([[c, 1], [a, 1], [b, 2], [c, 2], [a, 2], [b, 3], [c, 3]]);
      await expectSoundChain(store, a, 2);
      await expectSoundChain(store, b, 3);
      const trailC = await expectSoundChain(store, c, 3);
      expect(trailC).toEqual(written.filter((e) => e.tenantId === c));
    },
  },
  {
    name: 'audit: concurrent appends from several transactions still form one valid chain',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      let n = 0;
      const racers = Array.from({ length: 12 }, (_, i) =>
        i % 3 === 2
          ? store.audit.append(entry(a, n++)) // on its own, outside a transaction
          : store.transaction(async (tx) => {
              await tx.audit.appendMany([entry(a, n++), entry(b, n++), entry(a, n++)]);
              await new Promise((resolve) => setTimeout(resolve, i % 2));
              await tx.audit.append(entry(b, n++));
            }),
      );
      await Promise.all(racers);
      await expectSoundChain(store, a, 4 + 8 * 2);
      await expectSoundChain(store, b, 8 * 2);
    },
  },
  {
    name: 'audit: a rolled-back append leaves the chain and its head as they were',
    async run(store) {
      const t = uniqueId('t');
      const fresh = uniqueId('t');
      await store.audit.appendMany([entry(t, 0), entry(t, 1)]);
      const head = await store.audit.head(t);
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await tx.audit.appendMany([entry(t, 2), entry(fresh, 3)]);
          await tx.audit.append(entry(t, 4));
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.audit.head(t)).toEqual(head);
      expect(await store.audit.head(fresh)).toBeNull();
      await store.audit.append(entry(t, 5));
      const trail = await expectSoundChain(store, t, 3);
      expect(trail[2]?.prevHash).toBe(head?.hash);
      await expectSoundChain(store, fresh, 0);
    },
  },
];
