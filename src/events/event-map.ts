import type { ActorRef } from '../access/actor';
import type { Customer } from '../model/customer';
import type { Reminder } from '../model/reminder';

/** Fields every tenant-scoped event carries. */
export interface TenantEvent {
  /** The tenant the event happened in. */
  tenantId: string;
  /** Who caused it. */
  actor: ActorRef;
  /** When it happened, by the engine's clock. */
  at: Date;
}

/** Identifies one delivery of a due row to handlers. */
export interface Delivery {
  /** Stable across redeliveries of the same occurrence: use it to make a handler idempotent. */
  id: string;
  /** 1 on the first delivery, 2 when a worker died holding it and another took over, and so on. */
  attempt: number;
}

/**
 * Every event tickler emits, by name. `tickler.on(name, handler)` is typed by this map.
 * Events are emitted after the change that caused them is committed, never for a
 * rolled-back change.
 */
export interface TicklerEventMap {
  /** A customer was created by `customers.upsert`. */
  'customer.created': TenantEvent & { customer: Customer };
  /** An existing customer changed; `changed` names the fields that did. */
  'customer.updated': TenantEvent & { customer: Customer; before: Customer; changed: string[] };
  /** A customer's status changed (also emitted on creation when a status is given, from `null`). */
  'customer.status_changed': TenantEvent & { customer: Customer; from: string | null; to: string | null };
  /** A customer's folder changed (also emitted on creation when a folder is given, from `null`). */
  'customer.folder_changed': TenantEvent & { customer: Customer; from: string | null; to: string | null };
  /** A customer was removed, with its reminders. */
  'customer.removed': TenantEvent & { customer: Customer; removedReminders: number };
  /** A reminder was created, from any source. */
  'reminder.created': TenantEvent & { reminder: Reminder };
  /** A reminder's time, note, assignee or recurrence changed. */
  'reminder.updated': TenantEvent & { reminder: Reminder; before: Reminder; changed: string[] };
  /** A reminder was completed. */
  'reminder.completed': TenantEvent & { reminder: Reminder };
  /** A reminder was cancelled. */
  'reminder.cancelled': TenantEvent & { reminder: Reminder };
  /** A reminder was removed. */
  'reminder.removed': TenantEvent & { reminder: Reminder };
  /**
   * A reminder fell due. Emitted by the scheduler while it holds the row; the handlers
   * are awaited before the row is marked done. Delivered at least once: see `delivery`.
   */
  'reminder.due': TenantEvent & { reminder: Reminder; occurrence: Date; delivery: Delivery };
  /** A handler threw or rejected, or the engine hit an error it recovered from. */
  error: { error: unknown; event?: string | undefined; message: string };
}

/** The name of an event in {@link TicklerEventMap}. */
export type TicklerEventName = keyof TicklerEventMap;

/** A handler for event `K`; it may be async. */
export type TicklerEventHandler<K extends TicklerEventName> = (payload: TicklerEventMap[K]) => void | Promise<void>;
