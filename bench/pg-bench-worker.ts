// A tickler worker process for bench:pg.
// Usage: node --import tsx bench/pg-bench-worker.ts <url> <schema> <config json> <throughput|lateness> <index>
// Prints "ready" once connected, starts on "go"; in lateness mode one line per delivery: ms between due time and handler start.
import { createTickler, SystemClock } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { waitForGo } from './bench-processes';

const [url, schema, configJson, mode, index] = process.argv.slice(2) as [string, string, string, string, string];
const config = JSON.parse(configJson) as { concurrency: number; batchSize: number; pollMs: number };
const clock = new SystemClock();
const store = await postgresStore({ connectionString: url, schema, poolSize: 8, applicationName: `bench-w${index}` });
const tickler = createTickler({ store, clock, scheduler: { batchSize: config.batchSize } });
if (mode === 'lateness') {
  tickler.on('reminder.due', (e) => void process.stdout.write(`${clock.now().getTime() - e.occurrence.getTime()}\n`));
}
let stop: () => Promise<void> = () => Promise.resolve();
process.on('SIGTERM', () => {
  void stop().then(async () => {
    await store.close();
    process.exit(0);
  });
});
process.stdout.write('ready\n');
await waitForGo();
const worker = tickler.startWorker({ concurrency: config.concurrency, batchSize: config.batchSize, pollMs: config.pollMs, name: `bench-w${index}` });
stop = () => worker.stop();
