import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

/** The record of emitted events, written in the transaction of the change that caused them. */
export function eventRecordsMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .withSchema(schema)
        .createTable('event_records')
        .$call((t) => columns(t, 'tenant_id text!, id text!, seq bigserial!, name text!, at timestamptz!, payload jsonb!'))
        .addPrimaryKeyConstraint('event_records_pk', ['tenant_id', 'id'])
        .execute();
      await sql`create index event_records_by_time on ${sql.table(`${schema}.event_records`)} (tenant_id, at, seq)`.execute(db);
    },
  };
}
