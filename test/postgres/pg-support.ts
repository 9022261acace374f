import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The PostgreSQL server the tests use, from TICKLER_TEST_DATABASE_URL; undefined when not set. */
export const SERVER_URL = process.env.TICKLER_TEST_DATABASE_URL;

/** A schema name no other test run uses. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

/** A pool on the test server (call only when SERVER_URL is set). */
export function serverPool(max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: SERVER_URL, max, application_name: 'tickler-test' });
  pool.on('error', () => undefined);
  return pool;
}

/** Drops a schema and everything in it. */
export async function dropSchema(run: (sql: string) => Promise<unknown>, schema: string): Promise<void> {
  await run(`drop schema if exists "${schema}" cascade`);
}

/** One in-memory PGlite database, shared by a test file (starting one takes a while). */
export async function memoryPGlite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}
