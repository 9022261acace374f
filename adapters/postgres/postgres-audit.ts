import type { AuditEntry, AuditQuery, NewAuditEntry } from '../../src/audit/audit-entry';
import type { AuditRepository } from '../../src/storage/store';
import { sql } from 'kysely';
import { auditToRow, rowToAudit } from './postgres-rows';
import type { PgContext } from './postgres-session';

/** The audit trail in PostgreSQL. Appends take the next number from the tenant's head row, whose lock orders concurrent appends. */
export class PostgresAudit implements AuditRepository {
  constructor(private readonly ctx: PgContext) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    // One statement: take the next number from the head row (locking it) and insert.
    const r = auditToRow(entry, 0);
    const { schema } = this.ctx;
    const result = await sql<{ seq: string | number }>`
      with head as (
        insert into ${sql.id(schema, 'audit_heads')} as h (tenant_id, last_seq) values (${r.tenant_id}, 1)
        on conflict (tenant_id) do update set last_seq = h.last_seq + 1
        returning last_seq
      )
      insert into ${sql.id(schema, 'audit_entries')} (tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason)
      select ${r.tenant_id}, head.last_seq, ${r.id}, ${r.at}, ${r.actor}::jsonb, ${r.action}, ${r.entity_type}, ${r.entity_id}, ${r.before}::jsonb, ${r.after}::jsonb, ${r.reason}
      from head
      returning seq`.execute(this.ctx.db);
    return { ...entry, seq: Number(result.rows[0]?.seq) };
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
