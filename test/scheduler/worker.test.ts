import { describe, expect, it } from 'vitest';
import { createTickler, FakeClock, MemoryStore, SystemClock, type TicklerEventMap } from 'tickler';
import { waitFor } from '../support/wait-for';

describe('startWorker on the memory store', () => {
  it('fires reminders as they fall due on the system clock, without anyone calling runDue', async () => {
    const tickler = createTickler({ clock: new SystemClock(), store: new MemoryStore() });
    const due: TicklerEventMap['reminder.due'][] = [];
    tickler.on('reminder.due', (e) => void due.push(e));
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const worker = tickler.startWorker({ pollMs: 60_000 });
    try {
      // The worker sleeps (its poll is a minute away); the commit's wake-up re-arms its timer.
      const soon = new Date(new SystemClock().now().getTime() + 150);
      const r = await admin.reminders.create({ customerId: 'c', at: soon, note: 'soon' });
      await waitFor(() => due.length === 1, 5_000, 'the reminder to fire');
      expect(due[0]?.reminder.id).toBe(r.id);
      expect(worker.stats()).toMatchObject({ remindersFired: 1, failed: 0 });
    } finally {
      await worker.stop();
    }
  });

  it('wakes up when a FakeClock is moved', async () => {
    const clock = new FakeClock('2026-11-23T08:00:00Z');
    const tickler = createTickler({ clock });
    const fired: string[] = [];
    tickler.on('reminder.due', (e) => void fired.push(e.reminder.note));
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    await admin.reminders.create({ customerId: 'c', at: '2026-11-24T08:00:00Z', note: 'tomorrow' });
    const worker = tickler.startWorker({ pollMs: 60_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fired).toEqual([]);
      clock.advance({ days: 1 });
      await waitFor(() => fired.length === 1, 5_000, 'the reminder to fire');
    } finally {
      await worker.stop();
    }
  });

  it('stop() waits for the rows it holds and then claims nothing more', async () => {
    const clock = new FakeClock('2026-11-23T08:00:00Z');
    const tickler = createTickler({ clock });
    let release: () => void = () => undefined;
    const started: string[] = [];
    const finished: string[] = [];
    let block = true;
    tickler.on('reminder.due', async (e) => {
      started.push(e.reminder.note);
      if (block) await new Promise<void>((resolve) => (release = resolve));
      finished.push(e.reminder.note);
    });
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    await admin.reminders.create({ customerId: 'c', at: '2026-11-23T08:00:00Z', note: 'first' });
    const worker = tickler.startWorker({ concurrency: 1 });
    await waitFor(() => started.length === 1, 5_000, 'the handler to start');
    await admin.reminders.create({ customerId: 'c', at: '2026-11-23T08:00:00Z', note: 'second' });
    const stopped = worker.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    release();
    await stopped;
    expect(finished).toEqual(['first']);
    block = false;
    expect((await tickler.runDue()).remindersFired).toBe(1); // the second was left for others
  });

  it('runs up to `concurrency` rows at once', async () => {
    const clock = new FakeClock('2026-11-23T08:00:00Z');
    const tickler = createTickler({ clock });
    let active = 0;
    let peak = 0;
    tickler.on('reminder.due', async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active--;
    });
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    for (let i = 0; i < 30; i++) await admin.reminders.create({ customerId: 'c', at: '2026-11-23T08:00:00Z', note: `r${i}` });
    const worker = tickler.startWorker({ concurrency: 4 });
    await waitFor(() => worker.stats().remindersFired === 30, 10_000, 'all reminders to fire');
    await worker.stop();
    expect(peak).toBe(4);
  });

  it('refuses bad options', () => {
    const tickler = createTickler();
    expect(() => tickler.startWorker({ concurrency: 0 })).toThrow(/options.concurrency/);
  });
});

describe('lease heartbeat', () => {
  it('a handler that runs longer than the lease is not delivered again by another worker', async () => {
    const store = new MemoryStore();
    const clock = new SystemClock();
    const deliveries: string[] = [];
    const make = (name: string) => {
      const t = createTickler({ store, clock, scheduler: { leaseMs: 1_000 } });
      t.on('reminder.due', async (e) => {
        deliveries.push(`${name}:${e.delivery.attempt}`);
        await new Promise((resolve) => setTimeout(resolve, 2_500)); // 2.5 leases
      });
      return t;
    };
    const a = make('a');
    const b = make('b');
    const admin = a.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c', name: 'C' });
    await admin.reminders.create({ customerId: 'c', at: new Date(clock.now().getTime() - 1), note: 'slow' });
    const first = a.startWorker({ pollMs: 100 });
    await waitFor(() => deliveries.length === 1, 5_000, 'the first delivery');
    const second = b.startWorker({ pollMs: 100 });
    await waitFor(() => first.stats().remindersFired === 1, 10_000, 'the slow handler to finish');
    await second.stop();
    await first.stop();
    expect(deliveries).toEqual(['a:1']);
  });
});
