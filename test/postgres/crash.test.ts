import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SystemClock } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { waitFor } from '../support/wait-for';
import { dropSchema, freshSchema, SERVER_URL, serverPool } from './pg-support';

interface Delivery {
  id: string;
  d: string;
  a: number;
  due: number;
  at: number;
  w: string;
}

const TOTAL = 20_000;
const WINDOW_MS = 10_000;
const root = join(import.meta.dirname, '..', '..');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

describe.runIf(SERVER_URL !== undefined)('crash test: four worker processes, one killed with SIGKILL', () => {
  const pool = serverPool(4);
  afterAll(() => pool.end());

  it('delivers every reminder; only those the killed worker held are delivered twice', async () => {
    const schema = freshSchema('crash');
    const store = await postgresStore({ pool, schema, migrate: true });
    const clock = new SystemClock();
    const start = clock.now().getTime() + 4_000;
    // Bulk-load 20,000 reminders due across ten seconds, with their timers.
    await pool.query(`insert into "${schema}".customers (tenant_id, id, name, sort_key, created_at, updated_at, version)
      select 'acme', 'c-' || i, 'Customer ' || i, 'customer ' || i, now(), now(), 1 from generate_series(0, 99) i`);
    await pool.query(
      `insert into "${schema}".reminders (tenant_id, id, customer_id, due_at, zone, note, created_by, source, status, created_at, updated_at, fire_count, version)
       select 'acme', 'r-' || i, 'c-' || (i % 100), to_timestamp(($1::bigint + (i * $2::bigint) / $3::bigint) / 1000.0), 'UTC', 'crash ' || i, 'u', 'api', 'scheduled', now(), now(), 0, 1
       from generate_series(0, $3::int - 1) i`,
      [start, WINDOW_MS, TOTAL],
    );
    await pool.query(`insert into "${schema}".jobs (tenant_id, id, kind, ref_id, run_at, ready_at, attempt)
      select tenant_id, 'reminder:' || id, 'reminder.fire', id, due_at, due_at, 0 from "${schema}".reminders`);

    const deliveries: Delivery[] = [];
    const ready = new Set<string>();
    const workers: ChildProcess[] = [];
    for (let w = 0; w < 4; w++) {
      const name = `crash-${schema}-w${w}`;
      const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'postgres', 'crash-worker.ts'), SERVER_URL as string, schema, name], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let buffer = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, nl)) as Delivery | { ready: string };
          buffer = buffer.slice(nl + 1);
          if ('ready' in line) ready.add(line.ready);
          else deliveries.push(line);
        }
      });
      workers.push(child);
    }
    try {
      await waitFor(() => ready.size === 4, 30_000, 'four workers to start');
      // Midway through the window, kill one worker outright.
      const victim = workers[1] as ChildProcess;
      const victimName = `crash-${schema}-w1`;
      await waitFor(() => clock.now().getTime() >= start + WINDOW_MS / 2, 30_000, 'the middle of the window');
      victim.kill('SIGKILL');
      await new Promise((resolve) => victim.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const held = await pool.query<{ ref_id: string }>(`select ref_id from "${schema}".jobs where lease_owner = $1`, [victimName]);
      const heldIds = new Set(held.rows.map((r) => r.ref_id));

      await waitFor(() => new Set(deliveries.map((d) => d.id)).size === TOTAL, 60_000, 'every reminder to be delivered');
      await waitFor(async () => (await pool.query(`select 1 from "${schema}".jobs limit 1`)).rowCount === 0, 30_000, 'every row to be finished');

      const byId = new Map<string, Delivery[]>();
      for (const d of deliveries) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
      const twice = [...byId.entries()].filter(([, list]) => list.length > 1);
      for (const [id, list] of twice) {
        expect(heldIds.has(id), `${id} delivered ${list.length} times but the killed worker did not hold it`).toBe(true);
        expect(new Set(list.map((d) => d.d)).size, 'a redelivery keeps its delivery id').toBe(1);
        expect(list.map((d) => d.a).sort()).toEqual(list.map((_, i) => i + 1));
      }
      const lateness = [...byId.values()].map((list) => Math.max(0, (list[0] as Delivery).at - (list[0] as Delivery).due)).sort((a, b) => a - b);
      const perWorker = new Map<string, number>();
      for (const d of deliveries) perWorker.set(d.w, (perWorker.get(d.w) ?? 0) + 1);
      console.log(
        `crash test: ${TOTAL} reminders, ${deliveries.length} deliveries, ${twice.length} delivered twice (killed worker held ${heldIds.size}); ` +
          `lateness of first delivery p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms; per worker ${JSON.stringify(Object.fromEntries(perWorker))}`,
      );
    } finally {
      for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.all(workers.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))));
      await store.close();
      await dropSchema((q) => pool.query(q), schema);
    }
  }, 180_000);
});
