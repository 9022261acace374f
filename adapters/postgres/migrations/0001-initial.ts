import { sql, type Kysely, type Migration } from 'kysely';

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
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort_key', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text')
        .addColumn('locale', 'text')
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('whatsapp', 'text')
        .addColumn('status', 'text')
        .addColumn('folder', 'text')
        .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('assignees', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('customers_pk', ['tenant_id', 'id'])
        .execute();
      await sql`create index customers_by_name on ${sql.table(`${schema}.customers`)} (tenant_id, sort_key collate "C", id collate "C")`.execute(db);

      await s
        .createTable('reminders')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('due_at', 'timestamptz', (c) => c.notNull())
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('recurrence', 'text')
        .addColumn('series_start', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('closed_at', 'timestamptz')
        .addColumn('closed_by', 'text')
        .addColumn('last_fired_at', 'timestamptz')
        .addColumn('fire_count', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
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
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref_id', 'text', (c) => c.notNull())
        .addColumn('run_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ready_at', 'timestamptz', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('lease_token', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'timestamptz')
        .addPrimaryKeyConstraint('jobs_pk', ['tenant_id', 'id'])
        .execute();
      await s.createIndex('jobs_ready').on('jobs').column('ready_at').execute();

      await s
        .createTable('audit_heads')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .execute();
      await s
        .createTable('audit_entries')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('actor', 'jsonb', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before', 'jsonb')
        .addColumn('after', 'jsonb')
        .addColumn('reason', 'text')
        .addPrimaryKeyConstraint('audit_entries_pk', ['tenant_id', 'seq'])
        .execute();
      await s.createIndex('audit_by_entity').on('audit_entries').columns(['tenant_id', 'entity_type', 'entity_id', 'seq']).execute();
      await s.createIndex('audit_by_time').on('audit_entries').columns(['tenant_id', 'at']).execute();

      await s
        .createTable('tenants')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('default_country', 'text')
        .execute();
    },
  };
}
