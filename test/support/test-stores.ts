import { afterAll, afterEach } from 'vitest';
import { MemoryStore, type Store } from 'tickler';
import { postgresStore, type PostgresStore } from 'tickler/postgres';
import { SchemaPool, SERVER_URL, serverPool, sharedPGlite } from '../postgres/pg-support';

/** Runs SQL on the database a PostgreSQL store lives in (for tests that reach behind the store). */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

/** A kind of store to run a suite on, and how to make one. */
export interface TestStore<T> {
  name: string;
  make: () => Promise<T>;
}

/**
 * The stores a suite runs on: memory, PGlite, and the PostgreSQL server when
 * TICKLER_TEST_DATABASE_URL is set (CI sets it); memory only under `npm run test:fast`. Each store made is empty and has a
 * migrated schema no other store of the same test uses; schemas are emptied after each
 * test and reused, and dropped after the file. `wrap` turns each store into what the
 * suite needs (SQL is null for memory).
 */
export async function testStores<T>(prefix: string, wrap: (store: Store, sql: RunSql | null) => T): Promise<TestStore<T>[]> {
  // `npm run test:fast` (TICKLER_TEST_STORES=memory): the inner loop, on MemoryStore only.
  if (process.env.TICKLER_TEST_STORES === 'memory') return [{ name: 'memory', make: () => Promise.resolve(wrap(new MemoryStore(), null)) }];
  const pglite = await sharedPGlite();
  const pool = SERVER_URL === undefined ? null : serverPool(5);
  const pglitePool = new SchemaPool<PostgresStore>(
    prefix,
    (q) => pglite.exec(q),
    (q, p) => pglite.query(q, p),
    (schema, migrate) => postgresStore({ pglite, schema, migrate }),
  );
  const serverSchemas =
    pool === null
      ? null
      : new SchemaPool<PostgresStore>(
          prefix,
          (q) => pool.query(q),
          (q, p) => pool.query(q, p),
          (schema, migrate) => postgresStore({ pool, schema, migrate }),
        );
  afterEach(async () => {
    await pglitePool.release();
    await serverSchemas?.release();
  });
  afterAll(async () => {
    await pglitePool.drop();
    if (pool !== null) {
      await serverSchemas?.drop();
      await pool.end();
    }
  });
  const stores: TestStore<T>[] = [
    { name: 'memory', make: () => Promise.resolve(wrap(new MemoryStore(), null)) },
    { name: 'pglite', make: async () => wrap(await pglitePool.acquire(), (q, p) => pglite.query(q, p)) },
  ];
  if (pool !== null && serverSchemas !== null) {
    stores.unshift({ name: 'postgres server', make: async () => wrap(await serverSchemas.acquire(), (q, p) => pool.query(q, p)) });
  }
  return stores;
}
