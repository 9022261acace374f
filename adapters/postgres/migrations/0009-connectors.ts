import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

/**
 * Connectors: each operation in an external system is a row with its outcome (the row is
 * its timer's subject, as messages are), idempotent on (tenant, idempotency key), going
 * with its customer (cascade); and customers gain `links`, the host's ids of the
 * customer's objects in each connected system.
 */
export function connectorsMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      const table = (name: string) => sql.table(`${schema}.${name}`);
      await sql`alter table ${table('customers')} add column links jsonb not null default '{}'::jsonb`.execute(db);
      await s
        .createTable('connector_operations')
        .$call((t) =>
          columns(
            t,
            'tenant_id text!, id text!, connector text!, operation text!, customer_id text, idempotency_key text!, cause_type text!, cause_id text!, cause_step text, work jsonb!, state text!, attempts integer!, max_attempts integer!, not_before timestamptz!, external_id text, url text, reason text, detail text, created_at timestamptz!, updated_at timestamptz!, version integer!',
          ),
        )
        .addPrimaryKeyConstraint('connector_operations_pk', ['tenant_id', 'id'])
        .addUniqueConstraint('connector_operations_key', ['tenant_id', 'idempotency_key'])
        .addForeignKeyConstraint('connector_operations_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      // A customer's timeline (which also serves the cascade), lists by state, and what a cause made.
      await sql`create index connector_operations_by_customer on ${table('connector_operations')} (tenant_id, customer_id, created_at desc, id collate "C" desc)`.execute(db);
      await sql`create index connector_operations_by_state on ${table('connector_operations')} (tenant_id, state, created_at desc, id collate "C" desc)`.execute(db);
      await sql`create index connector_operations_by_time on ${table('connector_operations')} (tenant_id, created_at desc, id collate "C" desc)`.execute(db);
      await sql`create index connector_operations_by_cause on ${table('connector_operations')} (tenant_id, cause_type, cause_id)`.execute(db);
    },
  };
}
