import type { Reminder, ReminderIndicator, ReminderWhen } from '../model/reminder';
import type { FilterRules } from '../storage/kit/list-filter';
import type { ListOrder } from '../storage/kit/list-order';

/** The filters a store applies to a reminder list. */
export interface ReminderListFilter {
  /** Only this customer's reminders. */
  customerId?: string | undefined;
  /** Only this assignee's reminders. */
  assignee?: string | undefined;
  /** `upcoming` is status scheduled and `dueAt > now`; `past` is every other reminder. */
  when: ReminderWhen;
  /** The instant that separates upcoming from past. */
  now: Date;
  /** At most this many rows. */
  limit: number;
}

/** One item of {@link ReminderRepository.updateMany}. */
export interface ReminderUpdate {
  /** The new state. */
  reminder: Reminder;
  /** The version it must still have. */
  expectedVersion: number;
}

/** One item of {@link ReminderRepository.recordFirings}. */
export interface ReminderFiring {
  /** The reminder's tenant. */
  tenantId: string;
  /** The reminder. */
  id: string;
  /** The version it must still have; the firing makes it `expectedVersion + 1`. */
  expectedVersion: number;
  /** Its new `lastFiredAt`. */
  firedAt: Date;
  /** Its new `updatedAt`. */
  updatedAt: Date;
  /** Its due time from now on: a recurring reminder's next occurrence, else the time that fired. */
  dueAt: Date;
}

/** Reminders of each tenant. */
export interface ReminderRepository {
  /** One reminder, or null. */
  get(tenantId: string, id: string): Promise<Reminder | null>;
  /** The reminders with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Reminder[]>;
  /** Adds a reminder. Its customer MUST exist in the same tenant (the caller checks it in the same transaction). */
  insert(reminder: Reminder): Promise<void>;
  /** Replaces a reminder only if its stored `version` is `expectedVersion`; false otherwise. */
  update(reminder: Reminder, expectedVersion: number): Promise<boolean>;
  /**
   * Replaces many reminders, each only if its stored `version` is its `expectedVersion`:
   * the same result as `update` on each in turn. Returns, in input order, which were replaced.
   */
  updateMany(updates: readonly ReminderUpdate[]): Promise<boolean[]>;
  /**
   * Optional capability (the scheduler falls back to `updateMany`): records that reminders
   * fired. Each reminder still at its `expectedVersion` gets `fireCount + 1`, the given
   * `lastFiredAt`, `updatedAt` and `dueAt`, and `version + 1`, and nothing else changes: the
   * same result as `update` with those fields, for each in turn. Returns, in input order,
   * which were recorded. Only the changed fields travel, which is what makes a batch of
   * firings cheap.
   */
  recordFirings?(firings: readonly ReminderFiring[]): Promise<boolean[]>;
  /** Deletes a reminder; false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
  /** Ids of a customer's reminders. */
  idsOfCustomer(tenantId: string, customerId: string): Promise<string[]>;
  /** Reminders matching the filter, sorted by `dueAt` then id. */
  list(tenantId: string, filter: ReminderListFilter): Promise<Reminder[]>;
  /**
   * For each customer id, whether a scheduled reminder is due after `now` and the
   * earliest such time. One call for the whole list; MUST use an index on the due
   * time rather than reading every reminder of the tenant.
   */
  indicators(tenantId: string, customerIds: readonly string[], now: Date): Promise<Map<string, ReminderIndicator>>;
}

/** The order of {@link ReminderRepository.list}: due time, then id. */
export const REMINDER_LIST_ORDER: ListOrder<Reminder> = [
  { field: 'dueAt', type: 'time' },
  { field: 'id', type: 'text' },
];

/** How the plain fields of {@link ReminderListFilter} select reminders, in every store (`when` against `now` is each store's own). */
export const REMINDER_LIST_FILTER: FilterRules<Reminder, ReminderListFilter> = {
  customerId: { column: 'customer_id', of: (r) => r.customerId },
  assignee: { column: 'assignee', of: (r) => r.assignee },
};
