// One worker process of the crash test: prints a JSON line per delivery.
// Usage: node --import tsx test/postgres/crash-worker.ts <url> <schema> <name>
import { createTickler, SystemClock } from 'tickler';
import { postgresStore } from 'tickler/postgres';

const [url, schema, name] = process.argv.slice(2) as [string, string, string];
const clock = new SystemClock();
const store = await postgresStore({ connectionString: url, schema, poolSize: 6, applicationName: name });
const tickler = createTickler({ store, clock, scheduler: { leaseMs: 3_000 } });
tickler.on('reminder.due', (e) => {
  process.stdout.write(`${JSON.stringify({ id: e.reminder.id, d: e.delivery.id, a: e.delivery.attempt, due: e.occurrence.getTime(), at: clock.now().getTime(), w: name })}\n`);
});
const worker = tickler.startWorker({ concurrency: 50, pollMs: 1_000, name });
process.stdout.write(`${JSON.stringify({ ready: name })}\n`);
process.on('SIGTERM', () => {
  void worker.stop().then(async () => {
    await store.close();
    process.exit(0);
  });
});
