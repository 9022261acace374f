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

  async appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    const byTenant = new Map<string, NewAuditEntry[]>();
    for (const e of entries) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    const seqs = new Map<NewAuditEntry, number>();
    // One statement per tenant, tenants in a fixed order so concurrent batches never deadlock on heads.
    for (const tenantId of [...byTenant.keys()].sort()) {
      const group = byTenant.get(tenantId) as NewAuditEntry[];
      if (group.length === 1) {
        seqs.set(group[0] as NewAuditEntry, (await this.append(group[0] as NewAuditEntry)).seq);
        continue;
      }
      const rows = group.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actor: { userId: e.actor.userId, roles: [...e.actor.roles] },
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        before: e.before,
        after: e.after,
        reason: e.reason,
      }));
      const { schema } = this.ctx;
      const result = await sql<{ last_seq: string | number }>`
        with head as (
          insert into ${sql.id(schema, 'audit_heads')} as h (tenant_id, last_seq) values (${tenantId}, ${group.length})
          on conflict (tenant_id) do update set last_seq = h.last_seq + ${group.length}
          returning last_seq
        ), added as (
          insert into ${sql.id(schema, 'audit_entries')} (tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason)
          select ${tenantId}, head.last_seq - ${group.length} + e.ord, e.id, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.before, e.after, e.reason
          from head, rows from (
            jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
              as (id text, at timestamptz, actor jsonb, action text, entity_type text, entity_id text, before jsonb, after jsonb, reason text)
          ) with ordinality as e(id, at, actor, action, entity_type, entity_id, before, after, reason, ord)
        )
        select last_seq from head`.execute(this.ctx.db);
      const last = Number(result.rows[0]?.last_seq);
      group.forEach((e, i) => seqs.set(e, last - group.length + i + 1));
    }
    return entries.map((e) => ({ ...e, seq: seqs.get(e) as number }));
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
