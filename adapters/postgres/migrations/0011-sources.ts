import { sql, type Kysely, type Migration } from 'kysely';
import { columns } from './columns';

/**
 * Sources: each tenant's pull state per source (its cursor, committed only after the page
 * it ends was applied; its schedule; invoices a webhook named; what the last pull did),
 * and an index to find a customer by its link to a source.
 */
export function sourcesMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .withSchema(schema)
        .createTable('source_states')
        .$call((t) => columns(t, 'tenant_id text!, id text!, cursor text, every_ms bigint, pending jsonb!, last_pull jsonb, created_at timestamptz!, updated_at timestamptz!, version integer!'))
        .addPrimaryKeyConstraint('source_states_pk', ['tenant_id', 'id'])
        .execute();
      // Sources find the host's own customer by the link the host set (links.quickbooks.id = '58').
      await sql`create index customers_by_link on ${sql.table(`${schema}.customers`)} using gin (links jsonb_path_ops)`.execute(db);
    },
  };
}
