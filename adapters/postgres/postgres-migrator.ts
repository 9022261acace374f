import { sql, type Kysely, type Migration } from 'kysely';
import { initialMigration } from './migrations/0001-initial';
import { eventRecordsMigration } from './migrations/0002-event-records';
import { messagingMigration } from './migrations/0003-messaging';
import { auditChainMigration } from './migrations/0004-audit-chain';
import { dunningMigration } from './migrations/0005-dunning';
import { automationsMigration } from './migrations/0006-automations';
import { sourcesMigration } from './migrations/0011-sources';
import { codeUnitOrderMigration } from './migrations/0007-code-unit-order';
import { auditSealingMigration } from './migrations/0008-audit-sealing';
import { connectorsMigration } from './migrations/0009-connectors';
import { deliveryReceiptsMigration } from './migrations/0010-delivery-receipts';

/** tickler's migrations, in order. Forward only: a released migration is never edited. */
export function ticklerMigrations(schema: string): Record<string, Migration> {
  return { '0001-initial': initialMigration(schema), '0002-event-records': eventRecordsMigration(schema), '0003-messaging': messagingMigration(schema), '0004-audit-chain': auditChainMigration(schema), '0005-dunning': dunningMigration(schema), '0006-automations': automationsMigration(schema), '0007-code-unit-order': codeUnitOrderMigration(schema), '0008-audit-sealing': auditSealingMigration(schema), '0009-connectors': connectorsMigration(schema), '0010-delivery-receipts': deliveryReceiptsMigration(schema), '0011-sources': sourcesMigration(schema) };
}

/** What {@link migrateSchema} did. */
export interface MigrationReport {
  /** The schema migrated. */
  schema: string;
  /** Names of the migrations applied by this call (empty when already up to date). */
  applied: string[];
}

/**
 * Brings `schema` up to date. Safe to run twice (the second run applies nothing) and from
 * several processes at once: a session advisory lock keyed on the schema lets one
 * process migrate while the others wait, then find nothing left to do. The pending
 * migrations apply in one transaction: all of them or none.
 *
 * The record of applied migrations is the table `tickler_migrations` in the schema, in
 * the shape kysely's `Migrator` gives it (earlier versions of tickler ran that), so a
 * schema migrated either way is read the same. This runner reads only its own schema's
 * catalog: kysely's introspects every table of the database, which is slow where a
 * database holds many schemas and fails when another schema is dropped meanwhile.
 */
export async function migrateSchema(db: Kysely<unknown>, schema: string): Promise<MigrationReport> {
  const migrations = ticklerMigrations(schema);
  const names = Object.keys(migrations);
  return db.connection().execute(async (conn) => {
    const key = `tickler:migrate:${schema}`;
    await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn);
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
      const table = sql.id(schema, 'tickler_migrations');
      await sql`create table if not exists ${table} (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(conn);
      // Kept for a tickler that still runs kysely's Migrator on this schema.
      await sql`create table if not exists ${sql.id(schema, 'tickler_migrations_lock')} (id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(conn);
      const done = new Set((await sql<{ name: string }>`select name from ${table}`.execute(conn)).rows.map((r) => r.name));
      const unknown = [...done].filter((name) => !names.includes(name));
      if (unknown.length > 0) {
        throw new Error(`Schema "${schema}" has migrations this version of tickler does not know (${unknown.join(', ')}): it was migrated by a newer tickler. Upgrade tickler before using it.`);
      }
      const pending = names.filter((name) => !done.has(name));
      const gap = names.findIndex((name, i) => !done.has(name) && names.slice(i + 1).some((later) => done.has(later)));
      if (gap >= 0) throw new Error(`Schema "${schema}" skipped migration ${names[gap]} but has later ones; it cannot be brought up to date in order.`);
      if (pending.length === 0) return { schema, applied: [] };
      let current = '';
      try {
        await conn.transaction().execute(async (trx) => {
          for (const name of pending) {
            current = name;
            await (migrations[name] as Migration).up(trx);
            await sql`insert into ${table} (name, timestamp) values (${name}, to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`.execute(trx);
          }
        });
      } catch (error) {
        throw new Error(`tickler migration ${current} failed on schema "${schema}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      return { schema, applied: pending };
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }
  });
}
