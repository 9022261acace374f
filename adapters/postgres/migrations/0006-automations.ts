import { sql, type Kysely, type Migration } from 'kysely';

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
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('trigger', 'jsonb', (c) => c.notNull())
        .addColumn('if_condition', 'jsonb')
        .addColumn('wait', 'jsonb')
        .addColumn('unless_condition', 'jsonb')
        .addColumn('then_actions', 'jsonb', (c) => c.notNull())
        .addColumn('rotation', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('automations_pk', ['tenant_id', 'id'])
        .execute();

      await s
        .createTable('automation_runs')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('automation_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('facts', 'jsonb', (c) => c.notNull())
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_at', 'timestamptz', (c) => c.notNull())
        .addColumn('result', 'jsonb', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('started_by', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
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
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_activity_pk', ['tenant_id', 'customer_id', 'kind'])
        .addForeignKeyConstraint('customer_activity_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
    },
  };
}
