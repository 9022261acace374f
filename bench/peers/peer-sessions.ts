// The two peer queues behind one small PeerSession interface, for peer-queues.ts. The libraries live in
// bench/peers/.deps (see install.sh), never in package.json, so they are loaded with require at call time
// and typed by interfaces describing only the slice of each API used here.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const DEPS = new URL('./.deps/', import.meta.url);
const GW_VERSION = '0.16.6';
const BOSS_VERSION = '10.3.2';
// Rows per enqueue statement: one JSON parameter each, so a million jobs never build one huge string.
const CHUNK = 5_000;

interface PgPool {
  query(sql: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}
interface PgModule { Pool: new (options: { connectionString: string; max?: number; application_name?: string }) => PgPool }
interface GwRunner { stop(): Promise<void> }
interface GwOptions { pgPool: PgPool; schema: string; logger: unknown }
interface GwRunOptions extends GwOptions {
  concurrency: number;
  pollInterval: number;
  noHandleSignals: boolean;
  crontab: string;
  taskList: Record<string, (payload: unknown) => Promise<void>>;
}
interface GwModule {
  run(options: GwRunOptions): Promise<GwRunner>;
  runMigrations(options: GwOptions): Promise<void>;
  Logger: new (factory: (scope: unknown) => (level: string, message: string) => void) => unknown;
}
interface BossJob { data: unknown }
interface BossInsert { name: string; data: object; startAfter?: string }
interface PgBoss {
  on(event: 'error', listener: (err: unknown) => void): unknown;
  start(): Promise<unknown>;
  stop(options: { graceful: boolean; wait: boolean; timeout: number; close: boolean }): Promise<void>;
  createQueue(name: string): Promise<void>;
  insert(jobs: BossInsert[]): Promise<unknown>;
  work(name: string, options: { batchSize: number; pollingIntervalSeconds: number }, handler: (jobs: BossJob[]) => Promise<void>): Promise<string>;
}
type PgBossClass = new (options: Record<string, unknown>) => PgBoss;

const installedVersion = (name: string): string | undefined => {
  const manifest = new URL(`node_modules/${name}/package.json`, DEPS);
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
};

/** Installs nothing; returns true when the pinned peers are in bench/peers/.deps, else throws saying how to get them. */
export function peersAvailable(): boolean {
  const gw = installedVersion('graphile-worker');
  const boss = installedVersion('pg-boss');
  if (gw === GW_VERSION && boss === BOSS_VERSION && installedVersion('pg') !== undefined) return true;
  throw new Error(
    `bench/peers needs graphile-worker@${GW_VERSION} and pg-boss@${BOSS_VERSION} (found ${gw ?? 'none'} and ${boss ?? 'none'}): run bash bench/peers/install.sh`,
  );
}

// Resolves from .deps first; the file need not exist, createRequire only uses its folder.
const load = <T>(name: string): T => {
  peersAvailable();
  return createRequire(new URL('package.json', DEPS))(name) as T;
};

/** One peer's queue in its own schema; close() is safe after any partial setup. */
export interface PeerSession {
  /** Creates the schema. */
  setup(): Promise<void>;
  /** One job per entry, with payload index = position; `undefined` means due now. */
  enqueue(runAts: readonly (Date | undefined)[]): Promise<void>;
  /** Starts one worker runner; `onJob` is called as each handler starts. */
  start(onJob: (index: number) => void, onError: (err: unknown) => void): Promise<void>;
  /** Stops the workers, drops the schema, ends the pool; never throws. */
  close(): Promise<void>;
}

const schemaName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

// Reports a bad payload as a run failure: thrown inside a handler, the peer would just retry the job.
const reportJob = (payload: unknown, onJob: (index: number) => void, fail: (err: unknown) => void): void => {
  const i = typeof payload === 'object' && payload !== null && 'i' in payload ? payload.i : undefined;
  if (typeof i === 'number') onJob(i);
  else fail(new Error(`unexpected job payload ${JSON.stringify(payload)}`));
};

async function chunked<T>(items: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < items.length; at += CHUNK) await write(items.slice(at, at + CHUNK));
}

// A cleanup step that fails must not stop the others (or hide the measurement's own error).
async function attempt(what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    console.warn(`bench/peers: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function dropSchema(pool: PgPool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** graphile-worker 0.16 in a fresh schema: one runner of `concurrency` workers polling future jobs every `pollInterval` ms. */
export function graphileSession(connectionString: string, concurrency: number, pollInterval: number): PeerSession {
  const gw = load<GwModule>('graphile-worker');
  const { Pool } = load<PgModule>('pg');
  const schema = schemaName('gw_bench');
  let onError: (err: unknown) => void = () => {};
  // graphile-worker logs at info for every worker start; only errors matter, and they fail the run.
  const logger = new gw.Logger(() => (level, message) => {
    if (level === 'error') onError(new Error(`graphile-worker: ${message}`));
  });
  // Our own pool, shared by migrate, enqueue and the runner, so the schema can still be dropped after
  // stop(); +2 leaves room for the runner's LISTEN connection and enqueueing.
  const pool = new Pool({ connectionString, max: concurrency + 2 });
  pool.on('error', (err) => onError(err));
  let runner: GwRunner | undefined;
  return {
    setup: () => gw.runMigrations({ pgPool: pool, schema, logger }),
    enqueue: (runAts) =>
      chunked(
        runAts.map((at, i) => ({ identifier: 'noop', payload: { i }, run_at: at?.toISOString() ?? null, max_attempts: 1 })),
        // 0.16's WorkerUtils has no bulk addJobs, but its schema ships the bulk SQL function add_jobs.
        (specs) =>
          pool.query(`SELECT count(*) FROM "${schema}".add_jobs(ARRAY(SELECT json_populate_recordset(NULL::"${schema}".job_spec, $1::json)))`, [
            JSON.stringify(specs),
          ]),
      ),
    start: async (onJob, fail) => {
      onError = fail;
      const noop = async (payload: unknown): Promise<void> => reportJob(payload, onJob, fail);
      runner = await gw.run({ pgPool: pool, schema, logger, concurrency, pollInterval, noHandleSignals: true, crontab: '', taskList: { noop } });
    },
    close: async () => {
      onError = () => {};
      const stopping = runner;
      if (stopping) await attempt('graphile-worker stop', () => stopping.stop());
      await attempt(`DROP SCHEMA ${schema}`, () => dropSchema(pool, schema));
      await attempt('pool end', () => pool.end());
    },
  };
}

/** pg-boss 10 in a fresh schema: `concurrency` work() loops fetching up to `batchSize` jobs every `pollMs` ms. */
export function pgBossSession(connectionString: string, concurrency: number, pollMs: number, batchSize: number): PeerSession {
  const PgBossCtor = load<PgBossClass>('pg-boss');
  const { Pool } = load<PgModule>('pg');
  const schema = schemaName('boss_bench');
  const queue = 'bench';
  let onError: (err: unknown) => void = () => {};
  // pg-boss's own pool is ended by stop() while work loops may still be waiting for a connection; those
  // never settle and its offWork() then polls every second forever, so the process cannot exit. With our
  // own pool (the same pg.Pool its Db wraps) we end it only once no query is in flight.
  const pool = new Pool({ connectionString, max: concurrency + 2, application_name: 'pgboss' });
  pool.on('error', (err) => onError(err));
  let inFlight = 0;
  const db = {
    executeSql: async (text: string, values?: unknown[]): Promise<unknown> => {
      inFlight++;
      try {
        return await pool.query(text, values);
      } finally {
        inFlight--;
      }
    },
  };
  // supervise/schedule off: maintenance and cron timers are not what is measured and would share the pool.
  const boss = new PgBossCtor({ db, schema, supervise: false, schedule: false });
  boss.on('error', (err) => onError(err));
  let started = false;
  return {
    setup: async () => {
      await boss.start();
      started = true;
      await boss.createQueue(queue); // v10 refuses jobs for queues it has not been told about
    },
    enqueue: (runAts) =>
      chunked(
        runAts.map((at, i): BossInsert => (at ? { name: queue, data: { i }, startAfter: at.toISOString() } : { name: queue, data: { i } })),
        (jobs) => boss.insert(jobs),
      ),
    start: async (onJob, fail) => {
      onError = fail;
      // v10 has no localConcurrency: each work() call is one sequential fetch-run-sleep loop, so
      // concurrency means that many loops. A loop sleeps pollMs minus the batch's duration even when
      // more jobs are waiting, so it drains at most batchSize jobs per poll interval.
      for (let w = 0; w < concurrency; w++) {
        await boss.work(queue, { batchSize, pollingIntervalSeconds: pollMs / 1000 }, async (jobs) => {
          for (const job of jobs) reportJob(job.data, onJob, fail);
        });
      }
    },
    close: async () => {
      onError = () => {};
      if (started) await attempt('pg-boss stop', () => boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true }));
      // Stopped loops still finish the fetch (and complete) they were in; twice idle means none are left.
      for (let idle = 0, waited = 0; idle < 2 && waited < 30_000; waited += 25) {
        idle = inFlight === 0 ? idle + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await attempt(`DROP SCHEMA ${schema}`, () => dropSchema(pool, schema));
      await attempt('pool end', () => pool.end());
    },
  };
}
