import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

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
        .$call((t) => columns(t, 'tenant_id text!, id text!, customer_id text!, number text!, currency text!, amount_minor bigint!, paid_minor bigint!, issue_date text!, due_date text!, status text!, payments jsonb!, charges jsonb!, policy_override text, dunning jsonb!, dunning_policy text, dunning_phase text!, dunning_level integer!, created_at timestamptz!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('invoices_pk', ['tenant_id', 'id'])
        .addForeignKeyConstraint('invoices_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await sql`create index invoices_by_customer on ${table('invoices')} (tenant_id, customer_id, id)`.execute(db);
      // The report: open invoices by level; re-planning: open invoices of a policy.
      await sql`create index invoices_open_by_level on ${table('invoices')} (tenant_id, dunning_level, id) where status = 'open'`.execute(db);
      await sql`create index invoices_open_by_policy on ${table('invoices')} (tenant_id, dunning_policy, id) where status = 'open'`.execute(db);

      await s
        .createTable('dunning_policies')
        .$call((t) => columns(t, 'tenant_id text!, id text!, body jsonb!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('dunning_policies_pk', ['tenant_id', 'id'])
        .execute();

      await s
        .createTable('dunning_assignments')
        .$call((t) => columns(t, 'tenant_id text!, customer_id text!, policy_id text, excluded boolean!, source text!, updated_at timestamptz!'))
        .addPrimaryKeyConstraint('dunning_assignments_pk', ['tenant_id', 'customer_id'])
        .addForeignKeyConstraint('dunning_assignments_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await s.createIndex('dunning_assignments_by_policy').on('dunning_assignments').columns(['tenant_id', 'policy_id']).execute();
    },
  };
}
