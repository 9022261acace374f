import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, MemoryStore, SystemClock, type Clock, type ConnectorOperation, type Store, type Tickler } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { dropSchema, freshSchema, SERVER_URL, serverPool } from '../postgres/pg-support';
import type { RunningDouble } from '../support/connector-double';
import { waitFor } from '../support/wait-for';
import { staticTokens } from './crash-fixture';
import { CRASH_FIXTURES } from './crash-fixtures';

// A worker dies (SIGKILL) after every provider received its write and before any result
// was stored. Another worker takes the operations over once their leases expire and runs
// them again with the same idempotency keys: each provider must end with exactly one
// object, found by the adapter's guard (an upsert by external id, a client-chosen id, or
// a look-up before creating).

const root = join(import.meta.dirname, '..', '..');
const LEASE_MS = 2_000;

interface Setting {
  doubles: Map<string, RunningDouble>;
  operations: Map<string, ConnectorOperation>;
  finished: Map<string, ConnectorOperation>;
}

async function startDoubles(): Promise<Map<string, RunningDouble>> {
  const doubles = new Map<string, RunningDouble>();
  for (const f of CRASH_FIXTURES) doubles.set(f.name, await f.startDouble());
  for (const d of doubles.values()) d.hold();
  return doubles;
}

function engine(store: Store, doubles: Map<string, RunningDouble>, clock: Clock): Tickler {
  const connectors = CRASH_FIXTURES.map((f) => f.connector((doubles.get(f.name) as RunningDouble).url, staticTokens));
  return createTickler({ store, clock, connectors, scheduler: { leaseMs: LEASE_MS }, connectorOptions: { retryBaseMs: 100, retryMaxMs: 500 } });
}

/** One customer and one operation per fixture. */
async function enqueue(tickler: Tickler): Promise<Map<string, ConnectorOperation>> {
  const admin = tickler.as({ tenantId: 'crash', userId: 'u-admin', roles: ['admin'] });
  const out = new Map<string, ConnectorOperation>();
  for (const f of CRASH_FIXTURES) {
    await admin.customers.upsert({ id: `c-${f.name}`, name: `Customer of ${f.name}`, email: `${f.name}@customer.example`, timezone: 'Europe/Paris', links: { [f.name]: f.link } });
    out.set(f.name, await admin.connectors.enqueue({ connector: f.name, operation: f.operation, customerId: `c-${f.name}`, subject: `Crash test ${f.name}`, dueAt: '2026-12-08T09:00:00Z', fields: f.fields, cause: { type: 'crash-test', id: f.name } }));
  }
  return out;
}

/** Waits until every double holds a write: every provider did the work, no answer has left. */
async function everyWriteArrived(doubles: Map<string, RunningDouble>): Promise<void> {
  await waitFor(() => [...doubles.values()].every((d) => d.objectCount() === 1), 30_000, 'every provider to receive its write');
  for (const d of doubles.values()) d.stopHolding();
}

/** Runs passes of the surviving worker until every operation is finished. */
async function recover(tickler: Tickler, operations: Map<string, ConnectorOperation>, advance: () => void): Promise<Map<string, ConnectorOperation>> {
  const admin = tickler.as({ tenantId: 'crash', userId: 'u-admin', roles: ['admin'] });
  const finished = new Map<string, ConnectorOperation>();
  for (let pass = 0; pass < 50 && finished.size < operations.size; pass++) {
    advance();
    await tickler.runDue();
    for (const [name, op] of operations) {
      const now = await admin.connectors.get(op.id);
      if (now.state !== 'queued' && now.state !== 'running') finished.set(name, now);
    }
    if (finished.size < operations.size) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return finished;
}

/**
 * Starts the doomed worker process and kills it once every provider holds its write. Its
 * start-up (tsx, the store, PGlite's WebAssembly) is slow on a loaded machine, so the wait
 * for the writes starts at its "ready" line, and a worker that dies first fails the test
 * with what it printed.
 */
async function kill(storeJson: string, doubles: Map<string, RunningDouble>): Promise<void> {
  const urls = Object.fromEntries([...doubles].map(([name, d]) => [name, d.url]));
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'connectors', 'crash-worker.ts'), storeJson, JSON.stringify(urls)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exitCode: number | null | undefined;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), resolve())));
  const alive = (): boolean => {
    if (exitCode !== undefined) throw new Error(`The crash worker exited early (code ${exitCode}):\n${output}`);
    return true;
  };
  try {
    await waitFor(() => alive() && output.includes('ready'), 120_000, 'the crash worker to start');
    await waitFor(() => alive() && [...doubles.values()].every((d) => d.objectCount() === 1), 60_000, 'every provider to receive its write');
  } finally {
    for (const d of doubles.values()) d.stopHolding();
    child.kill('SIGKILL');
    await exited;
  }
}

function expectations(kind: string, setting: () => Setting): void {
  it.each(CRASH_FIXTURES.map((f) => [f.name]))(`${kind}: %s made exactly one object, and the operation succeeded after the dead worker's attempt`, (name) => {
    const s = setting();
    expect(s.doubles.get(name)?.objectCount()).toBe(1);
    expect(s.finished.get(name)).toMatchObject({ state: 'succeeded' });
    // The second attempt, or a later one when a loaded machine made an attempt time out: never a second object.
    expect(s.finished.get(name)?.attempts).toBeGreaterThanOrEqual(2);
  });
}

describe('connector operations when the worker dies mid-call', () => {
  describe('memory store (the worker abandoned in-process, its lease left to expire)', () => {
    const s: Setting = { doubles: new Map(), operations: new Map(), finished: new Map() };
    beforeAll(async () => {
      s.doubles = await startDoubles();
      const store = new MemoryStore();
      const frozen = new FakeClock('2026-12-07T10:00:00Z');
      const doomed = engine(store, s.doubles, frozen);
      s.operations = await enqueue(doomed);
      void doomed.runDue(); // never answered: it stands for a process that died mid-call
      await everyWriteArrived(s.doubles);
      const later = new FakeClock('2026-12-07T10:00:00Z');
      s.finished = await recover(engine(store, s.doubles, later), s.operations, () => later.advance({ milliseconds: LEASE_MS + 1 }));
    }, 60_000);
    afterAll(async () => {
      for (const d of s.doubles.values()) await d.close();
    });
    expectations('memory', () => s);
  });

  describe('PGlite in a data directory (the worker process killed with SIGKILL)', () => {
    const s: Setting = { doubles: new Map(), operations: new Map(), finished: new Map() };
    const dir = mkdtempSync(join(tmpdir(), 'tickler-crash-'));
    beforeAll(async () => {
      s.doubles = await startDoubles();
      const schema = 'tickler';
      const first = await postgresStore({ pglite: dir, schema, migrate: true });
      s.operations = await enqueue(engine(first, s.doubles, new SystemClock()));
      await first.close();
      await kill(JSON.stringify({ kind: 'pglite', dir, schema }), s.doubles);
      const reopened = await postgresStore({ pglite: dir, schema });
      try {
        await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
        s.finished = await recover(engine(reopened, s.doubles, new SystemClock()), s.operations, () => undefined);
      } finally {
        await reopened.close();
      }
    }, 240_000);
    afterAll(async () => {
      for (const d of s.doubles.values()) await d.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expectations('PGlite', () => s);
  });

  describe.runIf(SERVER_URL !== undefined)('PostgreSQL server (the worker process killed with SIGKILL)', () => {
    const s: Setting = { doubles: new Map(), operations: new Map(), finished: new Map() };
    const pool = serverPool(4);
    const schema = freshSchema('ccrash');
    beforeAll(async () => {
      s.doubles = await startDoubles();
      const store = await postgresStore({ pool, schema, migrate: true });
      s.operations = await enqueue(engine(store, s.doubles, new SystemClock()));
      await kill(JSON.stringify({ kind: 'server', url: SERVER_URL, schema }), s.doubles);
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
      s.finished = await recover(engine(store, s.doubles, new SystemClock()), s.operations, () => undefined);
    }, 240_000);
    afterAll(async () => {
      for (const d of s.doubles.values()) await d.close();
      await dropSchema((q) => pool.query(q), schema);
      await pool.end();
    });
    expectations('PostgreSQL', () => s);
  });
});
