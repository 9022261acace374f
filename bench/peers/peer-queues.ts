// Measures graphile-worker and pg-boss in worker processes of their own on a real PostgreSQL server, timed
// the way bench/postgres.bench.ts times tickler: from "go" until every job is completed in the database.
import { spawnWorkers, stopAll, until } from '../bench-processes';
import { graphileAdmin, pgBossAdmin, peerSchema, type PeerAdmin, type PeerConfig } from './peer-sessions';

export { peersAvailable, BOSS_VERSION, GW_VERSION, type PeerConfig } from './peer-sessions';

/** Which peer. */
export type Peer = 'graphile' | 'pgboss';

/** How late handlers started after their due time, in milliseconds. */
export interface LatenessResult {
  name: string;
  jobs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Every measurement gives up after this long, plus the span of its due times. */
export const TIMEOUT_MS = 10 * 60_000;

const admin = (peer: Peer, url: string): PeerAdmin => (peer === 'graphile' ? graphileAdmin(url) : pgBossAdmin(url));

/** Nearest-rank percentiles of lateness lines. */
export function latenessOf(name: string, lines: readonly string[]): LatenessResult {
  const sorted = lines.map(Number).map((n) => Math.max(0, n)).sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { name, jobs: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

/**
 * Jobs per second of `procs` worker processes of a peer draining `jobs` jobs that are all due:
 * from "go" until none is left uncompleted in the database.
 */
export async function peerThroughput(peer: Peer, url: string, jobs: number, procs: number, config: PeerConfig): Promise<number> {
  const a = admin(peer, url);
  const schema = peerSchema(peer);
  try {
    await a.setup(schema);
    await a.enqueue(schema, new Array<undefined>(jobs).fill(undefined));
    const workers = spawnWorkers('bench/peers/peer-worker.ts', [peer, url, schema, JSON.stringify(config), 'throughput'], procs);
    await workers.ready;
    const start = performance.now();
    workers.go();
    await until(async () => !(await a.pending(schema)), TIMEOUT_MS, `${a.name} to complete ${jobs} jobs`);
    const seconds = (performance.now() - start) / 1000;
    await stopAll(workers.children);
    return jobs / seconds;
  } finally {
    await a.close(schema);
  }
}

/** One process of a peer, one job per `runAts` entry: how late each handler started. */
export async function peerLateness(peer: Peer, url: string, runAts: readonly Date[], config: PeerConfig): Promise<LatenessResult> {
  const a = admin(peer, url);
  const schema = peerSchema(peer);
  try {
    await a.setup(schema);
    const workers = spawnWorkers('bench/peers/peer-worker.ts', [peer, url, schema, JSON.stringify(config), 'lateness'], 1);
    await workers.ready;
    await a.enqueue(schema, runAts);
    const first = runAts.reduce((min, at) => Math.min(min, at.getTime()), Infinity);
    if (first <= Date.now()) throw new Error(`${a.name}: the first job was due ${Date.now() - first} ms before setup finished; schedule further out`);
    workers.go();
    const last = runAts.reduce((max, at) => Math.max(max, at.getTime()), -Infinity);
    await until(() => Promise.resolve(workers.lines.length >= runAts.length), TIMEOUT_MS + Math.max(0, last - Date.now()), `${a.name} to run ${runAts.length} jobs`, 100);
    await stopAll(workers.children);
    return latenessOf(a.name, workers.lines);
  } finally {
    await a.close(schema);
  }
}
