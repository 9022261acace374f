import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Messages and invoices list by id in code-unit order (`collate "C"`), as every other list
 * and the memory store do, whatever the database's default collation: their indexes are
 * rebuilt in that order, so the lists and their keyset pages stay index scans. Before
 * this, a database with a linguistic default collation ordered ids that differ in case or
 * punctuation otherwise than the memory store.
 */
export function codeUnitOrderMigration(schema: string): Migration {
  const table = (name: string) => sql.table(`${schema}.${name}`);
  const index = (name: string) => sql.table(`${schema}.${name}`);
  const rebuilt = [
    ['messages_by_customer', sql`${table('messages')} (tenant_id, customer_id, created_at desc, id collate "C" desc)`],
    ['messages_by_state', sql`${table('messages')} (tenant_id, state, created_at desc, id collate "C" desc)`],
    ['messages_by_time', sql`${table('messages')} (tenant_id, created_at desc, id collate "C" desc)`],
    ['invoices_by_customer', sql`${table('invoices')} (tenant_id, customer_id, id collate "C")`],
    ['invoices_open_by_level', sql`${table('invoices')} (tenant_id, dunning_level, id collate "C") where status = 'open'`],
    ['invoices_open_by_policy', sql`${table('invoices')} (tenant_id, dunning_policy, id collate "C") where status = 'open'`],
  ] as const;
  return {
    async up(db: Kysely<unknown>) {
      for (const [name, definition] of rebuilt) {
        await sql`drop index ${index(name)}`.execute(db);
        await sql`create index ${sql.id(name)} on ${definition}`.execute(db);
      }
      // The primary key keeps the database's collation (lookups by id need no order); the list by id gets its own.
      await sql`create index invoices_by_id on ${table('invoices')} (tenant_id, id collate "C")`.execute(db);
    },
  };
}
