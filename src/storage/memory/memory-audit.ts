import type { AuditEntry, AuditHead, AuditQuery, NewAuditEntry } from '../../audit/audit-entry';
import { AUDIT_GENESIS_HASH, auditEntryHash } from '../../audit/audit-hash';
import type { AuditRepository } from '../../audit/audit-repository';
import { auditEntryCopy, readAuditEntry } from './clone';
import type { Journal } from '../kit/journal';
import type { MemoryState } from './memory-state';

/**
 * The memory store's audit trail: an array per tenant, entries frozen once written, and
 * the head of each tenant's chain kept apart. Transactions are serialised by the store's
 * mutex, which orders appends, so each entry chains onto the head as it finds it.
 */
export class MemoryAudit implements AuditRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    const { audit, auditHeads } = this.state;
    let trail = audit.get(entry.tenantId);
    if (trail === undefined) {
      trail = [];
      audit.set(entry.tenantId, trail);
    }
    const head = auditHeads.get(entry.tenantId);
    // The hash is computed over the stored copy, so what is read back verifies.
    const copy = auditEntryCopy({ ...entry, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? AUDIT_GENESIS_HASH, hash: '' });
    copy.hash = auditEntryHash(copy);
    const stored = Object.freeze(copy);
    trail.push(stored);
    auditHeads.set(entry.tenantId, { seq: stored.seq, hash: stored.hash });
    const list = trail;
    this.journal.record(() => {
      list.pop();
      if (head === undefined) auditHeads.delete(entry.tenantId);
      else auditHeads.set(entry.tenantId, head);
    });
    return Promise.resolve(readAuditEntry(stored));
  }

  async appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const entry of entries) out.push(await this.append(entry));
    return out;
  }

  head(tenantId: string): Promise<AuditHead | null> {
    const head = this.state.auditHeads.get(tenantId);
    return Promise.resolve(head === undefined ? null : { ...head });
  }

  list(tenantId: string, query: AuditQuery & { limit: number }): Promise<AuditEntry[]> {
    const trail = this.state.audit.get(tenantId) ?? [];
    const desc = query.order === 'desc';
    const out: AuditEntry[] = [];
    const n = trail.length;
    for (let k = 0; k < n && out.length < query.limit; k++) {
      const e = trail[desc ? n - 1 - k : k] as AuditEntry;
      if (query.afterSeq !== undefined && (desc ? e.seq >= query.afterSeq : e.seq <= query.afterSeq)) continue;
      if (query.entityType !== undefined && e.entityType !== query.entityType) continue;
      if (query.entityId !== undefined && e.entityId !== query.entityId) continue;
      if (query.action !== undefined && e.action !== query.action) continue;
      if (query.from !== undefined && e.at.getTime() < query.from.getTime()) continue;
      if (query.to !== undefined && e.at.getTime() >= query.to.getTime()) continue;
      out.push(readAuditEntry(e));
    }
    return Promise.resolve(out);
  }
}
