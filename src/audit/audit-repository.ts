import type { AuditEntry, AuditHead, AuditQuery, NewAuditEntry } from './audit-entry';

/**
 * The append-only audit trail: per tenant, a chain of entries numbered 1, 2, 3, each
 * holding the hash of the one before (see `auditEntryHash`).
 */
export interface AuditRepository {
  /**
   * Appends an entry and returns it chained: `seq` is the tenant's head `seq` plus one,
   * `prevHash` the head's `hash` (or {@link AUDIT_GENESIS_HASH} for the first entry), and
   * `hash` is `auditEntryHash` of the entry as it will be read back; the head becomes
   * this entry. Concurrent appends to one tenant MUST be ordered (a lock on the head) so
   * that every committed entry chains onto the one committed before it; a rolled-back
   * append MUST leave the head as it was.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Appends entries, possibly of several tenants, atomically, keeping their order within
   * each tenant: the same result as `append` on each in turn, in fewer round trips.
   */
  appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]>;
  /**
   * The tenant's head: the `seq` and `hash` of its last entry as recorded by the appends,
   * kept apart from the entries (so removing the last entries shows), or null when the
   * tenant has none. A head read before a list MUST be covered by that list: every entry
   * up to it has committed.
   */
  head(tenantId: string): Promise<AuditHead | null>;
  /** Entries matching the query. */
  list(tenantId: string, query: AuditQuery & { limit: number }): Promise<AuditEntry[]>;
}
