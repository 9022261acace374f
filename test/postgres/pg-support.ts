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

/** A new in-memory PGlite database, for a test that must own one (it closes it). */
export async function memoryPGlite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}

// Starting PGlite costs seconds of CPU (WebAssembly compile and initdb); the test files
// a worker runs one after another (vitest's isolate is off) share one instance, each file
// in its own fresh schemas, dropped when it ends.
const SHARED = Symbol.for('tickler.test.sharedPGlite');
type WithShared = typeof globalThis & { [SHARED]?: Promise<PGlite> };

/** This worker's shared in-memory PGlite. Never close it: other files use it after yours. */
export function sharedPGlite(): Promise<PGlite> {
  const g = globalThis as WithShared;
  g[SHARED] ??= memoryPGlite();
  return g[SHARED];
}

/** Runs SQL text (several statements, no parameters) on the database a schema lives in. */
export type ExecSql = (sql: string) => Promise<unknown>;

/**
 * Migrated schemas handed out one per store, emptied and handed out again after the
 * test that used them: migrating a fresh schema for every test cost a fifth of the
 * suite's time. `release()` (after each test) empties every schema handed out since the
 * last release; `drop()` (after the file) drops them all.
 */
export class SchemaPool<S> {
  readonly #free: string[] = [];
  readonly #used: string[] = [];
  readonly #all: string[] = [];
  readonly #tables = new Map<string, string[]>();

  constructor(
    private readonly prefix: string,
    private readonly exec: ExecSql,
    private readonly query: (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>,
    private readonly open: (schema: string, migrate: boolean) => Promise<S>,
  ) {}

  /** A store on an empty, migrated schema no other store of this test uses. */
  async acquire(): Promise<S> {
    const reused = this.#free.pop();
    if (reused !== undefined) {
      this.#used.push(reused);
      return this.open(reused, false);
    }
    const schema = freshSchema(this.prefix);
    this.#all.push(schema);
    this.#used.push(schema);
    const store = await this.open(schema, true);
    const { rows } = await this.query(
      `select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like 'tickler_migrations%'`,
      [schema],
    );
    this.#tables.set(schema, rows.map((r) => String(r.table_name)));
    return store;
  }

  /** Empties the schemas the last test used and makes them available again. */
  async release(): Promise<void> {
    const used = this.#used.splice(0);
    if (used.length === 0) return;
    const statements = used.flatMap((schema) => (this.#tables.get(schema) ?? []).map((t) => `delete from "${schema}"."${t}";`));
    await this.exec(statements.join('\n'));
    this.#free.push(...used);
  }

  /** Drops every schema this pool made. */
  async drop(): Promise<void> {
    for (const schema of this.#all.splice(0)) await dropSchema(this.exec, schema);
    this.#free.length = 0;
    this.#used.length = 0;
  }
}
