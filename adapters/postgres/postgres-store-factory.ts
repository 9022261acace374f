import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { ValidationError, type Logger } from 'tickler/adapter';
import type { PGliteInstance, PostgresStoreOptions } from './postgres-config';
import type { TicklerDatabase } from './postgres-schema';
import { PostgresStore, type PostgresStoreParts } from './postgres-store';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/**
 * Opens the PostgreSQL store. Give one of `connectionString` (a server; tickler makes a
 * `pg` pool), `pool` (your `pg` pool), `pglite` (embedded: a data directory or an
 * instance) or `db` (your Kysely). The drivers are optional peer dependencies, loaded
 * only for the option used.
 *
 * @example
 * ```ts
 * const store = await postgresStore({ pglite: './data/tickler', migrate: true });
 * const tickler = createTickler({ store });
 * ```
 */
export async function postgresStore<DB = unknown>(options: PostgresStoreOptions<DB> & { logger?: Logger | undefined }): Promise<PostgresStore> {
  const sources = (['connectionString', 'pool', 'pglite', 'db'] as const).filter((k) => options[k] !== undefined);
  if (sources.length !== 1) {
    throw ValidationError.field('', `Give exactly one of connectionString, pool, pglite or db (got ${sources.length === 0 ? 'none' : sources.join(', ')}).`);
  }
  const schema = options.schema ?? 'tickler';
  if (!SCHEMA_NAME.test(schema)) throw ValidationError.field('schema', `"${schema}" is not a plain schema name; use lower-case letters, digits and underscores.`);
  const parts = await openParts(options, schema);
  const store = new PostgresStore({ ...parts, logger: options.logger });
  if (options.migrate === true) await store.migrate();
  return store;
}

async function openParts<DB>(options: PostgresStoreOptions<DB> & { logger?: Logger | undefined }, schema: string): Promise<PostgresStoreParts> {
  if (options.connectionString !== undefined) {
    const pg = await import('pg');
    const Pool = (pg.default ?? pg).Pool;
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, application_name: options.applicationName ?? 'tickler' });
    // A connection killed by the server (a restart, pg_terminate_backend) emits 'error': on
    // the pool while idle, on the client while checked out. Without listeners Node would
    // crash the process; with them, the operation in flight fails and is retried, and the
    // pool drops the broken client when it comes back.
    pool.on('error', (error: Error) => options.logger?.warn({ err: error }, 'An idle PostgreSQL connection failed; the pool replaces it'));
    pool.on('connect', (client: { on(event: 'error', listener: (error: Error) => void): unknown }) => {
      client.on('error', (error: Error) => options.logger?.warn({ err: error }, 'A PostgreSQL connection in use failed; the operation will be retried'));
    });
    return { db: fromPool(pool), schema, kind: 'postgres', listenPool: pool, owned: true };
  }
  if (options.pool !== undefined) return { db: fromPool(options.pool), schema, kind: 'postgres', listenPool: options.pool, owned: false };
  if (options.db !== undefined) {
    return { db: options.db as unknown as Kysely<TicklerDatabase>, schema, kind: 'postgres', listenPool: options.listenPool, owned: false };
  }
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  let pglite: PGliteInstance;
  let owned = false;
  if (typeof options.pglite === 'string') {
    const { PGlite } = await import('@electric-sql/pglite');
    const instance = new PGlite(options.pglite);
    await instance.waitReady;
    pglite = instance;
    owned = true;
  } else {
    pglite = options.pglite as PGliteInstance;
  }
  const db = new Kysely<TicklerDatabase>({ dialect: new PGliteDialect(pglite as ConstructorParameters<typeof PGliteDialect>[0]) });
  return { db, schema, kind: 'pglite', pglite, owned };
}

function fromPool(pool: PostgresPool): Kysely<TicklerDatabase> {
  return new Kysely<TicklerDatabase>({ dialect: new PostgresDialect({ pool }) });
}
