import { sql } from 'kysely';
import type { EventRecord, EventRecordQuery } from 'tickler';
import type { EventRecordRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';

/** The record of events in PostgreSQL: one multi-row insert per transaction. */
export class PostgresEvents implements EventRecordRepository {
  constructor(private readonly ctx: PgContext) {}

  async appendMany(records: readonly EventRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Arrays rather than one JSON document: PostgreSQL parses each payload once, as `json` text.
    await sql`
      insert into ${sql.id(this.ctx.schema, 'event_records')} (tenant_id, id, name, at, payload)
      select tenant_id, id, name, at, payload
      from unnest(${records.map((r) => r.tenantId)}::text[], ${records.map((r) => r.id)}::text[], ${records.map((r) => r.name)}::text[],
        ${records.map((r) => r.at.toISOString())}::timestamptz[], ${records.map((r) => JSON.stringify(r.payload))}::json[]) with ordinality
        as r(tenant_id, id, name, at, payload, ord)
      order by ord`.execute(this.ctx.db);
  }

  async list(tenantId: string, query: EventRecordQuery): Promise<EventRecord[]> {
    let q = this.ctx.db.selectFrom('event_records').selectAll().where('tenant_id', '=', tenantId);
    if (query.name !== undefined) q = q.where('name', '=', query.name);
    if (query.from !== undefined) q = q.where('at', '>=', query.from);
    const rows = await q.orderBy('at').orderBy('seq').limit(query.limit).execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, name: r.name, at: r.at, payload: r.payload }));
  }
}
