import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { initialMigration } from './migrations/0001-initial';
import { eventRecordsMigration } from './migrations/0002-event-records';
import { messagingMigration } from './migrations/0003-messaging';
import { auditChainMigration } from './migrations/0004-audit-chain';
import { dunningMigration } from './migrations/0005-dunning';
import { automationsMigration } from './migrations/0006-automations';

/** tickler's migrations, in order. Forward only: a released migration is never edited. */
export function ticklerMigrations(schema: string): Record<string, Migration> {
  return { '0001-initial': initialMigration(schema), '0002-event-records': eventRecordsMigration(schema), '0003-messaging': messagingMigration(schema), '0004-audit-chain': auditChainMigration(schema), '0005-dunning': dunningMigration(schema), '0006-automations': automationsMigration(schema) };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.migrations);
  }
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
 * process migrate while the others wait, then find nothing left to do.
 */
export async function migrateSchema(db: Kysely<unknown>, schema: string): Promise<MigrationReport> {
  return db.connection().execute(async (conn) => {
    const key = `tickler:migrate:${schema}`;
    await sql`select pg_advisory_lock(hashtext(${key}))`.execute(conn);
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
      const migrator = new Migrator({
        db: conn,
        provider: new StaticProvider(ticklerMigrations(schema)),
        migrationTableSchema: schema,
        migrationTableName: 'tickler_migrations',
        migrationLockTableName: 'tickler_migrations_lock',
      });
      const result: MigrationResultSet = await migrator.migrateToLatest();
      if (result.error !== undefined) {
        const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`tickler migration ${failed} failed on schema "${schema}": ${result.error instanceof Error ? result.error.message : JSON.stringify(result.error)}`, { cause: result.error });
      }
      return { schema, applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(conn);
    }
  });
}
