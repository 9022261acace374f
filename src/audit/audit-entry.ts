import type { ActorRef } from '../access/actor';
import type { JsonValue } from '../model/json';

/** One line of the append-only audit trail. */
export interface AuditEntry {
  /** The tenant the entry belongs to. */
  tenantId: string;
  /** Position in the tenant's trail, from 1, without gaps. */
  seq: number;
  /** Unique id of the entry. */
  id: string;
  /** When it happened. */
  at: Date;
  /** Who did it. */
  actor: ActorRef;
  /** What was done, such as `reminder.created`. */
  action: string;
  /** The kind of entity changed, such as `reminder`. */
  entityType: string;
  /** The id of the entity changed. */
  entityId: string;
  /** The entity before the change, as JSON, or null when it did not exist. */
  before: JsonValue;
  /** The entity after the change, as JSON, or null when it no longer exists. */
  after: JsonValue;
  /** Why, when the change was not a direct user command (the source, the rule that fired). */
  reason: string | null;
  /**
   * The `hash` of the tenant's previous entry (hex SHA-256), or 64 zeros for the first
   * entry ({@link AUDIT_GENESIS_HASH}): the link that makes the trail a chain.
   */
  prevHash: string;
  /** This entry's hash (hex SHA-256) over its content and `prevHash`: see {@link auditEntryHash}. */
  hash: string;
}

/** An entry before the store numbers and chains it: the store assigns `seq`, `prevHash` and `hash`. */
export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/**
 * The end of a tenant's chain as the store recorded it when it last appended, kept
 * apart from the entries: comparing it with the last entry read reveals entries removed
 * from the end of the trail.
 */
export interface AuditHead {
  /** The `seq` of the tenant's last entry. */
  seq: number;
  /** The `hash` of the tenant's last entry. */
  hash: string;
}

/** Filters for reading the trail. */
export interface AuditQuery {
  /** Only entries about this kind of entity. */
  entityType?: string | undefined;
  /** Only entries about this entity id. */
  entityId?: string | undefined;
  /** Only this action. */
  action?: string | undefined;
  /** Only entries at or after this instant. */
  from?: Date | undefined;
  /** Only entries before this instant. */
  to?: Date | undefined;
  /** Only entries with a `seq` greater than this (ascending) or smaller (descending): the cursor. */
  afterSeq?: number | undefined;
  /** `asc` (oldest first, the default) or `desc`. */
  order?: 'asc' | 'desc' | undefined;
  /** At most this many (default 100, at most 1,000). */
  limit?: number | undefined;
}
