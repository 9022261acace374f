import type { Reminder, ReminderIndicator } from '../../model/reminder';
import { REMINDER_LIST_FILTER, REMINDER_LIST_ORDER, type ReminderRepository } from '../../reminders/reminder-repository';
import type { Journal } from '../kit/journal';
import type { MemoryState } from './memory-state';

/** The memory store's reminders, indexed per customer for lists and indicators. */
export function memoryReminders(state: MemoryState, journal: Journal): ReminderRepository {
  const table = state.reminders;
  const upcoming = (r: Reminder, now: number): boolean => r.status === 'scheduled' && r.dueAt.getTime() > now;
  return {
    ...table.basics(journal),
    async insert(reminder) {
      if (state.customers.get(reminder.tenantId, reminder.customerId) === null) {
        throw new Error(`Customer ${reminder.customerId} does not exist in tenant ${reminder.tenantId}; a reminder needs its customer.`);
      }
      if (!table.insert(journal, reminder)) throw new Error(`Reminder ${reminder.id} already exists.`);
    },
    updateMany: async (updates) => updates.map((u) => table.update(journal, u.reminder, u.expectedVersion)),
    recordFirings: async (firings) =>
      firings.map((f) => {
        const current = table.get(f.tenantId, f.id);
        if (current === null || current.version !== f.expectedVersion) return false;
        const fired = { ...current, fireCount: current.fireCount + 1, lastFiredAt: f.firedAt, updatedAt: f.updatedAt, dueAt: f.dueAt, version: current.version + 1 };
        return table.update(journal, fired, f.expectedVersion);
      }),
    remove: async (tenantId, id) => table.remove(journal, tenantId, id) !== null,
    idsOfCustomer: async (tenantId, customerId) => table.rows(tenantId, { name: 'customer', value: customerId }).map((r) => r.id),
    list: async (tenantId, filter) =>
      table.list(tenantId, {
        index: filter.customerId === undefined ? undefined : { name: 'customer', value: filter.customerId },
        rules: REMINDER_LIST_FILTER,
        filter,
        also: (r) => filter.when === 'all' || upcoming(r, filter.now.getTime()) === (filter.when === 'upcoming'),
        order: REMINDER_LIST_ORDER,
        limit: filter.limit,
      }),
    async indicators(tenantId, customerIds, now) {
      const result = new Map<string, ReminderIndicator>();
      for (const customerId of customerIds) {
        let next: number | null = null;
        for (const r of table.rows(tenantId, { name: 'customer', value: customerId })) {
          if (upcoming(r, now.getTime()) && (next === null || r.dueAt.getTime() < next)) next = r.dueAt.getTime();
        }
        result.set(customerId, { upcoming: next !== null, nextDueAt: next === null ? null : new Date(next) });
      }
      return result;
    },
  };
}
