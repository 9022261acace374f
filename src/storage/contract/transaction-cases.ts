import { expect } from 'vitest';
import type { ContractCase } from './contract-case';
import { customerRow, reminderRow, uniqueId } from './fixtures';

const NOW = new Date('2026-03-01T12:00:00.000Z');

/** Contract cases for commit, rollback and concurrent transactions. */
export const transactionCases: ContractCase[] = [
  {
    name: 'transactions: writes commit together',
    async run(store) {
      const t = uniqueId('t');
      const reminder = reminderRow(t, 'c-1', NOW);
      const result = await store.transaction(async (tx) => {
        await tx.customers.insert(customerRow(t, 'c-1'));
        await tx.reminders.insert(reminder);
        await tx.jobs.schedule({ tenantId: t, id: 'j-1', kind: 'k', refId: reminder.id, runAt: NOW });
        await tx.audit.append({ tenantId: t, id: uniqueId('a'), at: NOW, actor: { userId: 'u', roles: [] }, action: 'x', entityType: 'reminder', entityId: reminder.id, before: null, after: null, reason: null });
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(await store.reminders.get(t, reminder.id)).not.toBeNull();
      expect(await store.jobs.get(t, 'j-1')).not.toBeNull();
      expect((await store.audit.list(t, { limit: 5 })).length).toBe(1);
    },
  },
  {
    name: 'transactions: a throw rolls every write back and rethrows',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-0', { name: 'Before' }));
      await store.jobs.schedule({ tenantId: t, id: 'j-0', kind: 'k', refId: 'x', runAt: NOW });
      const reminder = reminderRow(t, 'c-1', NOW);
      const boom = new Error('boom');
      await expect(
        store.transaction(async (tx) => {
          await tx.customers.insert(customerRow(t, 'c-1'));
          await tx.reminders.insert(reminder);
          await tx.customers.update(customerRow(t, 'c-0', { name: 'During', version: 2 }), 1);
          await tx.jobs.schedule({ tenantId: t, id: 'j-1', kind: 'k', refId: reminder.id, runAt: NOW });
          await tx.jobs.cancel(t, 'j-0');
          await tx.audit.append({ tenantId: t, id: uniqueId('a'), at: NOW, actor: { userId: 'u', roles: [] }, action: 'x', entityType: 'reminder', entityId: reminder.id, before: null, after: null, reason: null });
          await tx.tenants.put({ tenantId: t, timezone: 'Asia/Tokyo', locale: 'ja', defaultCountry: 'JP', sendWindow: null, defaultDunningPolicyId: null });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.customers.get(t, 'c-1')).toBeNull();
      expect(await store.reminders.get(t, reminder.id)).toBeNull();
      expect((await store.customers.get(t, 'c-0'))?.name).toBe('Before');
      expect(await store.jobs.get(t, 'j-1')).toBeNull();
      expect(await store.jobs.get(t, 'j-0')).not.toBeNull();
      expect(await store.audit.list(t, { limit: 5 })).toEqual([]);
      expect(await store.tenants.get(t)).toBeNull();
      const claimed = await store.jobs.claimDue({ now: NOW, limit: 10, leaseMs: 1000, owner: 'w' });
      expect(claimed.map((j) => j.id)).toEqual(['j-0']);
    },
  },
  {
    name: 'transactions: concurrent read-modify-write transactions never lose an update',
    async run(store) {
      const t = uniqueId('t');
      const row = customerRow(t, 'c-1');
      await store.customers.insert(row);
      const attempt = (name: string) =>
        store
          .transaction(async (tx) => {
            const current = await tx.customers.get(t, 'c-1');
            if (current === null) return false;
            return tx.customers.update({ ...current, name, version: current.version + 1 }, current.version);
          })
          .catch(() => false);
      const results = await Promise.all([attempt('A'), attempt('B'), attempt('C'), attempt('D')]);
      const stored = await store.customers.get(t, 'c-1');
      expect(stored?.version).toBe(1 + results.filter(Boolean).length);
      expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    },
  },
];
