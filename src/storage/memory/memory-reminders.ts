import type { Reminder, ReminderIndicator } from '../../model/reminder';
import type { ReminderListFilter, ReminderRepository, ReminderUpdate } from '../store';
import { cloneReminder } from './clone';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's reminders, indexed per customer for lists and indicators. */
export class MemoryReminders implements ReminderRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<Reminder | null> {
    this.journal.assertOpen();
    const r = this.state.reminders.get(tenantId)?.get(id);
    return Promise.resolve(r === undefined ? null : cloneReminder(r));
  }

  getMany(tenantId: string, ids: readonly string[]): Promise<Reminder[]> {
    this.journal.assertOpen();
    const table = this.state.reminders.get(tenantId);
    const found: Reminder[] = [];
    for (const id of new Set(ids)) {
      const r = table?.get(id);
      if (r !== undefined) found.push(cloneReminder(r));
    }
    return Promise.resolve(found);
  }

  insert(reminder: Reminder): Promise<void> {
    this.journal.assertOpen();
    const { tenantId, id, customerId } = reminder;
    if (this.state.customers.get(tenantId)?.has(customerId) !== true) {
      return Promise.reject(new Error(`Customer ${customerId} does not exist in tenant ${tenantId}; a reminder needs its customer.`));
    }
    const table = this.state.tenantMap(this.state.reminders, tenantId);
    if (table.has(id)) return Promise.reject(new Error(`Reminder ${id} already exists.`));
    table.set(id, cloneReminder(reminder));
    const ids = this.state.customerReminderIds(tenantId, customerId);
    ids.add(id);
    this.journal.record(() => {
      table.delete(id);
      ids.delete(id);
    });
    return Promise.resolve();
  }

  update(reminder: Reminder, expectedVersion: number): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.reminders.get(reminder.tenantId);
    const current = table?.get(reminder.id);
    if (table === undefined || current === undefined || current.version !== expectedVersion) return Promise.resolve(false);
    if (current.customerId !== reminder.customerId) return Promise.reject(new Error('A reminder cannot move to another customer.'));
    table.set(reminder.id, cloneReminder(reminder));
    this.journal.record(() => table.set(reminder.id, current));
    return Promise.resolve(true);
  }

  async updateMany(updates: readonly ReminderUpdate[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (const u of updates) out.push(await this.update(u.reminder, u.expectedVersion));
    return out;
  }

  remove(tenantId: string, id: string): Promise<boolean> {
    this.journal.assertOpen();
    return Promise.resolve(removeReminderRow(this.state, this.journal, tenantId, id));
  }

  idsOfCustomer(tenantId: string, customerId: string): Promise<string[]> {
    this.journal.assertOpen();
    return Promise.resolve([...(this.state.remindersByCustomer.get(tenantId)?.get(customerId) ?? [])]);
  }

  list(tenantId: string, filter: ReminderListFilter): Promise<Reminder[]> {
    this.journal.assertOpen();
    const table = this.state.reminders.get(tenantId);
    if (table === undefined) return Promise.resolve([]);
    const candidates: Iterable<Reminder> =
      filter.customerId === undefined
        ? table.values()
        : [...(this.state.remindersByCustomer.get(tenantId)?.get(filter.customerId) ?? [])].map((id) => table.get(id) as Reminder);
    const now = filter.now.getTime();
    const rows: Reminder[] = [];
    for (const r of candidates) {
      if (filter.assignee !== undefined && r.assignee !== filter.assignee) continue;
      const upcoming = r.status === 'scheduled' && r.dueAt.getTime() > now;
      if (filter.when === 'upcoming' && !upcoming) continue;
      if (filter.when === 'past' && upcoming) continue;
      rows.push(r);
    }
    rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(rows.slice(0, filter.limit).map(cloneReminder));
  }

  indicators(tenantId: string, customerIds: readonly string[], now: Date): Promise<Map<string, ReminderIndicator>> {
    this.journal.assertOpen();
    const table = this.state.reminders.get(tenantId);
    const byCustomer = this.state.remindersByCustomer.get(tenantId);
    const nowMs = now.getTime();
    const result = new Map<string, ReminderIndicator>();
    for (const customerId of customerIds) {
      let next: number | null = null;
      for (const id of byCustomer?.get(customerId) ?? []) {
        const r = table?.get(id);
        if (r === undefined || r.status !== 'scheduled') continue;
        const due = r.dueAt.getTime();
        if (due > nowMs && (next === null || due < next)) next = due;
      }
      result.set(customerId, { upcoming: next !== null, nextDueAt: next === null ? null : new Date(next) });
    }
    return Promise.resolve(result);
  }
}

/** Deletes one reminder row and its index entry, journalled. */
export function removeReminderRow(state: MemoryState, journal: Journal, tenantId: string, id: string): boolean {
  const table = state.reminders.get(tenantId);
  const current = table?.get(id);
  if (table === undefined || current === undefined) return false;
  table.delete(id);
  const ids = state.customerReminderIds(tenantId, current.customerId);
  ids.delete(id);
  journal.record(() => {
    table.set(id, current);
    ids.add(id);
  });
  return true;
}
