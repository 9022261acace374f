import type { AuditEntry, AuditQuery, NewAuditEntry } from '../../audit/audit-entry';
import type { AuditRepository } from '../store';
import { freezeAuditEntry, readAuditEntry } from './clone';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's audit trail: an array per tenant, entries frozen once written. */
export class MemoryAudit implements AuditRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    this.journal.assertOpen();
    let trail = this.state.audit.get(entry.tenantId);
    if (trail === undefined) {
      trail = [];
      this.state.audit.set(entry.tenantId, trail);
    }
    const stored = freezeAuditEntry({ ...entry, seq: trail.length + 1 });
    trail.push(stored);
    const list = trail;
    this.journal.record(() => list.pop());
    return Promise.resolve(readAuditEntry(stored));
  }

  async appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const entry of entries) out.push(await this.append(entry));
    return out;
  }

  list(tenantId: string, query: AuditQuery & { limit: number }): Promise<AuditEntry[]> {
    this.journal.assertOpen();
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
