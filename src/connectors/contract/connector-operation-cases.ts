import { expect } from 'vitest';
import type { ConnectorOperation } from '../../model/connector-operation';
import type { ContractCase } from '../../storage/contract/contract-case';
import { customerRow, minutesAfter, reminderRow, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

/** A complete queued operation row: a Salesforce task about `customerId`. */
export function connectorOperationRow(tenantId: string, customerId: string | null, overrides: Partial<ConnectorOperation> = {}): ConnectorOperation {
  const id = uniqueId('op');
  return {
    tenantId,
    id,
    connector: 'salesforce',
    operation: 'task',
    customerId,
    idempotencyKey: `key-${id}`,
    cause: { type: 'dunning-escalation', id: 'inv-1', step: null },
    work: {
      subject: 'Call Dupont SARL about F-1',
      body: 'Level 2, no answer.',
      dueAt: minutesAfter(T, 60 * 24),
      durationMinutes: null,
      zone: 'Europe/Paris',
      assignee: { userId: 'u-rm', name: 'Rosa Manager', email: 'rosa@acme.example' },
      priority: 'high',
      attendees: [],
      tags: ['dunning'],
      fields: { Status: 'Not Started', nested: { list: [1, 'two', null] } },
    },
    state: 'queued',
    attempts: 0,
    maxAttempts: 6,
    notBefore: T,
    externalId: null,
    url: null,
    reason: null,
    detail: null,
    createdAt: T,
    updatedAt: T,
    version: 1,
    ...overrides,
  };
}

/** Contract cases for connector operations. */
export const connectorOperationCases: ContractCase[] = [
  {
    name: 'connector operations: insert then get and getByKey return an equal record, dates inside the work included',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const row = connectorOperationRow(t, 'c-1');
      expect(await store.connectorOperations.insert(row)).toBe(true);
      expect(await store.connectorOperations.get(t, row.id)).toEqual(row);
      expect(await store.connectorOperations.getByKey(t, row.idempotencyKey)).toEqual(row);
      expect(await store.connectorOperations.getByKey(t, 'nope')).toBeNull();
      expect(await store.connectorOperations.get(uniqueId('t'), row.id)).toBeNull();
      const undated = connectorOperationRow(t, null, { work: { ...row.work, dueAt: null, assignee: null } });
      await store.connectorOperations.insert(undated);
      expect(await store.connectorOperations.get(t, undated.id)).toEqual(undated);
    },
  },
  {
    name: 'connector operations: a taken idempotency key or id is refused and the first row kept; keys are per tenant',
    async run(store) {
      const t = uniqueId('t');
      const first = connectorOperationRow(t, null, { idempotencyKey: 'same' });
      expect(await store.connectorOperations.insert(first)).toBe(true);
      expect(await store.connectorOperations.insert(connectorOperationRow(t, null, { idempotencyKey: 'same', connector: 'hubspot' }))).toBe(false);
      expect(await store.connectorOperations.insert({ ...connectorOperationRow(t, null), id: first.id })).toBe(false);
      expect((await store.connectorOperations.getByKey(t, 'same'))?.connector).toBe('salesforce');
      expect(await store.connectorOperations.insert(connectorOperationRow(uniqueId('t'), null, { idempotencyKey: 'same' }))).toBe(true);
    },
  },
  {
    name: 'connector operations: concurrent inserts of one key: exactly one succeeds',
    async run(store) {
      const t = uniqueId('t');
      const results = await Promise.all(Array.from({ length: 8 }, () => store.transaction(async (tx) => tx.connectorOperations.insert(connectorOperationRow(t, null, { idempotencyKey: 'race' })))));
      expect(results.filter(Boolean).length).toBe(1);
    },
  },
  {
    name: 'connector operations: update applies only at the expected version and keeps the key and customer',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const row = connectorOperationRow(t, 'c-1');
      await store.connectorOperations.insert(row);
      const done: ConnectorOperation = { ...row, state: 'succeeded', attempts: 1, externalId: '00T000000000001AAA', url: 'https://acme.my.salesforce.com/00T000000000001AAA', updatedAt: minutesAfter(T, 1), version: 2 };
      expect(await store.connectorOperations.update(done, 5)).toBe(false);
      expect(await store.connectorOperations.update(done, 1)).toBe(true);
      expect(await store.connectorOperations.update({ ...done, version: 3 }, 1)).toBe(false);
      expect(await store.connectorOperations.get(t, row.id)).toEqual(done);
      expect(await store.connectorOperations.update({ ...done, idempotencyKey: 'changed', customerId: null, version: 3 }, 2)).toBe(true);
      expect(await store.connectorOperations.get(t, row.id)).toMatchObject({ idempotencyKey: row.idempotencyKey, customerId: 'c-1', version: 3 });
    },
  },
  {
    name: 'connector operations: list is newest first, filtered by customer, state, connector and cause, and pages by position',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const rows = [
        connectorOperationRow(t, 'c-1', { id: 'op-a', createdAt: minutesAfter(T, 1) }),
        connectorOperationRow(t, 'c-2', { id: 'op-b', createdAt: minutesAfter(T, 2), connector: 'zendesk', operation: 'ticket' }),
        connectorOperationRow(t, 'c-1', { id: 'op-c', createdAt: minutesAfter(T, 3), state: 'succeeded', cause: { type: 'automation', id: 'run-1', step: '0' } }),
        connectorOperationRow(t, null, { id: 'op-d', createdAt: minutesAfter(T, 3) }),
      ];
      for (const r of rows) await store.connectorOperations.insert(r);
      const ids = async (filter: Parameters<typeof store.connectorOperations.list>[1]) => (await store.connectorOperations.list(t, filter)).map((o) => o.id);
      expect(await ids({ limit: 10 })).toEqual(['op-d', 'op-c', 'op-b', 'op-a']);
      expect(await ids({ limit: 10, customerId: 'c-1' })).toEqual(['op-c', 'op-a']);
      expect(await ids({ limit: 10, state: 'succeeded' })).toEqual(['op-c']);
      expect(await ids({ limit: 10, connector: 'zendesk' })).toEqual(['op-b']);
      expect(await ids({ limit: 10, cause: { type: 'automation', id: 'run-1' } })).toEqual(['op-c']);
      expect(await ids({ limit: 2 })).toEqual(['op-d', 'op-c']);
      expect(await ids({ limit: 2, before: { createdAt: minutesAfter(T, 3), id: 'op-c' } })).toEqual(['op-b', 'op-a']);
      expect(await ids({ limit: 10, customerId: 'c-1', before: { createdAt: minutesAfter(T, 3), id: 'op-c' } })).toEqual(['op-a']);
      expect((await store.connectorOperations.getMany(t, ['op-a', 'op-x', 'op-a'])).map((o) => o.id)).toEqual(['op-a']);
    },
  },
  {
    name: 'connector operations: a customer\'s operations go with the customer; others stay',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const gone = connectorOperationRow(t, 'c-1');
      const kept = connectorOperationRow(t, 'c-2');
      const unattached = connectorOperationRow(t, null);
      for (const o of [gone, kept, unattached]) await store.connectorOperations.insert(o);
      await store.reminders.insert(reminderRow(t, 'c-1', T));
      expect(await store.customers.remove(t, 'c-1')).toEqual({ reminders: 1 });
      expect(await store.connectorOperations.get(t, gone.id)).toBeNull();
      expect(await store.connectorOperations.get(t, kept.id)).toEqual(kept);
      expect(await store.connectorOperations.get(t, unattached.id)).toEqual(unattached);
    },
  },
  {
    name: 'connector operations: a rolled-back insert frees its key',
    async run(store) {
      const t = uniqueId('t');
      const row = connectorOperationRow(t, null);
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await tx.connectorOperations.insert(row);
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.connectorOperations.getByKey(t, row.idempotencyKey)).toBeNull();
      expect(await store.connectorOperations.insert(row)).toBe(true);
    },
  },
];
