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
    this.#sealTenant(entry.tenantId, Number.POSITIVE_INFINITY);
    // The hash is computed over the stored copy, so what is read back verifies.
    return Promise.resolve(readAuditEntry(this.#chain(auditEntryCopy({ ...entry, seq: 0, prevHash: '', hash: '' }))));
  }

  appendPending(entries: readonly NewAuditEntry[]): Promise<void> {
    const { auditPending } = this.state;
    for (const entry of entries) {
      let list = auditPending.get(entry.tenantId);
      if (list === undefined) {
        list = [];
        auditPending.set(entry.tenantId, list);
      }
      list.push(auditEntryCopy({ ...entry, seq: 0, prevHash: '', hash: '' }));
      const appended = list;
      this.journal.record(() => void appended.pop());
    }
    return Promise.resolve();
  }

  seal(tenantIds?: readonly string[], limit = Number.POSITIVE_INFINITY): Promise<number> {
    let sealed = 0;
    for (const tenantId of tenantIds ?? [...this.state.auditPending.keys()]) {
      if (sealed >= limit) break;
      sealed += this.#sealTenant(tenantId, limit - sealed);
    }
    return Promise.resolve(sealed);
  }

  pendingCount(tenantId: string): Promise<number> {
    return Promise.resolve(this.state.auditPending.get(tenantId)?.length ?? 0);
  }

  /** Chains up to `limit` of the tenant's pending entries onto its head, oldest first. */
  #sealTenant(tenantId: string, limit: number): number {
    const { auditPending } = this.state;
    const list = auditPending.get(tenantId);
    if (list === undefined || list.length === 0) return 0;
    const taken = list.splice(0, Math.min(limit, list.length));
    if (list.length === 0) auditPending.delete(tenantId);
    this.journal.record(() => {
      const current = auditPending.get(tenantId);
      if (current === undefined) auditPending.set(tenantId, taken);
      else current.unshift(...taken);
    });
    // Sealing numbers copies: a rolled-back seal puts the unnumbered entries back.
    for (const entry of taken) this.#chain({ ...entry });
    return taken.length;
  }

  /** Numbers and chains a copy made by `auditEntryCopy` onto its tenant's head, freezes and stores it. */
  #chain(copy: AuditEntry): AuditEntry {
    const { audit, auditHeads } = this.state;
    let trail = audit.get(copy.tenantId);
    if (trail === undefined) {
      trail = [];
      audit.set(copy.tenantId, trail);
    }
    const head = auditHeads.get(copy.tenantId);
    copy.seq = (head?.seq ?? 0) + 1;
    copy.prevHash = head?.hash ?? AUDIT_GENESIS_HASH;
    copy.hash = auditEntryHash(copy);
    const stored = Object.freeze(copy);
    trail.push(stored);
    auditHeads.set(copy.tenantId, { seq: stored.seq, hash: stored.hash });
    const list = trail;
    this.journal.record(() => {
      list.pop();
      if (head === undefined) auditHeads.delete(copy.tenantId);
      else auditHeads.set(copy.tenantId, head);
    });
    return stored;
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
