import { afterAll, describe, it } from 'vitest';
import { postgresStore, type PostgresStore } from 'tickler/postgres';
import { runStoreContract } from 'tickler/testing';
import { SchemaPool, SERVER_URL, serverPool, sharedPGlite } from './pg-support';

// Every case gets an empty migrated schema: made once, emptied after each case and reused.
const pglite = await sharedPGlite();
const pglitePool = new SchemaPool<PostgresStore>(
  'contract',
  (q) => pglite.exec(q),
  (q, p) => pglite.query(q, p),
  (schema, migrate) => postgresStore({ pglite, schema, migrate }),
);
afterAll(() => pglitePool.drop());

runStoreContract('pglite', () => pglitePool.acquire(), { cleanup: () => pglitePool.release() });

if (SERVER_URL !== undefined) {
  const pool = serverPool();
  const serverSchemas = new SchemaPool<PostgresStore>(
    'contract',
    (q) => pool.query(q),
    (q, p) => pool.query(q, p),
    (schema, migrate) => postgresStore({ pool, schema, migrate }),
  );
  afterAll(async () => {
    await serverSchemas.drop();
    await pool.end();
  });
  runStoreContract('postgres server', () => serverSchemas.acquire(), { cleanup: () => serverSchemas.release() });
} else {
  describe('store contract: postgres server', () => {
    it.skip('skipped: set TICKLER_TEST_DATABASE_URL to run the contract on a PostgreSQL server (.ci/run always does)', () => undefined);
  });
}
