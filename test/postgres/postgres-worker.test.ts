import { afterAll, describe, expect, it } from 'vitest';
import { createTickler, SystemClock, type Tickler } from 'tickler';
import { postgresStore, type PostgresStore } from 'tickler/postgres';
import { waitFor } from '../support/wait-for';
import { dropSchema, freshSchema, memoryPGlite, SERVER_URL, serverPool } from './pg-support';

const soon = (ms: number): Date => new Date(new SystemClock().now().getTime() + ms);

async function seeded(store: PostgresStore): Promise<{ tickler: Tickler; fired: string[] }> {
  const tickler = createTickler({ store, clock: new SystemClock(), scheduler: { leaseMs: 2_000 } });
  const fired: string[] = [];
  tickler.on('reminder.due', (e) => void fired.push(e.reminder.note));
  await tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] }).customers.upsert({ id: 'c', name: 'C' });
  return { tickler, fired };
}

describe('worker on PGlite', () => {
  it('is woken by NOTIFY when a reminder is written, long before its poll', async () => {
    const pglite = await memoryPGlite();
    const store = await postgresStore({ pglite, schema: freshSchema(), migrate: true });
    const { tickler, fired } = await seeded(store);
    const worker = tickler.startWorker({ pollMs: 60_000 });
    try {
      await tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] }).reminders.create({ customerId: 'c', at: soon(100), note: 'pglite' });
      await waitFor(() => fired.length === 1, 10_000, 'the reminder to fire');
    } finally {
      await worker.stop();
      await pglite.close();
    }
  });
});

describe.runIf(SERVER_URL !== undefined)('worker on a PostgreSQL server', () => {
  const admin = serverPool(2);
  afterAll(() => admin.end());

  it('a worker in one process fires what another process wrote, woken by NOTIFY', async () => {
    const schema = freshSchema('w');
    const writer = await postgresStore({ connectionString: SERVER_URL, schema, migrate: true });
    const reader = await postgresStore({ connectionString: SERVER_URL, schema });
    try {
      const { tickler: writing } = await seeded(writer);
      const { tickler: working, fired } = await seeded(reader);
      const worker = working.startWorker({ pollMs: 60_000 });
      try {
        await new Promise((resolve) => setTimeout(resolve, 200)); // LISTEN is in place
        const w = writing.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
        for (let i = 0; i < 5; i++) await w.reminders.create({ customerId: 'c', at: soon(150 + i * 20), note: `n${i}` });
        await waitFor(() => fired.length === 5, 10_000, 'all five reminders');
        expect([...fired].sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
      } finally {
        await worker.stop();
      }
    } finally {
      await writer.close();
      await reader.close();
      await dropSchema((q) => admin.query(q), schema);
    }
  });

  it('survives its connections being terminated with pg_terminate_backend and loses nothing', async () => {
    const schema = freshSchema('k');
    const app = `tickler-kill-${schema}`;
    const store = await postgresStore({ connectionString: SERVER_URL, schema, migrate: true, applicationName: app, poolSize: 3 });
    const { tickler, fired } = await seeded(store);
    const errors: string[] = [];
    tickler.on('error', (e) => void errors.push(e.message));
    const worker = tickler.startWorker({ pollMs: 500 });
    try {
      const a = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
      await a.reminders.create({ customerId: 'c', at: soon(50), note: 'before' });
      await waitFor(() => fired.length === 1, 10_000, 'the first reminder');
      // Keep the worker busy across the kill, so connections die in the middle of work.
      const burst = 200;
      for (let i = 0; i < burst; i++) await a.reminders.create({ customerId: 'c', at: soon(300 + i * 4), note: `burst-${i}` });
      await waitFor(() => fired.some((n) => n.startsWith('burst-')), 10_000, 'the burst to start');
      const killed = await admin.query<{ n: number }>(
        `select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1) k`,
        [app],
      );
      expect(killed.rows[0]?.n).toBeGreaterThan(0);
      // Rows written while the worker reconnects are still fired.
      let created = false;
      await waitFor(async () => {
        try {
          if (!created) {
            await a.reminders.create({ customerId: 'c', at: soon(100), note: 'after' });
            created = true;
          }
          return true;
        } catch {
          return false; // the pool is replacing a killed connection
        }
      }, 10_000, 'a write after the kill');
      await waitFor(() => fired.includes('after'), 15_000, 'the reminder written after the kill');
      await waitFor(() => new Set(fired.filter((n) => n.startsWith('burst-'))).size === burst, 40_000, 'every reminder of the burst');
      expect(fired[0]).toBe('before');
      expect(new Set(fired).size).toBe(burst + 2);
    } finally {
      await worker.stop();
      await store.close();
      await dropSchema((q) => admin.query(q), schema);
    }
  });
});
