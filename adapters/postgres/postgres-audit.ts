import { sql } from 'kysely';
import type { AuditEntry, AuditHead, AuditQuery, NewAuditEntry } from 'tickler';
import { AUDIT_GENESIS_HASH, auditEntryHashOfParts, auditEntryParts, type AuditEntryParts, type AuditRepository } from 'tickler/adapter';

import { TABLES } from './postgres-tables';
import type { PgContext } from './postgres-session';

/** An entry about to be written to `audit_entries`: numbered and chained, its JSON already text. */
interface Sealed {
  parts: AuditEntryParts;
  seq: number;
  prevHash: string;
  hash: string;
  /** Its place in `audit_pending`, when it is moved from there. */
  pos: string | null;
}

/** A row of `audit_pending` with its JSON as the text it was written as. */
interface PendingRow {
  pos: string;
  tenant_id: string;
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
}

/** Pending entries moved per statement when a command finds its tenant's pending ones first. */
const MOVE_LIMIT = 10_000;

/**
 * The audit trail in PostgreSQL. Each tenant's `audit_heads` row holds the last number
 * and hash of its chain; locking it orders everything that chains, so every entry chains
 * onto the one committed before it. The scheduler's batches append to `audit_pending`
 * instead, without that lock, and the sealer moves their entries into the chain.
 *
 * JSON is written as canonical JSON text into `json` columns, which keep it as written, so
 * a sealer hashes what it reads back without parsing it.
 */
export class PostgresAudit implements AuditRepository {
  constructor(private readonly ctx: PgContext) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    return (await this.appendMany([entry]))[0] as AuditEntry;
  }

  /**
   * Two round trips whatever the number of tenants, unless some have pending entries:
   * one statement locks every tenant's head (in one fixed order, so concurrent batches
   * never deadlock) and says which have pending entries; those are read and chained first
   * (a third round trip); a last statement moves them, inserts every entry and moves every
   * head.
   */
  async appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]> {
    if (entries.length === 0) return [];
    // The statements must commit together, and the head lock must last until they do.
    if (!this.ctx.db.isTransaction) return this.ctx.db.transaction().execute((trx) => new PostgresAudit({ ...this.ctx, db: trx }).appendMany(entries));
    const tenants = [...new Set(entries.map((e) => e.tenantId))];
    const { heads, withPending } = await this.#lockHeads(tenants);
    const sealed: Sealed[] = [];
    if (withPending.length > 0) sealed.push(...this.#chainRows(await this.#pendingRows(withPending, MOVE_LIMIT), heads));
    const own = entries.map((e) => this.#chainOne(auditEntryParts({ ...e, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? null }), heads, null));
    await this.#write([...sealed, ...own], heads);
    return own.map((s, i) => {
      const e = entries[i] as NewAuditEntry;
      // As it reads back: JSON columns hold null, never undefined.
      return { ...e, actor: { userId: e.actor.userId, roles: [...e.actor.roles] }, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? null, seq: s.seq, prevHash: s.prevHash, hash: s.hash };
    });
  }

  async appendPending(entries: readonly NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const parts = entries.map((e) => auditEntryParts({ ...e, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? null }));
    // Arrays of canonical JSON text: `json` keeps that text as written, for the sealer to hash.
    await sql`
      insert into ${sql.id(this.ctx.schema, 'audit_pending')} (tenant_id, id, at, actor, action, entity_type, entity_id, before, after, reason)
      select tenant_id, id, at, actor, action, entity_type, entity_id, before, after, reason
      from unnest(${parts.map((p) => p.tenantId)}::text[], ${parts.map((p) => p.id)}::text[], ${parts.map((p) => p.at)}::timestamptz[],
        ${parts.map((p) => p.actor)}::json[], ${parts.map((p) => p.action)}::text[], ${parts.map((p) => p.entityType)}::text[],
        ${parts.map((p) => p.entityId)}::text[], ${parts.map((p) => p.before)}::json[], ${parts.map((p) => p.after)}::json[],
        ${parts.map((p) => p.reason)}::text[]) with ordinality
        as e(tenant_id, id, at, actor, action, entity_type, entity_id, before, after, reason, ord)
      order by ord`.execute(this.ctx.db);
  }

  async seal(tenantIds?: readonly string[], limit = 5_000): Promise<number> {
    const { schema } = this.ctx;
    // Looked at without a lock first: when nothing is pending, that is all a seal costs.
    const found = await sql<{ tenant_id: string }>`
      select distinct tenant_id from ${sql.id(schema, 'audit_pending')}
      where ${tenantIds === undefined ? sql`true` : sql`tenant_id = any(${[...tenantIds]}::text[])`}`.execute(this.ctx.db);
    if (found.rows.length === 0) return 0;
    if (!this.ctx.db.isTransaction) return this.ctx.db.transaction().execute((trx) => new PostgresAudit({ ...this.ctx, db: trx }).#sealLocked(found.rows.map((r) => r.tenant_id), limit));
    return this.#sealLocked(found.rows.map((r) => r.tenant_id), limit);
  }

  async pendingCount(tenantId: string): Promise<number> {
    const row = await sql<{ n: string }>`select count(*) as n from ${sql.id(this.ctx.schema, 'audit_pending')} where tenant_id = ${tenantId}`.execute(this.ctx.db);
    return Number(row.rows[0]?.n ?? 0);
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

  async #sealLocked(tenants: string[], limit: number): Promise<number> {
    // Another seal may have taken them while this one waited for the heads.
    const { heads, withPending } = await this.#lockHeads(tenants);
    if (withPending.length === 0) return 0;
    const sealed = this.#chainRows(await this.#pendingRows(withPending, limit), heads);
    await this.#write(sealed, heads);
    return sealed.length;
  }

  /**
   * Locks the heads of `tenants` in one fixed order (creating missing ones), returns them,
   * and which of those tenants have committed pending entries.
   */
  async #lockHeads(tenants: readonly string[]): Promise<{ heads: Map<string, AuditHead>; withPending: string[] }> {
    const { schema } = this.ctx;
    const locked = await sql<{ tenant_id: string; last_seq: string | number; last_hash: string; pending: boolean }>`
      insert into ${sql.id(schema, 'audit_heads')} as h (tenant_id, last_seq, last_hash)
      select t, 0, ${AUDIT_GENESIS_HASH} from unnest(${[...tenants]}::text[]) as t order by t collate "C"
      on conflict (tenant_id) do update set last_seq = h.last_seq
      returning h.tenant_id, h.last_seq, h.last_hash, exists (select 1 from ${sql.id(schema, 'audit_pending')} p where p.tenant_id = h.tenant_id) as pending`.execute(this.ctx.db);
    const heads = new Map<string, AuditHead>();
    const withPending: string[] = [];
    for (const row of locked.rows) {
      heads.set(row.tenant_id, { seq: Number(row.last_seq), hash: row.last_hash });
      if (row.pending) withPending.push(row.tenant_id);
    }
    return { heads, withPending };
  }

  async #pendingRows(tenants: readonly string[], limit: number): Promise<PendingRow[]> {
    const rows = await sql<PendingRow>`
      select pos, tenant_id, id, at, actor::text as actor, action, entity_type, entity_id, before::text as before, after::text as after, reason
      from ${sql.id(this.ctx.schema, 'audit_pending')} where tenant_id = any(${[...tenants]}::text[]) order by pos limit ${limit}`.execute(this.ctx.db);
    return rows.rows;
  }

  #chainRows(rows: readonly PendingRow[], heads: Map<string, AuditHead>): Sealed[] {
    return rows.map((r) =>
      this.#chainOne(
        {
          tenantId: r.tenant_id,
          id: r.id,
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before ?? 'null',
          after: r.after ?? 'null',
          reason: r.reason,
        },
        heads,
        r.pos,
      ),
    );
  }

  /** Numbers and chains one entry onto its tenant's head, moving the head. */
  #chainOne(parts: AuditEntryParts, heads: Map<string, AuditHead>, pos: string | null): Sealed {
    const head = heads.get(parts.tenantId) as AuditHead;
    const seq = head.seq + 1;
    const hash = auditEntryHashOfParts(parts, seq, head.hash);
    heads.set(parts.tenantId, { seq, hash });
    return { parts, seq, prevHash: head.hash, hash, pos };
  }

  /** One statement: takes moved entries out of `audit_pending`, inserts every entry, moves the heads. */
  async #write(sealed: readonly Sealed[], heads: Map<string, AuditHead>): Promise<void> {
    if (sealed.length === 0) return;
    const { schema } = this.ctx;
    const moved = sealed.filter((s) => s.pos !== null);
    const fresh = sealed.filter((s) => s.pos === null);
    const col = <T>(items: readonly Sealed[], pick: (s: Sealed) => T): T[] => items.map(pick);
    const tenants = [...new Set(sealed.map((s) => s.parts.tenantId))];
    await sql`
      with moved as (
        delete from ${sql.id(schema, 'audit_pending')} p
        using unnest(${col(moved, (s) => s.pos)}::bigint[], ${col(moved, (s) => s.seq)}::bigint[], ${col(moved, (s) => s.prevHash)}::text[], ${col(moved, (s) => s.hash)}::text[])
          as s(pos, seq, prev_hash, hash)
        where p.pos = s.pos
        returning p.tenant_id, s.seq, p.id, p.at, p.actor, p.action, p.entity_type, p.entity_id, p.before, p.after, p.reason, s.prev_hash, s.hash
      ), added as (
        -- Runs to completion though nothing reads it, like every data-modifying WITH.
        insert into ${sql.id(schema, 'audit_entries')} (tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason, prev_hash, hash)
        select * from moved
        union all
        select * from unnest(${col(fresh, (s) => s.parts.tenantId)}::text[], ${col(fresh, (s) => s.seq)}::bigint[], ${col(fresh, (s) => s.parts.id)}::text[],
          ${col(fresh, (s) => s.parts.at)}::timestamptz[], ${col(fresh, (s) => s.parts.actor)}::json[], ${col(fresh, (s) => s.parts.action)}::text[],
          ${col(fresh, (s) => s.parts.entityType)}::text[], ${col(fresh, (s) => s.parts.entityId)}::text[], ${col(fresh, (s) => s.parts.before)}::json[],
          ${col(fresh, (s) => s.parts.after)}::json[], ${col(fresh, (s) => s.parts.reason)}::text[], ${col(fresh, (s) => s.prevHash)}::text[], ${col(fresh, (s) => s.hash)}::text[])
      )
      update ${sql.id(schema, 'audit_heads')} as h set last_seq = v.seq, last_hash = v.hash
      from unnest(${tenants}::text[], ${tenants.map((t) => heads.get(t)?.seq ?? 0)}::bigint[], ${tenants.map((t) => heads.get(t)?.hash ?? AUDIT_GENESIS_HASH)}::text[]) as v(tenant_id, seq, hash)
      where h.tenant_id = v.tenant_id`.execute(this.ctx.db);
  }
}
