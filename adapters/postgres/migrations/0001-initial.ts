import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

/**
 * The first schema. Every table carries `tenant_id`, and every index but one leads with
 * it. The exception is `jobs_ready`: claiming due work is across tenants by design, so
 * its index is on the claimable time alone.
 */
export function initialMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      await s
        .createTable('customers')
        .$call((t) => columns(t, 'tenant_id text!, id text!, name text!, sort_key text!, timezone text, locale text, email text, phone text, whatsapp text, status text, folder text'))
        .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('assignees', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .$call((t) => columns(t, 'created_at timestamptz!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('customers_pk', ['tenant_id', 'id'])
        .execute();
      await sql`create index customers_by_name on ${sql.table(`${schema}.customers`)} (tenant_id, sort_key collate "C", id collate "C")`.execute(db);

      await s
        .createTable('reminders')
        .$call((t) => columns(t, 'tenant_id text!, id text!, customer_id text!, due_at timestamptz!, zone text!, note text!, assignee text, created_by text!, source text!, status text!, recurrence text, series_start text, created_at timestamptz!, updated_at timestamptz!, closed_at timestamptz, closed_by text, last_fired_at timestamptz, fire_count integer!, version integer!'))
        .addPrimaryKeyConstraint('reminders_pk', ['tenant_id', 'id'])
        .addForeignKeyConstraint('reminders_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      await s.createIndex('reminders_by_customer').on('reminders').columns(['tenant_id', 'customer_id', 'due_at']).execute();
      await s.createIndex('reminders_by_assignee').on('reminders').columns(['tenant_id', 'assignee', 'due_at']).execute();
      await s.createIndex('reminders_by_due').on('reminders').columns(['tenant_id', 'due_at']).execute();
      // The clock icon: next scheduled reminder per customer, from the partial index only.
      await s
        .createIndex('reminders_upcoming')
        .on('reminders')
        .columns(['tenant_id', 'customer_id', 'due_at'])
        .where(sql.ref('status'), '=', 'scheduled')
        .execute();

      await s
        .createTable('jobs')
        .$call((t) => columns(t, 'tenant_id text!, id text!, kind text!, ref_id text!, run_at timestamptz!, ready_at timestamptz!, attempt integer!, lease_token text, lease_owner text, lease_until timestamptz'))
        .addPrimaryKeyConstraint('jobs_pk', ['tenant_id', 'id'])
        .execute();
      await s.createIndex('jobs_ready').on('jobs').column('ready_at').execute();

      await s
        .createTable('audit_heads')
        .$call((t) => columns(t, 'tenant_id text pk, last_seq bigint!'))
        .execute();
      await s
        .createTable('audit_entries')
        .$call((t) => columns(t, 'tenant_id text!, seq bigint!, id text!, at timestamptz!, actor jsonb!, action text!, entity_type text!, entity_id text!, before jsonb, after jsonb, reason text'))
        .addPrimaryKeyConstraint('audit_entries_pk', ['tenant_id', 'seq'])
        .execute();
      await s.createIndex('audit_by_entity').on('audit_entries').columns(['tenant_id', 'entity_type', 'entity_id', 'seq']).execute();
      await s.createIndex('audit_by_time').on('audit_entries').columns(['tenant_id', 'at']).execute();

      await s
        .createTable('tenants')
        .$call((t) => columns(t, 'tenant_id text pk, timezone text!, locale text!, default_country text'))
        .execute();
    },
  };
}
