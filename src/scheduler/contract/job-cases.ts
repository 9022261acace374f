import { expect } from 'vitest';
import type { ClaimedJob } from '../job-repository';
import type { ContractCase } from '../../storage/contract/contract-case';
import { minutesAfter, uniqueId } from '../../storage/contract/fixtures';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const LEASE = 30_000;

function job(tenantId: string, id: string, runAt: Date) {
  return { tenantId, id, kind: 'test.kind', refId: `ref-${id}`, runAt };
}

const claim = (store: Parameters<ContractCase['run']>[0], now: Date, limit = 100, owner = 'w-1') => store.jobs.claimDue({ now, limit, leaseMs: LEASE, owner });

/** Contract cases for timers and leases, including a race of concurrent claimers. */
export const jobCases: ContractCase[] = [
  {
    name: 'jobs: schedule, get, and schedule again replaces',
    async run(store) {
      const t = uniqueId('t');
      await store.jobs.schedule(job(t, 'j-1', NOW));
      expect(await store.jobs.get(t, 'j-1')).toEqual({ ...job(t, 'j-1', NOW), attempt: 0, leaseToken: null, leaseOwner: null, leaseUntil: null });
      await store.jobs.schedule(job(t, 'j-1', minutesAfter(NOW, 5)));
      expect((await store.jobs.get(t, 'j-1'))?.runAt).toEqual(minutesAfter(NOW, 5));
      expect(await store.jobs.get(uniqueId('t'), 'j-1')).toBeNull();
      expect(await store.jobs.cancel(t, 'j-1')).toBe(true);
      expect(await store.jobs.cancel(t, 'j-1')).toBe(false);
      expect(await store.jobs.get(t, 'j-1')).toBeNull();
    },
  },
  {
    name: 'jobs: claimDue hands out due jobs only, earliest first, up to the limit, across tenants',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      await store.jobs.schedule(job(a, 'late', minutesAfter(NOW, -1)));
      await store.jobs.schedule(job(b, 'early', minutesAfter(NOW, -10)));
      await store.jobs.schedule(job(a, 'exact', NOW));
      await store.jobs.schedule(job(a, 'future', minutesAfter(NOW, 1)));
      const first = await claim(store, NOW, 2);
      expect(first.map((j) => j.id)).toEqual(['early', 'late']);
      const rest = await claim(store, NOW, 10);
      expect(rest.map((j) => j.id)).toEqual(['exact']);
      const c = first[0] as ClaimedJob;
      expect(c.tenantId).toBe(b);
      expect(c.attempt).toBe(1);
      expect(c.leaseOwner).toBe('w-1');
      expect(c.leaseUntil).toEqual(new Date(NOW.getTime() + LEASE));
      expect(typeof c.leaseToken).toBe('string');
      expect(c.deliveryId).toContain('early');
      expect(await claim(store, NOW)).toEqual([]);
    },
  },
  {
    name: 'jobs: a leased job comes back after its lease expires, with the next attempt and the same delivery id',
    async run(store) {
      const t = uniqueId('t');
      await store.jobs.schedule(job(t, 'j-1', NOW));
      const [first] = await claim(store, NOW);
      expect(await claim(store, new Date(NOW.getTime() + LEASE - 1))).toEqual([]);
      const [second] = await claim(store, new Date(NOW.getTime() + LEASE), 10, 'w-2');
      expect(second?.attempt).toBe(2);
      expect(second?.leaseOwner).toBe('w-2');
      expect(second?.deliveryId).toBe(first?.deliveryId);
      expect(second?.leaseToken).not.toBe(first?.leaseToken);
      expect(await store.jobs.complete(first as ClaimedJob)).toBe(false);
      expect(await store.jobs.get(t, 'j-1')).not.toBeNull();
      expect(await store.jobs.complete(second as ClaimedJob)).toBe(true);
      expect(await store.jobs.get(t, 'j-1')).toBeNull();
    },
  },
  {
    name: 'jobs: reschedule moves to a new occurrence, release keeps the attempt, both only with the lease',
    async run(store) {
      const t = uniqueId('t');
      await store.jobs.schedule(job(t, 'j-1', NOW));
      const [held] = (await claim(store, NOW)) as [ClaimedJob];
      expect(await store.jobs.reschedule(held, minutesAfter(NOW, 60))).toBe(true);
      expect(await store.jobs.get(t, 'j-1')).toMatchObject({ runAt: minutesAfter(NOW, 60), attempt: 0, leaseToken: null, leaseUntil: null });
      expect(await store.jobs.reschedule(held, minutesAfter(NOW, 90))).toBe(false);
      const [again] = (await claim(store, minutesAfter(NOW, 60))) as [ClaimedJob];
      expect(again.attempt).toBe(1);
      expect(await store.jobs.release(again, minutesAfter(NOW, 61))).toBe(true);
      expect(await store.jobs.get(t, 'j-1')).toMatchObject({ runAt: minutesAfter(NOW, 61), attempt: 1, leaseToken: null });
      expect(await claim(store, minutesAfter(NOW, 60))).toEqual([]);
      const [third] = (await claim(store, minutesAfter(NOW, 61))) as [ClaimedJob];
      expect(third.attempt).toBe(2);
    },
  },
  {
    name: 'jobs: settleMany deletes or moves each job only where the lease still holds',
    async run(store) {
      const t = uniqueId('t');
      for (const id of ['a', 'b', 'c', 'd']) await store.jobs.schedule(job(t, id, NOW));
      const claims = await claim(store, NOW);
      const byId = new Map(claims.map((c) => [c.id, c]));
      await store.jobs.schedule(job(t, 'c', minutesAfter(NOW, 5))); // c's lease is void now
      const held = await store.jobs.settleMany([
        { claim: byId.get('a') as ClaimedJob, runAt: null },
        { claim: byId.get('b') as ClaimedJob, runAt: minutesAfter(NOW, 60) },
        { claim: byId.get('c') as ClaimedJob, runAt: null },
        { claim: byId.get('d') as ClaimedJob, runAt: null },
      ]);
      expect(held).toEqual([true, true, false, true]);
      expect(await store.jobs.get(t, 'a')).toBeNull();
      expect(await store.jobs.get(t, 'b')).toMatchObject({ runAt: minutesAfter(NOW, 60), attempt: 0, leaseToken: null });
      expect(await store.jobs.get(t, 'c')).toMatchObject({ runAt: minutesAfter(NOW, 5), leaseToken: null });
      expect(await store.jobs.get(t, 'd')).toBeNull();
      expect(await store.jobs.settleMany([])).toEqual([]);
    },
  },
  {
    name: 'jobs: extendLeases keeps held jobs from being claimed again, and only those',
    async run(store) {
      const t = uniqueId('t');
      await store.jobs.schedule(job(t, 'a', NOW));
      await store.jobs.schedule(job(t, 'b', NOW));
      const [a, b] = (await claim(store, NOW)) as [ClaimedJob, ClaimedJob];
      await store.jobs.schedule(job(t, 'b', NOW)); // b's lease is void now
      const later = new Date(NOW.getTime() + LEASE * 3);
      expect(await store.jobs.extendLeases([a, b], later)).toEqual([true, false]);
      expect((await claim(store, new Date(NOW.getTime() + LEASE * 2))).map((j) => j.id)).toEqual(['b']);
      expect(await store.jobs.complete(a)).toBe(true);
      expect(await store.jobs.extendLeases([], later)).toEqual([]);
    },
  },
  {
    name: 'jobs: scheduling a leased job replaces it and voids the lease',
    async run(store) {
      const t = uniqueId('t');
      await store.jobs.schedule(job(t, 'j-1', NOW));
      const [held] = (await claim(store, NOW)) as [ClaimedJob];
      await store.jobs.schedule(job(t, 'j-1', minutesAfter(NOW, 10)));
      expect(await store.jobs.complete(held)).toBe(false);
      expect(await store.jobs.get(t, 'j-1')).toMatchObject({ runAt: minutesAfter(NOW, 10), attempt: 0, leaseToken: null });
    },
  },
  {
    name: 'jobs: nextDueAt is the earliest run time or lease expiry',
    async run(store) {
      expect(await store.jobs.nextDueAt()).toBeNull();
      const t = uniqueId('t');
      await store.jobs.schedule(job(t, 'j-1', minutesAfter(NOW, 10)));
      await store.jobs.schedule(job(t, 'j-2', minutesAfter(NOW, 5)));
      expect(await store.jobs.nextDueAt()).toEqual(minutesAfter(NOW, 5));
      await store.jobs.cancel(t, 'j-2');
      expect(await store.jobs.nextDueAt()).toEqual(minutesAfter(NOW, 10));
      await claim(store, minutesAfter(NOW, 10));
      expect(await store.jobs.nextDueAt()).toEqual(new Date(minutesAfter(NOW, 10).getTime() + LEASE));
    },
  },
  {
    name: 'jobs: concurrent claimers never receive the same job',
    async run(store) {
      const t = uniqueId('t');
      const total = 300;
      for (let i = 0; i < total; i++) await store.jobs.schedule(job(t, `j-${i}`, minutesAfter(NOW, -(i % 17))));
      const claimers = Array.from({ length: 8 }, async (_, w) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await claim(store, NOW, 7, `w-${w}`);
          if (batch.length === 0) return mine;
          mine.push(...batch.map((j) => j.id));
        }
      });
      const all = (await Promise.all(claimers)).flat();
      expect(all.length).toBe(total);
      expect(new Set(all).size).toBe(total);
    },
  },
];
