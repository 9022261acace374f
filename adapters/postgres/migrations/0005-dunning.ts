import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Dunning: invoices (with their payments, charges and dunning state as JSON, and the
 * columns reports filter on), policies, assignments, and the tenant's default policy.
 * Invoices and assignments go with their customer (cascade).
 */
export function dunningMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      const table = (name: string) => sql.table(`${schema}.${name}`);
      await s.alterTable('tenants').addColumn('default_dunning_policy', 'text').execute();
      await s
        .createTable('invoices')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('paid_minor', 'bigint', (c) => c.notNull())
        .addColumn('issue_date', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payments', 'jsonb', (c) => c.notNull())
        .addColumn('charges', 'jsonb', (c) => c.notNull())
        .addColumn('policy_override', 'text')
        .addColumn('dunning', 'jsonb', (c) => c.notNull())
        .addColumn('dunning_policy', 'text')
        .addColumn('dunning_phase', 'text', (c) => c.notNull())
        .addColumn('dunning_level', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('invoices_pk', ['tenant_id', 'id'])
        .addForeignKeyConstraint('invoices_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await sql`create index invoices_by_customer on ${table('invoices')} (tenant_id, customer_id, id)`.execute(db);
      // The report: open invoices by level; re-planning: open invoices of a policy.
      await sql`create index invoices_open_by_level on ${table('invoices')} (tenant_id, dunning_level, id) where status = 'open'`.execute(db);
      await sql`create index invoices_open_by_policy on ${table('invoices')} (tenant_id, dunning_policy, id) where status = 'open'`.execute(db);

      await s
        .createTable('dunning_policies')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('body', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('dunning_policies_pk', ['tenant_id', 'id'])
        .execute();

      await s
        .createTable('dunning_assignments')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text')
        .addColumn('excluded', 'boolean', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('dunning_assignments_pk', ['tenant_id', 'customer_id'])
        .addForeignKeyConstraint('dunning_assignments_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await s.createIndex('dunning_assignments_by_policy').on('dunning_assignments').columns(['tenant_id', 'policy_id']).execute();
    },
  };
}
