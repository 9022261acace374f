import { expect } from 'vitest';
import type { NewAuditEntry } from '../audit-entry';
import { AUDIT_GENESIS_HASH, auditEntryHash, verifyAuditChain } from '../audit-hash';
import type { AuditRepository } from '../audit-repository';
import type { Store } from '../../storage/store';
import type { ContractCase } from '../../storage/contract/contract-case';
import { minutesAfter, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

function entry(tenantId: string, n: number): NewAuditEntry {
  return {
    tenantId,
    id: uniqueId('a'),
    at: minutesAfter(T, n),
    actor: { userId: 'tickler:scheduler', roles: [] },
    action: 'reminder.fired',
    entityType: 'reminder',
    entityId: `r-${n}`,
    before: { n, note: 'before', nested: { z: 1, a: [true, null, 'é"\\'] } },
    after: n % 3 === 0 ? null : { n, note: 'after' },
    reason: n % 2 === 0 ? `delivery ${n}` : null,
  };
}

type Sealing = Required<Pick<AuditRepository, 'appendPending' | 'seal' | 'pendingCount'>>;

/** The sealing methods of a store that has them; a case on a store without them checks nothing. */
function sealing(store: Store): Sealing | null {
  const audit = store.audit;
  if (typeof audit.appendPending !== 'function' || typeof audit.seal !== 'function' || typeof audit.pendingCount !== 'function') return null;
  return audit as Sealing & AuditRepository;
}

/** Reads the tenant's trail and checks it is one sound chain, ending at the head, with these entity ids in order. */
async function expectChain(store: Store, tenantId: string, entityIds: string[]): Promise<void> {
  const trail = await store.audit.list(tenantId, { limit: 1000 });
  expect(trail.map((e) => e.entityId)).toEqual(entityIds);
  expect(trail.map((e) => e.seq)).toEqual(entityIds.map((_, i) => i + 1));
  trail.forEach((e, i) => {
    expect(e.prevHash).toBe(i === 0 ? AUDIT_GENESIS_HASH : trail[i - 1]?.hash);
    expect(e.hash).toBe(auditEntryHash(e));
  });
  expect(verifyAuditChain(trail, { head: await store.audit.head(tenantId) })).toMatchObject({ ok: true, checked: entityIds.length });
}

/**
 * Contract cases for the optional sealing capability (`appendPending`, `seal`,
 * `pendingCount`): pending entries stay out of the trail until sealed, seal numbers them
 * after the head in the order they were appended, and seals race safely with appends.
 */
export const auditSealingCases: ContractCase[] = [
  {
    name: 'audit sealing: pending entries are not listed until sealed, then chain after the head in the order appended',
    async run(store) {
      const s = sealing(store);
      if (s === null) return;
      const t = uniqueId('t');
      const other = uniqueId('t');
      await store.audit.append(entry(t, 0));
      await s.appendPending([entry(t, 1), entry(other, 2), entry(t, 3)]);
      await store.transaction((tx) => (tx.audit.appendPending as Sealing['appendPending'])([entry(t, 4)]));
      expect(await s.pendingCount(t)).toBe(3);
      expect((await store.audit.list(t, { limit: 10 })).map((e) => e.entityId)).toEqual(['r-0']);
      expect(await store.audit.head(t)).toMatchObject({ seq: 1 });
      expect(await s.seal([t])).toBe(3);
      expect(await s.pendingCount(t)).toBe(0);
      expect(await s.pendingCount(other)).toBe(1);
      await expectChain(store, t, ['r-0', 'r-1', 'r-3', 'r-4']);
      // What was stored is what was appended, JSON included.
      const [sealed] = await store.audit.list(t, { afterSeq: 1, limit: 1 });
      const { seq: _seq, prevHash: _prev, hash: _hash, ...content } = sealed as NonNullable<typeof sealed>;
      expect({ ...content, id: 'x' }).toEqual({ ...entry(t, 1), id: 'x' });
      expect(await s.seal()).toBe(1);
      await expectChain(store, other, ['r-2']);
      expect(await s.seal()).toBe(0);
    },
  },
  {
    name: 'audit sealing: seal takes at most the limit, oldest first',
    async run(store) {
      const s = sealing(store);
      if (s === null) return;
      const t = uniqueId('t');
      await s.appendPending([0, 1, 2, 3, 4].map((n) => entry(t, n)));
      expect(await s.seal([t], 2)).toBe(2);
      await expectChain(store, t, ['r-0', 'r-1']);
      expect(await s.seal([t], 10)).toBe(3);
      await expectChain(store, t, ['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
    },
  },
  {
    name: 'audit sealing: append and appendMany seal committed pending entries before their own',
    async run(store) {
      const s = sealing(store);
      if (s === null) return;
      const t = uniqueId('t');
      await s.appendPending([entry(t, 0), entry(t, 1)]);
      await store.audit.append(entry(t, 2));
      await s.appendPending([entry(t, 3)]);
      await store.audit.appendMany([entry(t, 4), entry(t, 5)]);
      expect(await s.pendingCount(t)).toBe(0);
      await expectChain(store, t, ['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5']);
    },
  },
  {
    name: 'audit sealing: a rolled-back appendPending or seal leaves nothing behind',
    async run(store) {
      const s = sealing(store);
      if (s === null) return;
      const t = uniqueId('t');
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await (tx.audit.appendPending as Sealing['appendPending'])([entry(t, 0)]);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await s.pendingCount(t)).toBe(0);
      await s.appendPending([entry(t, 1)]);
      await expect(
        store.transaction(async (tx) => {
          expect(await (tx.audit.seal as Sealing['seal'])([t])).toBe(1);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await s.pendingCount(t)).toBe(1);
      expect(await store.audit.head(t)).toBeNull();
      expect(await s.seal([t])).toBe(1);
      await expectChain(store, t, ['r-1']);
    },
  },
  {
    name: 'audit sealing: concurrent seals, pending appends and direct appends form one chain, each entry once',
    async run(store) {
      const s = sealing(store);
      if (s === null) return;
      const t = uniqueId('t');
      let n = 0;
      const appended: string[] = [];
      const racers: Promise<unknown>[] = [];
      for (let i = 0; i < 12; i++) {
        const batch = [entry(t, n++), entry(t, n++)];
        appended.push(...batch.map((e) => e.entityId));
        racers.push(i % 4 === 3 ? store.audit.appendMany(batch) : s.appendPending(batch));
        racers.push(s.seal([t]), s.seal());
      }
      await Promise.all(racers);
      await s.seal();
      expect(await s.pendingCount(t)).toBe(0);
      const trail = await store.audit.list(t, { limit: 1000 });
      expect(trail.map((e) => e.entityId).sort()).toEqual([...appended].sort());
      await expectChain(store, t, trail.map((e) => e.entityId));
    },
  },
];
