import type { JsonValue } from '../model/json';

/**
 * The stored record of an event, written in the same transaction as the change that
 * caused it: a change, its audit entry and its events commit together or not at all.
 */
export interface EventRecord {
  /** The tenant the event happened in. */
  tenantId: string;
  /** Unique id of the record. */
  id: string;
  /** The event name, such as `reminder.created`. */
  name: string;
  /** When it happened. */
  at: Date;
  /** The payload as JSON (dates as ISO strings). */
  payload: JsonValue;
}

/** Filters for reading event records, oldest first. */
export interface EventRecordQuery {
  /** Only this event name. */
  name?: string | undefined;
  /** Only records at or after this instant. */
  from?: Date | undefined;
  /** At most this many. */
  limit: number;
}
