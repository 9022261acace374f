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
  /** Sealed entries matching the query (never the unsealed ones). */
  list(tenantId: string, query: AuditQuery & { limit: number }): Promise<AuditEntry[]>;

  /**
   * Optional capability, with {@link seal} and {@link pendingCount}: appends entries
   * **unsealed**, neither numbered nor chained, without touching the head, so writers of
   * one tenant never wait for each other. The scheduler's batches use it and have the
   * entries sealed right after they commit (docs/audit.md). Pending entries MUST commit
   * or roll back with the transaction that appends them, MUST keep the order they were
   * appended in, and MUST NOT be returned by {@link list} until sealed. Without this
   * capability the engine appends with {@link appendMany}.
   */
  appendPending?(entries: readonly NewAuditEntry[]): Promise<void>;
  /**
   * Seals committed pending entries of these tenants (of every tenant when omitted), at
   * most `limit` of them: numbers each after the tenant's head and chains it exactly as
   * {@link append} would, oldest first, under the same head lock as `append`, so sealed
   * and directly appended entries form one chain. Concurrent seals MUST NOT seal an entry
   * twice nor skip one. Returns how many it sealed (fewer than `limit` means none are
   * left that had committed when it looked). {@link append} and {@link appendMany} MUST
   * seal a tenant's committed pending entries before chaining their own, so the trail
   * keeps the order in which changes committed.
   */
  seal?(tenantIds?: readonly string[], limit?: number): Promise<number>;
  /** How many of the tenant's entries wait to be sealed. */
  pendingCount?(tenantId: string): Promise<number>;
}
