import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Delivery receipts: a message keeps the last one its provider sent (`delivery`), and a
 * receipt finds its message by the provider's id within the tenant and channel.
 */
export function deliveryReceiptsMigration(schema: string): Migration {
  const table = (name: string) => sql.table(`${schema}.${name}`);
  return {
    async up(db: Kysely<unknown>) {
      await sql`alter table ${table('messages')} add column delivery jsonb`.execute(db);
      await sql`create index messages_by_provider_id on ${table('messages')} (tenant_id, channel, provider_message_id) where provider_message_id is not null`.execute(db);
    },
  };
}
