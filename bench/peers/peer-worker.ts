// One worker process of a peer for bench:pg.
// Usage: node --import tsx bench/peers/peer-worker.ts <graphile|pgboss> <url> <schema> <config json> <throughput|lateness> <index>
// Prints "ready" once started; in lateness mode one line per job: ms between its due time and its handler's start.
import { waitForGo } from '../bench-processes';
import { runGraphile, runPgBoss, type PeerConfig } from './peer-sessions';

const [peer, url, schema, configJson, mode] = process.argv.slice(2) as [string, string, string, string, string];
const config = JSON.parse(configJson) as PeerConfig;
const seen = new Set<number>();
const onJob = (i: number, dueMs: number | null): void => {
  if (mode !== 'lateness' || seen.has(i) || dueMs === null) return;
  seen.add(i);
  process.stdout.write(`${Date.now() - dueMs}\n`);
};
let stop: () => Promise<void> = () => Promise.resolve();
process.on('SIGTERM', () => {
  void stop().finally(() => process.exit(0));
});
process.stdout.write('ready\n');
await waitForGo();
stop = await (peer === 'graphile' ? runGraphile : runPgBoss)(url, schema, config, onJob);
