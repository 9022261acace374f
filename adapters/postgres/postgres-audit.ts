import type { AuditEntry, AuditQuery, NewAuditEntry } from '../../src/audit/audit-entry';
import type { AuditRepository } from '../../src/storage/store';
import { auditToRow, rowToAudit } from './postgres-rows';
import { atomic, type PgContext } from './postgres-session';

/** The audit trail in PostgreSQL. Appends take the next number from the tenant's head row, whose lock orders concurrent appends. */
export class PostgresAudit implements AuditRepository {
  constructor(private readonly ctx: PgContext) {}

  append(entry: NewAuditEntry): Promise<AuditEntry> {
    return atomic(this.ctx.db, async (db) => {
      const head = await db
        .insertInto('audit_heads')
        .values({ tenant_id: entry.tenantId, last_seq: 1 })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ last_seq: eb('audit_heads.last_seq', '+', 1) })))
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const seq = Number(head.last_seq);
      await db.insertInto('audit_entries').values(auditToRow(entry, seq)).execute();
      return { ...entry, seq };
    });
  }

  async list(tenantId: string, query: AuditQuery & { limit: number }): Promise<AuditEntry[]> {
    const desc = query.order === 'desc';
    let q = this.ctx.db.selectFrom('audit_entries').selectAll().where('tenant_id', '=', tenantId);
    if (query.afterSeq !== undefined) q = q.where('seq', desc ? '<' : '>', query.afterSeq);
    if (query.entityType !== undefined) q = q.where('entity_type', '=', query.entityType);
    if (query.entityId !== undefined) q = q.where('entity_id', '=', query.entityId);
    if (query.action !== undefined) q = q.where('action', '=', query.action);
    if (query.from !== undefined) q = q.where('at', '>=', query.from);
    if (query.to !== undefined) q = q.where('at', '<', query.to);
    const rows = await q.orderBy('seq', desc ? 'desc' : 'asc').limit(query.limit).execute();
    return rows.map(rowToAudit);
  }
}
