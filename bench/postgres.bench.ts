// npm run bench:pg: tickler on a PostgreSQL server next to graphile-worker and pg-boss.
// Not part of npm test. Results go to docs/benchmarks.md.
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createTickler, SystemClock } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { fmt, machine, median, printTable, timed } from './bench-report';
import { graphileLateness, graphileThroughput, pgBossLateness, pgBossThroughput, type LatenessResult } from './peers/peer-queues';

const URL = process.env.TICKLER_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const LATENESS_JOBS = 10_000;
const LATENESS_SPAN_MS = 20_000;
const pool = new pg.Pool({ connectionString: URL, max: 4 });
const clock = new SystemClock();

async function freshSchema(tag: string): Promise<string> {
  const schema = `bench_${tag}_${Math.random().toString(36).slice(2, 8)}`;
  const store = await postgresStore({ pool, schema, migrate: true });
  await store.close();
  return schema;
}

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

function spawnWorkers(schema: string, n: number, mode?: string): { children: ChildProcess[]; lines: string[]; ready: Promise<void> } {
  const lines: string[] = [];
  let readyCount = 0;
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const children = Array.from({ length: n }, (_, w) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/pg-bench-worker.ts', URL, schema, `bench-w${w}`, ...(mode ? [mode] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        if (line === 'ready') {
          if (++readyCount === n) onReady();
        } else lines.push(line);
      }
    });
    return child;
  });
  return { children, lines, ready };
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM'); })));
}

async function ticklerThroughput(workers: number): Promise<number> {
  const schema = await freshSchema(`t${workers}`);
  await load(schema, JOBS, 1000, 'now() - interval \'1 second\'');
  const { children, ready } = spawnWorkers(schema, workers);
  await ready;
  const start = performance.now();
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from "${schema}".jobs`);
    if (rows[0]?.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - start) / 1000;
  await stopAll(children);
  await pool.query(`drop schema "${schema}" cascade`);
  return JOBS / seconds;
}

async function ticklerLateness(runAts: Date[]): Promise<LatenessResult> {
  const schema = await freshSchema('late');
  const base = runAts[0] as Date;
  const { children, lines, ready } = spawnWorkers(schema, 1, 'lateness');
  await ready;
  // Enqueued in bulk, like the peers' jobs: rows written straight to the tables, no NOTIFY,
  // so the worker finds them by its fallback poll and then runs on its own timer.
  const first = base.getTime();
  await load(schema, runAts.length, 100, `to_timestamp((${first}::bigint + (i * ${LATENESS_SPAN_MS}::bigint) / ${runAts.length}) / 1000.0)`);
  if (clock.now().getTime() >= first) throw new Error('Loading took longer than the lead time; start the run later.');
  while (lines.length < runAts.length && clock.now().getTime() < base.getTime() + LATENESS_SPAN_MS + 60_000) await new Promise((r) => setTimeout(r, 100));
  await stopAll(children);
  await pool.query(`drop schema "${schema}" cascade`);
  const sorted = lines.map(Number).map((n) => Math.max(0, n)).sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { name: 'tickler', jobs: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] ?? NaN };
}

async function indicatorsAtScale(): Promise<{ ms: number; plan: string }> {
  const schema = await freshSchema('ind');
  // 1,000,000 reminders over 100,000 customers, half of them upcoming.
  await load(schema, 1_000_000, 100_000, `now() + ((i % 2) * 2 - 1) * (i % 1000) * interval '1 hour'`);
  const store = await postgresStore({ pool, schema });
  const admin = createTickler({ store, clock }).as({ tenantId: 'acme', userId: 'bench', roles: ['admin'] });
  const runs: number[] = [];
  for (let k = 0; k < 30; k++) {
    const ids = Array.from({ length: 200 }, (_, j) => `c-${(k * 3331 + j * 97) % 100_000}`);
    runs.push(await timed(() => admin.reminders.indicators(ids)));
  }
  const ids = Array.from({ length: 200 }, (_, j) => `c-${j * 97}`);
  const explain = await pool.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, costs off, timing off) select customer_id, min(due_at) from "${schema}".reminders
     where tenant_id = 'acme' and customer_id = any($1::text[]) and status = 'scheduled' and due_at > now() group by customer_id`,
    [ids],
  );
  await store.close();
  await pool.query(`drop schema "${schema}" cascade`);
  return { ms: median(runs.slice(5)), plan: explain.rows.map((r) => r['QUERY PLAN']).join('\n') };
}

console.log(`tickler bench:pg on ${machine()}, PostgreSQL ${(await pool.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v}\n`);

// BENCH_ONLY=throughput,lateness,indicators picks sections (all by default).
const only = new Set((process.env.BENCH_ONLY ?? 'throughput,lateness,indicators').split(','));

if (only.has('throughput')) {
  const throughput: (string | number)[][] = [];
  const one = await ticklerThroughput(1);
  throughput.push(['tickler, 1 worker process', fmt(one), '1.00']);
  for (const n of [2, 4]) {
    const rate = await ticklerThroughput(n);
    throughput.push([`tickler, ${n} worker processes`, fmt(rate), fmt(rate / one, 2)]);
  }
  const gw = await graphileThroughput(URL, JOBS, 20);
  throughput.push([`graphile-worker 0.16.6, 1 runner, concurrency 20`, fmt(gw.jobsPerSecond), fmt(gw.jobsPerSecond / one, 2)]);
  const boss = await pgBossThroughput(URL, JOBS, 20);
  throughput.push([`pg-boss 10.3.2, 1 worker`, fmt(boss.jobsPerSecond), fmt(boss.jobsPerSecond / one, 2)]);
  console.log(`Throughput: ${fmt(JOBS)} rows due now, no-op handlers (tickler: concurrency 20 per process)\n`);
  printTable(['who', 'per second', 'vs tickler, 1 process'], throughput);
}

if (only.has('lateness')) {
  const span = clock.now().getTime() + 5_000;
  const runAts = Array.from({ length: LATENESS_JOBS }, (_, i) => new Date(span + 5_000 + Math.floor((i * LATENESS_SPAN_MS) / LATENESS_JOBS)));
  const late = [await ticklerLateness(runAts)];
  const shifted = (d: number) => runAts.map((r) => new Date(clock.now().getTime() + 5_000 + (r.getTime() - (runAts[0] as Date).getTime()) + d));
  late.push(await graphileLateness(URL, shifted(0)));
  late.push(await pgBossLateness(URL, shifted(0)));
  console.log(`\nLateness: ${fmt(LATENESS_JOBS)} rows due over ${LATENESS_SPAN_MS / 1000} s in the future, due time to handler start\n`);
  printTable(['who', 'p50 ms', 'p99 ms', 'max ms'], late.map((l) => [l.name, fmt(l.p50Ms), fmt(l.p99Ms), fmt(l.maxMs)]));
}

if (only.has('indicators')) {
  const ind = await indicatorsAtScale();
  console.log(`\nindicators() for 200 customers, 1,000,000 reminders in the table: ${fmt(ind.ms, 2)} ms (median of 25)\n`);
  console.log(ind.plan.replace(/'\{[^}]*\}'/, "'{…200 ids…}'"));
}
await pool.end();
