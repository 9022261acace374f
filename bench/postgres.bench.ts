// npm run bench:pg: tickler on a PostgreSQL server next to graphile-worker, pg-boss and a raw SQL claim
// loop, each in worker processes of its own, timed from the same "go" until every job is done in the
// database. Not part of npm test. Results go to docs/benchmarks.md.
import pg from 'pg';
import { createTickler, SystemClock } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { spawnWorkers, stopAll, until } from './bench-processes';
import { fmt, machine, median, printTable, timed } from './bench-report';
import { BOSS_VERSION, GW_VERSION, latenessOf, peerLateness, peersAvailable, peerThroughput, type LatenessResult, type PeerConfig } from './peers/peer-queues';
import { statementProfile } from './pg-statement-profile';

const URL = process.env.TICKLER_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LATENESS_JOBS = 10_000;
const LATENESS_SPAN_MS = 20_000;
const STEADY_SECONDS = 20;
/** Both peers poll for future jobs this often in the lateness runs: pg-boss's minimum. */
const LATENESS_POLL_MS = 500;
const pool = new pg.Pool({ connectionString: URL, max: 4 });
const clock = new SystemClock();

/** A tickler worker process's settings. */
interface TicklerConfig { concurrency: number; batchSize: number; pollMs: number }
const TICKLER: TicklerConfig = { concurrency: 20, batchSize: 100, pollMs: 1_000 };
const GRAPHILE: PeerConfig = { concurrency: 24, batchSize: 500, pollMs: 2_000 };
const BOSS_SAME_BATCH: PeerConfig = { concurrency: 1, batchSize: 100, pollMs: 500 };
const BOSS_BEST: PeerConfig = { concurrency: 1, batchSize: 5_000, pollMs: 500 };

async function freshSchema(tag: string): Promise<string> {
  const schema = `bench_${tag}_${Math.random().toString(36).slice(2, 8)}`;
  const store = await postgresStore({ pool, schema, migrate: true });
  await store.close();
  return schema;
}

/** `count` reminders of `customers` customers due at `dueSql` (of `i`), each with its timer row, written straight to the tables. */
async function load(schema: string, count: number, customers: number, dueSql: string): Promise<void> {
  await pool.query(`insert into "${schema}".customers (tenant_id, id, name, sort_key, created_at, updated_at, version)
    select 'acme', 'c-' || i, 'Customer ' || i, 'customer ' || i, now(), now(), 1 from generate_series(0, ${customers - 1}) i`);
  await pool.query(`insert into "${schema}".reminders (tenant_id, id, customer_id, due_at, zone, note, created_by, source, status, created_at, updated_at, fire_count, version)
    select 'acme', 'r-' || i, 'c-' || (i % ${customers}), ${dueSql}, 'UTC', 'bench', 'u', 'api', 'scheduled', now(), now(), 0, 1 from generate_series(0, ${count - 1}) i`);
  await pool.query(`insert into "${schema}".jobs (tenant_id, id, kind, ref_id, run_at, ready_at, attempt)
    select tenant_id, 'reminder:' || id, 'reminder.fire', id, due_at, due_at, 0 from "${schema}".reminders where due_at > now() - interval '1 day'`);
  // As autovacuum would have done by the time such a table is queried in production.
  await pool.query(`vacuum analyze "${schema}".reminders`);
  await pool.query(`vacuum analyze "${schema}".jobs`);
}

const exists = async (sql: string): Promise<boolean> => (await pool.query<{ e: boolean }>(`select exists (${sql}) as e`)).rows[0]?.e === true;

/**
 * Rows per second of `procs` processes draining `JOBS` due rows of tickler's tables: tickler's workers
 * (every reminder fired, recorded, audited and its audit entry sealed) or the raw SQL loop.
 */
async function drain(procs: number, worker: { script: string; args: string[] }, profile = false): Promise<{ perSecond: number; statements?: string }> {
  const schema = await freshSchema(`t${procs}`);
  try {
    await load(schema, JOBS, 1000, "now() - interval '1 second'");
    const workers = spawnWorkers(worker.script, [URL, schema, ...worker.args], procs);
    await workers.ready;
    const reset = profile ? await statementProfile(pool, schema) : null;
    const start = performance.now();
    workers.go();
    // Done when no timer is left and every audit entry is sealed.
    await until(async () => !(await exists(`select 1 from "${schema}".jobs`)) && !(await exists(`select 1 from "${schema}".audit_pending`)), 10 * 60_000, 'the rows to drain');
    const seconds = (performance.now() - start) / 1000;
    const statements = reset === null ? undefined : await reset.report(JOBS);
    await stopAll(workers.children);
    return { perSecond: JOBS / seconds, statements };
  } finally {
    await pool.query(`drop schema "${schema}" cascade`);
  }
}

const tickler = (config: TicklerConfig) => ({ script: 'bench/pg-bench-worker.ts', args: [JSON.stringify(config), 'throughput'] });
const rawLoop = (limit: number) => ({ script: 'bench/peers/raw-claim-worker.ts', args: [String(limit)] });

/** Median and range of `RUNS` measurements. */
async function runs(measure: () => Promise<number>): Promise<{ median: number; min: number; max: number }> {
  const values: number[] = [];
  for (let r = 0; r < RUNS; r++) values.push(await measure());
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

async function ticklerLateness(runAts: Date[]): Promise<LatenessResult> {
  const schema = await freshSchema('late');
  try {
    const workers = spawnWorkers('bench/pg-bench-worker.ts', [URL, schema, JSON.stringify(TICKLER), 'lateness'], 1);
    await workers.ready;
    workers.go();
    // Enqueued in bulk, like the peers' jobs: rows written straight to the tables, no NOTIFY,
    // so the worker finds them by its fallback poll and then runs on its own timer.
    const first = (runAts[0] as Date).getTime();
    await load(schema, runAts.length, 100, `to_timestamp((${first}::bigint + (i * ${LATENESS_SPAN_MS}::bigint) / ${runAts.length}) / 1000.0)`);
    if (clock.now().getTime() >= first) throw new Error('Loading took longer than the lead time; start the run later.');
    await until(() => Promise.resolve(workers.lines.length >= runAts.length), LATENESS_SPAN_MS + 60_000, 'the reminders to fire', 100);
    await stopAll(workers.children);
    return latenessOf('tickler', workers.lines);
  } finally {
    await pool.query(`drop schema "${schema}" cascade`);
  }
}

/**
 * Lateness under a steady load: for `STEADY_SECONDS`, `rate` reminders a second come due, written
 * every 20 ms in small batches (each due 100 ms after it is written, and announced with NOTIFY as a
 * committing tickler would), with 4 worker processes firing them.
 */
async function ticklerSteady(rate: number): Promise<LatenessResult> {
  const schema = await freshSchema('steady');
  try {
    await load(schema, 0, 1000, 'now()');
    const workers = spawnWorkers('bench/pg-bench-worker.ts', [URL, schema, JSON.stringify(TICKLER), 'lateness'], 4);
    await workers.ready;
    workers.go();
    const tickMs = 20;
    let written = 0;
    const started = performance.now();
    for (let tick = 0; performance.now() - started < STEADY_SECONDS * 1000; tick++) {
      const due = Math.floor(((tick + 1) * tickMs * rate) / 1000) - written;
      if (due > 0) {
        await pool.query(
          `with r as (
             insert into "${schema}".reminders (tenant_id, id, customer_id, due_at, zone, note, created_by, source, status, created_at, updated_at, fire_count, version)
             select 'acme', 'r-' || i, 'c-' || (i % 1000), now() + interval '100 ms', 'UTC', 'bench', 'u', 'api', 'scheduled', now(), now(), 0, 1 from generate_series($1::int, $2::int) i
             returning tenant_id, id, due_at)
           insert into "${schema}".jobs (tenant_id, id, kind, ref_id, run_at, ready_at, attempt) select tenant_id, 'reminder:' || id, 'reminder.fire', id, due_at, due_at, 0 from r`,
          [written, written + due - 1],
        );
        await pool.query(`select pg_notify($1, (extract(epoch from now() + interval '100 ms') * 1000)::bigint::text)`, [`tickler_jobs_${schema}`]);
        written += due;
      }
      const next = started + (tick + 1) * tickMs - performance.now();
      if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
    }
    await until(() => Promise.resolve(workers.lines.length >= written), 60_000, 'the steady load to drain', 100);
    await stopAll(workers.children);
    return latenessOf(`tickler, 4 processes, ${fmt(rate)} reminders/s for ${STEADY_SECONDS} s`, workers.lines);
  } finally {
    await pool.query(`drop schema "${schema}" cascade`);
  }
}

async function indicatorsAtScale(): Promise<{ ms: number; plan: string }> {
  const schema = await freshSchema('ind');
  // 1,000,000 reminders over 100,000 customers, half of them upcoming.
  await load(schema, 1_000_000, 100_000, `now() + ((i % 2) * 2 - 1) * (i % 1000) * interval '1 hour'`);
  const store = await postgresStore({ pool, schema });
  const admin = createTickler({ store, clock }).as({ tenantId: 'acme', userId: 'bench', roles: ['admin'] });
  const times: number[] = [];
  for (let k = 0; k < 30; k++) {
    const ids = Array.from({ length: 200 }, (_, j) => `c-${(k * 3331 + j * 97) % 100_000}`);
    times.push(await timed(() => admin.reminders.indicators(ids)));
  }
  const ids = Array.from({ length: 200 }, (_, j) => `c-${j * 97}`);
  const explain = await pool.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, costs off, timing off) select customer_id, min(due_at) from "${schema}".reminders
     where tenant_id = 'acme' and customer_id = any($1::text[]) and status = 'scheduled' and due_at > now() group by customer_id`,
    [ids],
  );
  await store.close();
  await pool.query(`drop schema "${schema}" cascade`);
  return { ms: median(times.slice(5)), plan: explain.rows.map((r) => r['QUERY PLAN']).join('\n') };
}

console.log(`tickler bench:pg on ${machine()}, PostgreSQL ${(await pool.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v}\n`);

// BENCH_ONLY=throughput,lateness,steady,indicators picks sections (all by default).
const only = new Set((process.env.BENCH_ONLY ?? 'throughput,lateness,steady,indicators').split(','));
let fourProcesses = Number(process.env.BENCH_STEADY_BASE ?? 0);

if (only.has('throughput')) {
  peersAvailable();
  const rows: (string | number)[][] = [];
  const measured: Record<string, number> = {};
  // BENCH_WHO=tickler1,tickler4,raw,… picks configurations (all by default).
  const who = process.env.BENCH_WHO === undefined ? null : new Set(process.env.BENCH_WHO.split(','));
  const add = async (key: string, name: string, config: string, measure: () => Promise<number>): Promise<void> => {
    if (who !== null && !who.has(key)) return;
    const r = await runs(measure);
    measured[key] = r.median;
    rows.push([name, config, fmt(r.median), `${fmt(r.min)}–${fmt(r.max)}`]);
  };
  const ticklerConfig = `concurrency ${TICKLER.concurrency}, batch ${TICKLER.batchSize}`;
  for (const n of [1, 2, 4]) await add(`tickler${n}`, `tickler, ${n} worker process${n === 1 ? '' : 'es'}`, ticklerConfig, async () => (await drain(n, tickler(TICKLER))).perSecond);
  await add('raw', 'raw SQL claim + delete loop, 4 processes', `LIMIT ${TICKLER.batchSize}`, async () => (await drain(4, rawLoop(TICKLER.batchSize))).perSecond);
  await add('gw', `graphile-worker ${GW_VERSION}, 4 processes`, `concurrency ${GRAPHILE.concurrency}, localQueue ${GRAPHILE.batchSize}, batched completion`, () => peerThroughput('graphile', URL, JOBS, 4, GRAPHILE));
  await add('bossSame', `pg-boss ${BOSS_VERSION}, 4 processes`, `batchSize ${BOSS_SAME_BATCH.batchSize} (tickler's batch)`, () => peerThroughput('pgboss', URL, JOBS, 4, BOSS_SAME_BATCH));
  await add('bossBest', `pg-boss ${BOSS_VERSION}, 4 processes`, `batchSize ${BOSS_BEST.batchSize} (its fastest here)`, () => peerThroughput('pgboss', URL, JOBS, 4, BOSS_BEST));
  console.log(`Throughput: ${fmt(JOBS)} rows due now, no-op handlers, from "go" until every row is done in the database (median of ${RUNS} runs)\n`);
  printTable(['who', 'configuration', 'per second', 'range'], rows);
  const t4 = measured.tickler4;
  if (t4 !== undefined) {
    fourProcesses = t4;
    const ratios: [string, string][] = [
      ['tickler1', 'tickler, 1 process'],
      ['raw', `raw SQL loop, LIMIT ${TICKLER.batchSize}`],
      ['gw', 'graphile-worker (throughput settings)'],
      ['bossSame', "pg-boss, tickler's batch"],
      ['bossBest', 'pg-boss, its fastest'],
    ];
    console.log('\nRatios of tickler with 4 processes (medians):\n');
    printTable(['against', 'ratio'], ratios.filter(([key]) => measured[key] !== undefined).map(([key, label]) => [label, fmt(t4 / (measured[key] as number), 2)]));
    const profiled = await drain(4, tickler(TICKLER), true);
    if (profiled.statements !== undefined) console.log(`\nStatements per 1,000 fired reminders (tickler, 4 processes, one more run at ${fmt(profiled.perSecond)}/s):\n\n${profiled.statements}`);
  }
}

if (only.has('lateness')) {
  peersAvailable();
  const span = clock.now().getTime() + 5_000;
  const runAts = Array.from({ length: LATENESS_JOBS }, (_, i) => new Date(span + 5_000 + Math.floor((i * LATENESS_SPAN_MS) / LATENESS_JOBS)));
  const late = [await ticklerLateness(runAts)];
  const shifted = () => runAts.map((r) => new Date(clock.now().getTime() + 8_000 + (r.getTime() - (runAts[0] as Date).getTime())));
  late.push(await peerLateness('graphile', URL, shifted(), { concurrency: 10, batchSize: 0, pollMs: LATENESS_POLL_MS }));
  late.push(await peerLateness('pgboss', URL, shifted(), { concurrency: 10, batchSize: 100, pollMs: LATENESS_POLL_MS }));
  console.log(`\nLateness, idle: ${fmt(LATENESS_JOBS)} rows due over ${LATENESS_SPAN_MS / 1000} s in the future, one worker process each, due time to handler start\n`);
  printTable(['who', 'p50 ms', 'p99 ms', 'max ms'], late.map((l) => [l.name, fmt(l.p50Ms), fmt(l.p99Ms), fmt(l.maxMs)]));
}

if (only.has('steady')) {
  if (fourProcesses === 0) fourProcesses = (await drain(4, tickler(TICKLER))).perSecond;
  const steady = await ticklerSteady(Math.round(fourProcesses / 2));
  console.log(`\nLateness under load: half of tickler's 4-process throughput, due time to handler start\n`);
  printTable(['who', 'reminders', 'p50 ms', 'p99 ms', 'max ms'], [[steady.name, fmt(steady.jobs), fmt(steady.p50Ms), fmt(steady.p99Ms), fmt(steady.maxMs)]]);
}

if (only.has('indicators')) {
  const ind = await indicatorsAtScale();
  console.log(`\nindicators() for 200 customers, 1,000,000 reminders in the table: ${fmt(ind.ms, 2)} ms (median of 25)\n`);
  console.log(ind.plan.replace(/'\{[^}]*\}'/, "'{…200 ids…}'"));
}
await pool.end();
