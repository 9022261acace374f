import type { EventRecord, EventRecordQuery } from './event-record';

/** The record of emitted events, append-only. */
export interface EventRecordRepository {
  /** Appends records (possibly of several tenants) atomically. */
  appendMany(records: readonly EventRecord[]): Promise<void>;
  /** The tenant's records matching the query, oldest first (by time, then insertion). */
  list(tenantId: string, query: EventRecordQuery): Promise<EventRecord[]>;
}
