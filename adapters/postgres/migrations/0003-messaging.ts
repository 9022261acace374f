import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

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
        .$call((t) => columns(t, 'tenant_id text!, id text!, idempotency_key text!, direction text!, channel text!, kind text!, customer_id text, audience text!, recipients jsonb!, sender text, template_id text, locale text, zone text!, variables jsonb!, content jsonb!, cause_type text!, cause_id text!, cause_step text, state text!, reason text, detail text, attempts integer!, max_attempts integer!, not_before timestamptz!, send_windows jsonb!, fallback_channels jsonb!, fallback_of text, provider_message_id text, created_at timestamptz!, updated_at timestamptz!, sent_at timestamptz, version integer!'))
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
        .$call((t) => columns(t, 'tenant_id text!, customer_id text!, channel text!, status text!, at timestamptz!, source text!, detail text'))
        .addPrimaryKeyConstraint('consents_pk', ['tenant_id', 'customer_id', 'channel'])
        .addForeignKeyConstraint('consents_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .execute();

      await s
        .createTable('templates')
        .$call((t) => columns(t, 'tenant_id text!, id text!, body jsonb!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('templates_pk', ['tenant_id', 'id'])
        .execute();
    },
  };
}
