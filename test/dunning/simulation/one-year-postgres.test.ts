import { afterAll, describe, it } from 'vitest';
import { postgresStore, type PostgresStore } from 'tickler/postgres';
import { dropSchema, freshSchema, SERVER_URL, serverPool } from '../../postgres/pg-support';
import { runOn } from './one-year-checks';

if (SERVER_URL !== undefined) {
  const pool = serverPool(10);
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema((q) => pool.query(q), s);
    await pool.end();
  });
  runOn(
    'PostgreSQL',
    async () => {
      const schema = freshSchema('sim');
      schemas.push(schema);
      return postgresStore({ pool, schema, migrate: true });
    },
    async (store, victim) => {
      await pool.query(`update "${(store as PostgresStore).schema}".audit_entries set reason = reason || ' (edited)' where tenant_id = $1 and seq = $2`, [victim.tenantId, victim.seq]);
    },
  );
} else {
  describe('a year of dunning on PostgreSQL', () => {
    it.skip('skipped: set TICKLER_TEST_DATABASE_URL to run the simulation on a PostgreSQL server (.ci/run always does)', () => undefined);
  });
}
