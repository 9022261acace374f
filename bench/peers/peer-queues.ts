// Measures graphile-worker and pg-boss on a real PostgreSQL server, so bench/postgres.bench.ts can print
// them next to tickler. Library specifics are in peer-sessions.ts; this file times them the same way.
import { graphileSession, pgBossSession, type PeerSession } from './peer-sessions';

export { peersAvailable } from './peer-sessions';

/** Jobs per second of one worker runner draining a backlog of jobs that are all due. */
export interface ThroughputResult { name: string; jobs: number; workers: number; seconds: number; jobsPerSecond: number }
/** How late handlers started after their scheduled time, in milliseconds. */
export interface LatenessResult { name: string; jobs: number; p50Ms: number; p99Ms: number; maxMs: number }

/**
 * Default pg-boss v10 batchSize per work() loop in the throughput runs. It decides pg-boss's number: a loop
 * takes one batch per 0.5 s poll, and on this machine 10 loops of 1,000 managed ~2,000 jobs/s on a
 * 100,000-job backlog (concurrent SKIP LOCKED fetches and unawaited completes queue on the pool) against
 * ~40,000 jobs/s with 5,000.
 */
export const PG_BOSS_BATCH_SIZE = 5000;
/** Both peers poll for future jobs this often in the lateness runs: pg-boss's minimum, which is its floor. */
export const LATENESS_POLL_MS = 500;
/** Worker concurrency for the lateness runs: enough that a burst of due jobs does not queue behind itself. */
export const LATENESS_CONCURRENCY = 10;
/** Every measurement gives up after this long, plus the span of its `runAts`. */
export const TIMEOUT_MS = 5 * 60_000;

/** Resolves once `target` distinct jobs have started; rejects on the first worker error. */
class Tally {
  readonly seen = new Set<number>();
  readonly done: Promise<void>;
  private resolve!: () => void;
  fail!: (err: unknown) => void;
  constructor(private readonly target: number) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.fail = reject;
    });
    if (target === 0) this.resolve();
  }
  /** True the first time `index` is seen, so a redelivered job is not counted twice. */
  hit(index: number): boolean {
    if (this.seen.has(index)) return false;
    this.seen.add(index);
    if (this.seen.size === this.target) this.resolve();
    return true;
  }
}

async function measured<T>(name: string, session: PeerSession, tally: Tally, extraMs: number, body: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => tally.fail(new Error(`${name}: timed out after ${TIMEOUT_MS + extraMs} ms, ${tally.seen.size} jobs ran`)), TIMEOUT_MS + extraMs);
  try {
    return await Promise.race([body(), tally.done.then(() => new Promise<never>(() => {}))]);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}

async function throughput(name: string, session: PeerSession, jobs: number, concurrency: number): Promise<ThroughputResult> {
  const tally = new Tally(jobs);
  return measured(name, session, tally, 0, async () => {
    await session.setup();
    await session.enqueue(new Array<undefined>(jobs).fill(undefined));
    const start = performance.now();
    await session.start((i) => void tally.hit(i), tally.fail);
    await tally.done;
    const seconds = (performance.now() - start) / 1000;
    return { name, jobs, workers: concurrency, seconds, jobsPerSecond: jobs / seconds };
  });
}

/** Nearest-rank percentile of ascending `sorted`. */
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;

async function lateness(name: string, session: PeerSession, runAts: readonly Date[]): Promise<LatenessResult> {
  const tally = new Tally(runAts.length);
  const lateMs: number[] = [];
  // reduce, not Math.max(...spread): a spread of a million dates overflows the call stack.
  const last = runAts.reduce((max, at) => Math.max(max, at.getTime()), -Infinity);
  const first = runAts.reduce((min, at) => Math.min(min, at.getTime()), Infinity);
  const span = Math.max(0, last - Date.now());
  return measured(name, session, tally, span, async () => {
    await session.setup();
    await session.enqueue(runAts);
    // A job already due when enqueued would measure setup, not scheduling.
    if (first <= Date.now()) throw new Error(`${name}: first runAt passed ${Date.now() - first} ms before setup finished; schedule further out`);
    await session.start((i) => {
      const started = Date.now();
      if (tally.hit(i)) lateMs.push(Math.max(0, started - runAts[i]!.getTime()));
    }, tally.fail);
    await tally.done;
    const sorted = lateMs.sort((a, b) => a - b);
    return { name, jobs: runAts.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.at(-1) ?? 0 };
  });
}

/** graphile-worker 0.16: drains `jobs` due jobs with one runner of `concurrency` workers (fresh schema, dropped after). */
export async function graphileThroughput(connectionString: string, jobs: number, concurrency: number): Promise<ThroughputResult> {
  // Default pollInterval (2 s) only matters for future jobs: a worker that finds a job asks for the next at once.
  return throughput('graphile-worker', graphileSession(connectionString, concurrency, 2_000), jobs, concurrency);
}

/** pg-boss 10: drains `jobs` due jobs with `concurrency` work() loops of {@link PG_BOSS_BATCH_SIZE} (fresh schema, dropped after). */
export async function pgBossThroughput(connectionString: string, jobs: number, concurrency: number, batchSize = PG_BOSS_BATCH_SIZE): Promise<ThroughputResult> {
  return throughput('pg-boss', pgBossSession(connectionString, concurrency, 500, batchSize), jobs, concurrency);
}

/**
 * graphile-worker 0.16: one job per `runAts` entry, lateness of each handler start. Future jobs are found by
 * polling every {@link LATENESS_POLL_MS}; setup takes about a second, so start `runAts` a few seconds out.
 */
export async function graphileLateness(connectionString: string, runAts: Date[]): Promise<LatenessResult> {
  return lateness('graphile-worker', graphileSession(connectionString, LATENESS_CONCURRENCY, LATENESS_POLL_MS), runAts);
}

/**
 * pg-boss 10: one job per `runAts` entry (startAfter), lateness of each handler start. pg-boss only polls, every
 * {@link LATENESS_POLL_MS} at best, which bounds its lateness; start `runAts` a few seconds out.
 */
export async function pgBossLateness(connectionString: string, runAts: Date[]): Promise<LatenessResult> {
  return lateness('pg-boss', pgBossSession(connectionString, LATENESS_CONCURRENCY, LATENESS_POLL_MS, PG_BOSS_BATCH_SIZE), runAts);
}
