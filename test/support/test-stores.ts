import { afterAll } from 'vitest';
import { MemoryStore, type Store } from 'tickler';
import { postgresStore, type PostgresStore } from 'tickler/postgres';
import { dropSchema, freshSchema, memoryPGlite, SERVER_URL, serverPool } from '../postgres/pg-support';

/** Runs SQL on the database a PostgreSQL store lives in (for tests that reach behind the store). */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

/** A kind of store to run a suite on, and how to make one. */
export interface TestStore<T> {
  name: string;
  make: () => Promise<T>;
}

/**
 * The stores a suite runs on: memory, PGlite, and the PostgreSQL server when
 * TICKLER_TEST_DATABASE_URL is set (CI sets it); a fresh schema per store made, dropped
 * after the file. `wrap` turns each store into what the suite needs (SQL is null for memory).
 */
export async function testStores<T>(prefix: string, wrap: (store: Store, sql: RunSql | null) => T): Promise<TestStore<T>[]> {
  const pglite = await memoryPGlite();
  const pool = SERVER_URL === undefined ? null : serverPool(5);
  const schemas: string[] = [];
  const serverSchemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema((q) => pglite.exec(q), s);
    await pglite.close();
    if (pool !== null) {
      for (const s of serverSchemas) await dropSchema((q) => pool.query(q), s);
      await pool.end();
    }
  });
  const stores: TestStore<T>[] = [
    { name: 'memory', make: () => Promise.resolve(wrap(new MemoryStore(), null)) },
    {
      name: 'pglite',
      make: async () => {
        const schema = freshSchema(prefix);
        schemas.push(schema);
        const store: PostgresStore = await postgresStore({ pglite, schema, migrate: true });
        return wrap(store, (q, p) => pglite.query(q, p));
      },
    },
  ];
  if (pool !== null) {
    stores.unshift({
      name: 'postgres server',
      make: async () => {
        const schema = freshSchema(prefix);
        serverSchemas.push(schema);
        const store: PostgresStore = await postgresStore({ pool, schema, migrate: true });
        return wrap(store, (q, p) => pool.query(q, p));
      },
    });
  }
  return stores;
}
