import type { Reminder, ReminderCreateInput, ReminderIndicator, ReminderListQuery, ReminderPatch } from '../model/reminder';

/**
 * Reminders of the actor's tenant. Every entry point (profile, list, WhatsApp,
 * automation, call outcome, API) goes through these same methods; the entry point is
 * recorded as `source`.
 */
export interface RemindersApi {
  /**
   * Creates a reminder for an existing customer of the tenant and emits
   * `reminder.created`. Throws NotFoundError for an unknown customer and stores nothing.
   *
   * @example
   * ```ts
   * await acme.reminders.create({
   *   customerId: 'c-42',
   *   at: { local: '2026-11-30T10:00' }, // in the customer's zone
   *   note: 'Call back about the renewal',
   *   source: 'profile',
   * });
   * ```
   */
  create(input: ReminderCreateInput): Promise<Reminder>;
  /** One reminder; NotFoundError when it is not in the actor's tenant. */
  get(id: string): Promise<Reminder>;
  /** Changes time, note, assignee or recurrence. Time and recurrence only change on scheduled reminders. */
  update(id: string, patch: ReminderPatch): Promise<Reminder>;
  /** Marks the reminder done (a recurring one ends its series). Completing twice is a no-op. */
  complete(id: string): Promise<Reminder>;
  /** Marks the reminder cancelled; it stays in the history. Cancelling twice is a no-op. */
  cancel(id: string): Promise<Reminder>;
  /** Deletes the reminder; the audit trail keeps what it was. */
  remove(id: string): Promise<void>;
  /** Reminders sorted by due time; `when` picks upcoming, past or all. */
  list(query?: ReminderListQuery): Promise<Reminder[]>;
  /**
   * For each customer id, whether it has an upcoming reminder and when the next one is
   * due, in one store call: the green clock icon of a customer list. Ids of unknown
   * customers come back as not upcoming.
   */
  indicators(customerIds: readonly string[]): Promise<Record<string, ReminderIndicator>>;
}
