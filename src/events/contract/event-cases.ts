import { expect } from 'vitest';
import type { EventRecord } from '../event-record';
import type { ContractCase } from '../../storage/contract/contract-case';
import { minutesAfter, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

function record(tenantId: string, n: number, name = 'reminder.created'): EventRecord {
  return { tenantId, id: uniqueId('e'), name, at: minutesAfter(T, n), payload: { n, reminder: { id: `r-${n}`, dueAt: T.toISOString() }, list: [1, null, 'x'] } };
}

/** Contract cases for the record of events. */
export const eventCases: ContractCase[] = [
  {
    name: 'events: records are appended per tenant and read back in time order, filtered',
    async run(store) {
      const a = uniqueId('t');
      const b = uniqueId('t');
      const first = [record(a, 2), record(b, 1), record(a, 1, 'customer.created'), record(a, 3)];
      await store.events.appendMany(first);
      await store.events.appendMany([]);
      const listed = await store.events.list(a, { limit: 10 });
      expect(listed.map((r) => r.payload)).toEqual([first[2], first[0], first[3]].map((r) => r?.payload));
      expect(listed[1]).toEqual(first[0]);
      expect((await store.events.list(a, { limit: 10, name: 'customer.created' })).length).toBe(1);
      expect((await store.events.list(a, { limit: 10, from: minutesAfter(T, 2) })).length).toBe(2);
      expect((await store.events.list(a, { limit: 1 })).length).toBe(1);
      expect((await store.events.list(b, { limit: 10 })).length).toBe(1);
    },
  },
  {
    name: 'events: records written in a rolled-back transaction disappear',
    async run(store) {
      const t = uniqueId('t');
      await expect(
        store.transaction(async (tx) => {
          await tx.events.appendMany([record(t, 1)]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.events.list(t, { limit: 10 })).toEqual([]);
    },
  },
];
