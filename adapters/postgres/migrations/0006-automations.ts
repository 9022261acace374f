import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

/**
 * Automations: their definitions (the parts as JSON), their runs (a stored row per
 * triggering, so a wait survives restarts) and customers' last activity per kind. Runs
 * and activity go with their customer (cascade); runs stay when their automation is
 * removed, as history, so they have no key to it. Run lists order ids with `collate "C"`
 * (code units, as the memory store does) and the indexes match that order.
 */
export function automationsMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      const table = (name: string) => sql.table(`${schema}.${name}`);
      await s
        .createTable('automations')
        .$call((t) => columns(t, 'tenant_id text!, id text!, name text, enabled boolean!, trigger jsonb!, if_condition jsonb, wait jsonb, unless_condition jsonb, then_actions jsonb!, rotation jsonb!, created_at timestamptz!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('automations_pk', ['tenant_id', 'id'])
        .execute();

      await s
        .createTable('automation_runs')
        .$call((t) => columns(t, 'tenant_id text!, id text!, automation_id text!, customer_id text, trigger text!, facts jsonb!, depth integer!, status text!, run_at timestamptz!, result jsonb!, reason text, started_by text, created_at timestamptz!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('automation_runs_pk', ['tenant_id', 'id'])
        // A run without a customer (a null customer_id) is not checked, as with messages.
        .addForeignKeyConstraint('automation_runs_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      // An automation's history, a customer's (which also serves the cascade), and runs by status.
      await sql`create index automation_runs_by_automation on ${table('automation_runs')} (tenant_id, automation_id, created_at desc, id collate "C" desc)`.execute(db);
      await sql`create index automation_runs_by_customer on ${table('automation_runs')} (tenant_id, customer_id, created_at desc, id collate "C" desc)`.execute(db);
      await sql`create index automation_runs_by_status on ${table('automation_runs')} (tenant_id, status, created_at desc, id collate "C" desc)`.execute(db);

      await s
        .createTable('customer_activity')
        .$call((t) => columns(t, 'tenant_id text!, customer_id text!, kind text!, at timestamptz!'))
        .addPrimaryKeyConstraint('customer_activity_pk', ['tenant_id', 'customer_id', 'kind'])
        .addForeignKeyConstraint('customer_activity_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
    },
  };
}
