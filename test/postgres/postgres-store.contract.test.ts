import { afterAll, describe, it } from 'vitest';
import { postgresStore, type PostgresStore } from 'tickler/postgres';
import { runStoreContract } from 'tickler/testing';
import { dropSchema, freshSchema, memoryPGlite, SERVER_URL, serverPool } from './pg-support';

// Every case gets its own freshly migrated schema, dropped afterwards.
const pglite = await memoryPGlite();
afterAll(() => pglite.close());

runStoreContract('pglite', () => postgresStore({ pglite, schema: freshSchema(), migrate: true }), {
  cleanup: (store) => dropSchema((q) => pglite.exec(q), (store as PostgresStore).schema),
});

if (SERVER_URL !== undefined) {
  const pool = serverPool();
  afterAll(() => pool.end());
  runStoreContract('postgres server', () => postgresStore({ pool, schema: freshSchema(), migrate: true }), {
    cleanup: (store) => dropSchema((q) => pool.query(q), (store as PostgresStore).schema),
  });
} else {
  describe('store contract: postgres server', () => {
    it.skip('skipped: set TICKLER_TEST_DATABASE_URL to run the contract on a PostgreSQL server (.ci/run always does)', () => undefined);
  });
}
