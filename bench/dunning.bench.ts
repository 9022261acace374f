// npm run bench:dunning: a year of dunning for many invoices, on MemoryStore and on
// PostgreSQL side by side. Not part of npm test. Results go to docs/benchmarks.md.
//   --invoices N   how many invoices (default 100,000; 5 per customer)
//   --only memory|postgres
// PostgreSQL: TICKLER_BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
import pg from 'pg';
import { MemoryStore, type Store } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { simulateYear, type SimulationResult } from '../test/dunning/simulation/simulation-runner';
import { fmt, machine, printTable } from './bench-report';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const COUNT = Number(arg('invoices') ?? 100_000);
const ONLY = arg('only');
const URL = process.env.TICKLER_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function run(name: string, store: Store): Promise<SimulationResult> {
  console.log(`\n${name}: ${fmt(COUNT)} invoices, ${fmt(COUNT / 5)} customers…`);
  const result = await simulateYear(store, COUNT, {
    observe: false,
    progress: (now, steps) => console.log(`  ${now.toISOString().slice(0, 10)}  ${fmt(steps)} steps`),
  });
  console.log(`  done: ${fmt(result.steps)} steps, ${fmt(result.sends)} messages, ${fmt(result.passes)} runDue passes, ${fmt(result.wallMs / 1000, 1)} s`);
  return result;
}

const rows: [string, SimulationResult][] = [];
if (ONLY !== 'postgres') rows.push(['MemoryStore', await run('MemoryStore', new MemoryStore())]);
if (ONLY !== 'memory') {
  const schema = `bench_dunning_${process.pid}`;
  const pool = new pg.Pool({ connectionString: URL, max: 10 });
  pool.on('error', () => undefined);
  try {
    const store = await postgresStore({ pool, schema, migrate: true });
    rows.push(['PostgreSQL', await run('PostgreSQL', store)]);
  } finally {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

console.log(`\nMachine: ${machine()}\n`);
printTable(
  ['store', 'invoices', 'setup (upserts), s', 'year simulated, s', 'steps', 'steps/s', 'messages sent', 'runDue passes'],
  rows.map(([name, r]) => [name, fmt(COUNT), fmt(r.setupMs / 1000, 1), fmt(r.wallMs / 1000, 1), fmt(r.steps), fmt(r.steps / (r.wallMs / 1000)), fmt(r.sends), fmt(r.passes)]),
);
