import { sql, type Kysely, type Migration } from 'kysely';

/** The record of emitted events, written in the transaction of the change that caused them. */
export function eventRecordsMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .withSchema(schema)
        .createTable('event_records')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigserial', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_records_pk', ['tenant_id', 'id'])
        .execute();
      await sql`create index event_records_by_time on ${sql.table(`${schema}.event_records`)} (tenant_id, at, seq)`.execute(db);
    },
  };
}
