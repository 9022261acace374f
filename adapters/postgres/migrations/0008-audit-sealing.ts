import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The audit trail gains a pending area, and its JSON and the event records' become `json`.
 *
 * - `audit_pending`: entries the scheduler's batches append without numbering or chaining
 *   them, so no batch waits on a tenant's head; a sealer moves them into `audit_entries`
 *   shortly after (docs/audit.md). `pos` keeps the order they were appended in.
 * - `json` rather than `jsonb` for snapshots nobody queries inside (an entry's `actor`,
 *   `before` and `after`, an event record's `payload`): PostgreSQL keeps the text as
 *   written instead of parsing it into a binary form, which made these inserts the
 *   largest part of a fired reminder's cost.
 */
export function auditSealingMigration(schema: string): Migration {
  const table = (name: string) => sql.table(`${schema}.${name}`);
  return {
    async up(db: Kysely<unknown>) {
      await sql`create table ${table('audit_pending')} (
        pos bigint generated always as identity primary key,
        tenant_id text not null, id text not null, at timestamptz not null, actor json not null, action text not null,
        entity_type text not null, entity_id text not null, before json, after json, reason text)`.execute(db);
      await sql`create index audit_pending_by_tenant on ${table('audit_pending')} (tenant_id, pos)`.execute(db);
      await sql`alter table ${table('audit_entries')} alter column actor type json using actor::json, alter column before type json using before::json, alter column after type json using after::json`.execute(db);
      await sql`alter table ${table('event_records')} alter column payload type json using payload::json`.execute(db);
    },
  };
}
