import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Messaging: the outbox and timeline (`messages`), consent per channel kind, tenant
 * templates, customer contacts and the tenant's send window. Messages and consent go
 * with their customer (cascade), like reminders.
 */
export function messagingMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(schema);
      const table = (name: string) => sql.table(`${schema}.${name}`);
      await s.alterTable('customers').addColumn('contacts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
      await sql`create index customers_by_phone on ${table('customers')} (tenant_id, phone) where phone is not null`.execute(db);
      await sql`create index customers_by_whatsapp on ${table('customers')} (tenant_id, whatsapp) where whatsapp is not null`.execute(db);
      await sql`create index customers_by_email on ${table('customers')} (tenant_id, lower(email)) where email is not null`.execute(db);
      await sql`create index customers_by_contact on ${table('customers')} using gin (contacts jsonb_path_ops)`.execute(db);
      await s.alterTable('tenants').addColumn('send_window', 'jsonb').execute();

      await s
        .createTable('messages')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('recipients', 'jsonb', (c) => c.notNull())
        .addColumn('sender', 'text')
        .addColumn('template_id', 'text')
        .addColumn('locale', 'text')
        .addColumn('zone', 'text', (c) => c.notNull())
        .addColumn('variables', 'jsonb', (c) => c.notNull())
        .addColumn('content', 'jsonb', (c) => c.notNull())
        .addColumn('cause_type', 'text', (c) => c.notNull())
        .addColumn('cause_id', 'text', (c) => c.notNull())
        .addColumn('cause_step', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('detail', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('not_before', 'timestamptz', (c) => c.notNull())
        .addColumn('send_windows', 'jsonb', (c) => c.notNull())
        .addColumn('fallback_channels', 'jsonb', (c) => c.notNull())
        .addColumn('fallback_of', 'text')
        .addColumn('provider_message_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('sent_at', 'timestamptz')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('messages_pk', ['tenant_id', 'id'])
        .addUniqueConstraint('messages_key', ['tenant_id', 'idempotency_key'])
        .addForeignKeyConstraint('messages_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();
      // The timeline, newest first; the outbox view by state; the messages of a cause.
      await sql`create index messages_by_customer on ${table('messages')} (tenant_id, customer_id, created_at desc, id desc)`.execute(db);
      await sql`create index messages_by_state on ${table('messages')} (tenant_id, state, created_at desc, id desc)`.execute(db);
      await sql`create index messages_by_time on ${table('messages')} (tenant_id, created_at desc, id desc)`.execute(db);
      await sql`create index messages_by_cause on ${table('messages')} (tenant_id, cause_type, cause_id)`.execute(db);

      await s
        .createTable('consents')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addPrimaryKeyConstraint('consents_pk', ['tenant_id', 'customer_id', 'channel'])
        .addForeignKeyConstraint('consents_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();

      await s
        .createTable('templates')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('body', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('templates_pk', ['tenant_id', 'id'])
        .execute();
    },
  };
}
