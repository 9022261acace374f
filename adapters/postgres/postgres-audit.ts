import { sql } from 'kysely';
import type { AuditEntry, AuditHead, AuditQuery, NewAuditEntry } from 'tickler';
import { AUDIT_GENESIS_HASH, auditEntryHash, type AuditRepository } from 'tickler/adapter';

import { TABLES } from './postgres-tables';
import type { PgContext } from './postgres-session';

/**
 * The audit trail in PostgreSQL. Each tenant's `audit_heads` row holds the last number
 * and hash of its chain; locking it orders concurrent appends, so every entry chains onto
 * the one committed before it.
 */
export class PostgresAudit implements AuditRepository {
  constructor(private readonly ctx: PgContext) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return (await this.appendMany([entry]))[0] as AuditEntry;
  }

  /**
   * Two round trips whatever the number of tenants: one statement locks every tenant's
   * head (in one fixed order, so concurrent batches never deadlock), reserves the numbers
   * and returns the hash each chain ends with; the hashes are computed here; a second
   * statement inserts every entry and moves every head to its new last hash.
   */
  async appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    // Both statements must commit together, and the head lock must last until they do.
    if (!this.ctx.db.isTransaction) return this.ctx.db.transaction().execute((trx) => new PostgresAudit({ ...this.ctx, db: trx }).appendMany(entries));
    const counts = new Map<string, number>();
    for (const e of entries) counts.set(e.tenantId, (counts.get(e.tenantId) ?? 0) + 1);
    const tenants = [...counts.keys()];
    const { schema } = this.ctx;
    const reserved = await sql<{ tenant_id: string; last_seq: string | number; last_hash: string }>`
      insert into ${sql.id(schema, 'audit_heads')} as h (tenant_id, last_seq, last_hash)
      select t.tenant_id, t.n, ${AUDIT_GENESIS_HASH}
      from jsonb_to_recordset(${JSON.stringify(tenants.map((tenant_id) => ({ tenant_id, n: counts.get(tenant_id) })))}::jsonb) as t(tenant_id text, n bigint)
      order by t.tenant_id collate "C"
      on conflict (tenant_id) do update set last_seq = h.last_seq + excluded.last_seq
      returning h.tenant_id, h.last_seq, h.last_hash`.execute(this.ctx.db);
    // Where each tenant's new entries start: the head before this batch.
    const heads = new Map<string, AuditHead>();
    for (const row of reserved.rows) heads.set(row.tenant_id, { seq: Number(row.last_seq) - (counts.get(row.tenant_id) as number), hash: row.last_hash });
    const chained = entries.map((e) => {
      const head = heads.get(e.tenantId) as AuditHead;
      // As it will read back: JSON columns hold null, never undefined.
      const body = { ...e, actor: { userId: e.actor.userId, roles: [...e.actor.roles] }, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? null, seq: head.seq + 1, prevHash: head.hash };
      const entry: AuditEntry = { ...body, hash: auditEntryHash(body) };
      heads.set(e.tenantId, { seq: entry.seq, hash: entry.hash });
      return entry;
    });
    await sql`
      with added as (
        insert into ${sql.id(schema, 'audit_entries')} (tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason, prev_hash, hash)
        select e.tenant_id, e.seq, e.id, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.before, e.after, e.reason, e.prev_hash, e.hash
        from jsonb_to_recordset(${JSON.stringify(chained.map((e) => TABLES.audit.toRow(e, true)))}::jsonb)
          as e(tenant_id text, seq bigint, id text, at timestamptz, actor jsonb, action text, entity_type text, entity_id text, before jsonb, after jsonb, reason text, prev_hash text, hash text)
      )
      update ${sql.id(schema, 'audit_heads')} as h set last_hash = v.hash
      from jsonb_to_recordset(${JSON.stringify(tenants.map((tenant_id) => ({ tenant_id, hash: heads.get(tenant_id)?.hash })))}::jsonb) as v(tenant_id text, hash text)
      where h.tenant_id = v.tenant_id`.execute(this.ctx.db);
    return chained;
  }

  async head(tenantId: string): Promise<AuditHead | null> {
    const row = await this.ctx.db.selectFrom('audit_heads').select(['last_seq', 'last_hash']).where('tenant_id', '=', tenantId).executeTakeFirst();
    return row === undefined ? null : { seq: Number(row.last_seq), hash: row.last_hash };
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
    return rows.map((r) => TABLES.audit.fromRow(r));
  }
}
