// A worker process for bench:pg. Usage: node --import tsx bench/pg-bench-worker.ts <url> <schema> <name> [lateness]
// With "lateness", prints one line per delivery: the milliseconds between due time and handler start.
import { createTickler, SystemClock } from 'tickler';
import { postgresStore } from 'tickler/postgres';

const [url, schema, name, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
const clock = new SystemClock();
const store = await postgresStore({ connectionString: url, schema, poolSize: 8, applicationName: name });
const tickler = createTickler({ store, clock });
if (mode === 'lateness') {
  tickler.on('reminder.due', (e) => void process.stdout.write(`${clock.now().getTime() - e.occurrence.getTime()}\n`));
}
const worker = tickler.startWorker({ concurrency: 20, pollMs: 1_000, name });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.stop().then(async () => {
    await store.close();
    process.exit(0);
  });
});
