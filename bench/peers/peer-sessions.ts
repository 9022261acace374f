// The two peer queues behind one small interface, for bench:pg. The libraries live in bench/peers/.deps
// (see install.sh), never in package.json, so they are loaded with require at call time and typed by
// interfaces describing only the slice of each API used here. The parent process sets a peer's schema up,
// enqueues and counts what is left; each worker process (peer-worker.ts) runs one instance of the peer.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const DEPS = new URL('./.deps/', import.meta.url);
/** The versions install.sh pins (the newest that run on Node 20). */
export const GW_VERSION = '0.17.3';
export const BOSS_VERSION = '10.4.2';
// Rows per enqueue statement: one JSON parameter each, so a million jobs never build one huge string.
const CHUNK = 5_000;
const QUEUE = 'bench';

interface PgPool {
  query<R = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}
interface PgModule { Pool: new (options: { connectionString: string; max?: number; application_name?: string }) => PgPool }
interface GwRunner { stop(): Promise<void>; promise: Promise<void> }
interface GwModule {
  run(options: Record<string, unknown>): Promise<GwRunner>;
  runMigrations(options: Record<string, unknown>): Promise<void>;
  Logger: new (factory: (scope: unknown) => (level: string, message: string) => void) => unknown;
}
interface BossJob { data: unknown }
interface BossInsert { name: string; data: object; startAfter?: string }
interface PgBoss {
  on(event: 'error', listener: (err: unknown) => void): unknown;
  start(): Promise<unknown>;
  stop(options: { graceful: boolean; wait: boolean; timeout: number; close?: boolean }): Promise<void>;
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

/** Returns true when the pinned peers are in bench/peers/.deps, else throws saying how to get them. */
export function peersAvailable(): boolean {
  const gw = installedVersion('graphile-worker');
  const boss = installedVersion('pg-boss');
  if (gw === GW_VERSION && boss === BOSS_VERSION && installedVersion('pg') !== undefined) return true;
  throw new Error(`bench/peers needs graphile-worker@${GW_VERSION} and pg-boss@${BOSS_VERSION} (found ${gw ?? 'none'} and ${boss ?? 'none'}): run bash bench/peers/install.sh`);
}

// Resolves from .deps first; the file need not exist, createRequire only uses its folder.
const load = <T>(name: string): T => {
  peersAvailable();
  return createRequire(new URL('package.json', DEPS))(name) as T;
};

const pool = (connectionString: string, max: number): PgPool => {
  const { Pool } = load<PgModule>('pg');
  return new Pool({ connectionString, max });
};

/** A fresh schema name for a peer. */
export const peerSchema = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

/** What a peer's worker process runs with. */
export interface PeerConfig {
  /** graphile-worker: jobs at once per process. pg-boss: work() loops per process. */
  concurrency: number;
  /** How often an idle worker looks for jobs due in the future, ms. */
  pollMs: number;
  /** graphile-worker: its local queue size (0 for none). pg-boss: jobs per fetch. */
  batchSize: number;
}

/** The parent's side of a peer: its schema, its jobs, and how many are not done yet. */
export interface PeerAdmin {
  name: string;
  /** Creates the schema. */
  setup(schema: string): Promise<void>;
  /** One job per entry; `undefined` means due now. Each job's payload carries its index and due time. */
  enqueue(schema: string, runAts: readonly (Date | undefined)[]): Promise<void>;
  /** Whether any job is not completed yet (graphile-worker deletes completed jobs; pg-boss marks them). An `exists`, so that asking every few milliseconds costs the server next to nothing. */
  pending(schema: string): Promise<boolean>;
  /** Drops the schema and ends the pool. */
  close(schema: string): Promise<void>;
}

async function chunked<T>(items: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < items.length; at += CHUNK) await write(items.slice(at, at + CHUNK));
}

/** graphile-worker, parent side. */
export function graphileAdmin(connectionString: string): PeerAdmin {
  const gw = load<GwModule>('graphile-worker');
  const db = pool(connectionString, 2);
  const logger = new gw.Logger(() => () => undefined);
  return {
    name: `graphile-worker ${GW_VERSION}`,
    setup: (schema) => gw.runMigrations({ pgPool: db, schema, logger }),
    enqueue: (schema, runAts) =>
      chunked(
        runAts.map((at, i) => ({ identifier: 'noop', payload: { i, at: at?.getTime() ?? null }, run_at: at?.toISOString() ?? null, max_attempts: 1 })),
        // WorkerUtils has no bulk addJobs, but its schema ships the bulk SQL function add_jobs.
        (specs) => db.query(`SELECT count(*) FROM "${schema}".add_jobs(ARRAY(SELECT json_populate_recordset(NULL::"${schema}".job_spec, $1::json)))`, [JSON.stringify(specs)]),
      ),
    pending: async (schema) => (await db.query<{ e: boolean }>(`select exists (select 1 from "${schema}"._private_jobs) as e`)).rows[0]?.e === true,
    close: async (schema) => {
      await db.query(`drop schema if exists "${schema}" cascade`);
      await db.end();
    },
  };
}

/** pg-boss, parent side. */
export function pgBossAdmin(connectionString: string): PeerAdmin {
  const PgBossCtor = load<PgBossClass>('pg-boss');
  const db = pool(connectionString, 2);
  let boss: PgBoss | null = null;
  return {
    name: `pg-boss ${BOSS_VERSION}`,
    setup: async (schema) => {
      boss = new PgBossCtor({ connectionString, schema, supervise: false, schedule: false, max: 2 });
      boss.on('error', (err) => console.warn('pg-boss:', err));
      await boss.start();
      await boss.createQueue(QUEUE); // v10 refuses jobs for queues it has not been told about
    },
    enqueue: (_schema, runAts) =>
      chunked(
        runAts.map((at, i): BossInsert => (at ? { name: QUEUE, data: { i, at: at.getTime() }, startAfter: at.toISOString() } : { name: QUEUE, data: { i, at: null } })),
        (jobs) => (boss as PgBoss).insert(jobs),
      ),
    pending: async (schema) => (await db.query<{ e: boolean }>(`select exists (select 1 from "${schema}".job where name = $1 and state < 'completed') as e`, [QUEUE])).rows[0]?.e === true,
    close: async (schema) => {
      await boss?.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined);
      await db.query(`drop schema if exists "${schema}" cascade`);
      await db.end();
    },
  };
}

/** Called as each job's handler starts, with the job's index and its due time (ms, null for "now"). */
export type OnJob = (index: number, dueMs: number | null) => void;

const payloadOf = (data: unknown): { i: number; at: number | null } => {
  const p = data as { i?: unknown; at?: unknown };
  if (typeof p?.i !== 'number') throw new Error(`unexpected job payload ${JSON.stringify(data)}`);
  return { i: p.i, at: typeof p.at === 'number' ? p.at : null };
};

/** Runs one graphile-worker instance on `schema` until the returned stop is called. */
export async function runGraphile(connectionString: string, schema: string, config: PeerConfig, onJob: OnJob): Promise<() => Promise<void>> {
  const gw = load<GwModule>('graphile-worker');
  const logger = new gw.Logger(() => (level, message) => {
    if (level === 'error') console.error(`graphile-worker: ${message}`);
  });
  // Its documented settings for throughput (worker.graphile.org/docs/performance): a local queue, batched completion.
  const runner = await gw.run({
    connectionString,
    schema,
    logger,
    concurrency: config.concurrency,
    maxPoolSize: config.concurrency + 1,
    pollInterval: config.pollMs,
    noHandleSignals: true,
    taskList: {
      noop: (payload: unknown) => {
        const { i, at } = payloadOf(payload);
        onJob(i, at);
        return Promise.resolve();
      },
    },
    preset: { worker: config.batchSize > 0 ? { localQueue: { size: config.batchSize }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } : {} },
  });
  return () => runner.stop();
}

/** Runs one pg-boss instance with `config.concurrency` work() loops on `schema` until the returned stop is called. */
export async function runPgBoss(connectionString: string, schema: string, config: PeerConfig, onJob: OnJob): Promise<() => Promise<void>> {
  const PgBossCtor = load<PgBossClass>('pg-boss');
  const boss = new PgBossCtor({ connectionString, schema, supervise: false, schedule: false, migrate: false, max: config.concurrency + 2 });
  boss.on('error', (err) => console.error('pg-boss:', err));
  await boss.start();
  // v10 has no localConcurrency: each work() call is one fetch-run-sleep loop. A loop sleeps the polling
  // interval minus the batch's duration even when more jobs wait, so it drains batchSize jobs per interval.
  for (let w = 0; w < config.concurrency; w++) {
    await boss.work(QUEUE, { batchSize: config.batchSize, pollingIntervalSeconds: config.pollMs / 1000 }, (jobs) => {
      for (const job of jobs) {
        const { i, at } = payloadOf(job.data);
        onJob(i, at);
      }
      return Promise.resolve();
    });
  }
  return () => boss.stop({ graceful: true, wait: true, timeout: 10_000 });
}
