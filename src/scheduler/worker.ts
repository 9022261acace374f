import { AUDIT_SEALER } from '../audit/audit-sealer';
import type { Engine } from '../runtime/engine';
import type { ClaimedJob } from './job-repository';
import { createLimiter } from './limiter';
import { emptySummary, type RunDueSummary } from './run-due-summary';
import type { Scheduler } from './scheduler';

/** Options of `tickler.startWorker`. */
export interface WorkerOptions {
  /** How many handlers this worker runs at once. Default 10. */
  concurrency?: number | undefined;
  /**
   * Due rows claimed per store round trip. Default: the scheduler's `batchSize` (100).
   * A worker holds at most two batches: one running its handlers while the other
   * commits. Lower it when handlers are slow, so rows do not wait in one worker while
   * another is idle.
   */
  batchSize?: number | undefined;
  /** The longest it sleeps without looking at the store, as a fallback to timers and wake-ups (ms). Default 5,000. */
  pollMs?: number | undefined;
  /** Overrides the engine's lease for rows this worker claims (ms). */
  leaseMs?: number | undefined;
  /** The name recorded on its leases. Default: the engine's owner name plus `-worker-N`. */
  name?: string | undefined;
}

/** A running worker. */
export interface Worker {
  /** The name recorded on its leases. */
  readonly name: string;
  /** Counts of what it did since it started (as a `runDue()` summary, without the list of fired reminders). */
  stats(): Omit<RunDueSummary, 'fired'>;
  /** Stops claiming, gives back the rows it claimed but has not started, waits for the running ones to finish, then resolves. */
  stop(): Promise<void>;
}

interface ClockWithChanges {
  onChange(listener: () => void): () => void;
}

let workerCount = 0;

/**
 * Runs due rows continuously. It keeps a timer armed for the earliest due time the store
 * knows of, re-arms it when the store announces an earlier job (NOTIFY on PostgreSQL),
 * and polls only as a fallback, so a row is claimed within milliseconds of its due time.
 * The timer is only a wake-up call: the rows stay the truth, claimed under leases as in
 * `runDue()`.
 */
export function startWorker(engine: Engine, scheduler: Scheduler, options: WorkerOptions = {}): Worker {
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const batchSize = Math.max(1, options.batchSize ?? scheduler.options.batchSize);
  const maxHeld = 2 * batchSize;
  const limiter = createLimiter(concurrency);
  const sealer = engine.find(AUDIT_SEALER);
  let lastSweep = Number.NEGATIVE_INFINITY;
  const pollMs = Math.max(10, options.pollMs ?? 5_000);
  const name = options.name ?? `${scheduler.options.owner}-worker-${++workerCount}`;
  const total = emptySummary(engine.clock.now());
  const inFlight = new Set<Promise<void>>();
  let held = 0;
  let stopping = false;
  let wake: (() => void) | null = null;
  let armedAt = Number.POSITIVE_INFINITY;
  let failures = 0;

  const wakeUp = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onStoreWakeup = (runAt: Date | null): void => {
    if (runAt === null || runAt.getTime() < armedAt) wakeUp();
  };
  const sleep = (ms: number): Promise<void> =>
    stopping
      ? Promise.resolve()
      : new Promise((resolve) => {
      const timer = setTimeout(() => wakeUp(), ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const track = (jobs: ClaimedJob[], now: Date): void => {
    const summary = emptySummary(now);
    held += jobs.length;
    const p: Promise<void> = scheduler.runBatch(jobs, now, summary, { leaseMs: options.leaseMs, limiter, mayStart: () => !stopping, sealLater: true }).finally(() => {
      inFlight.delete(p);
      held -= jobs.length;
      for (const key of ['remindersFired', 'remindersRescheduled', 'stale', 'superseded', 'failed', 'deferred'] as const) total[key] += summary[key];
      wakeUp(); // a slot is free
    });
    inFlight.add(p);
  };

  const clock = engine.clock as Partial<ClockWithChanges>;
  const stopWatchingClock = typeof clock.onChange === 'function' ? clock.onChange(() => wakeUp()) : () => undefined;
  const unsubscribe = engine.store.subscribeWakeups?.(onStoreWakeup) ?? Promise.resolve(async () => undefined);

  const loop = async (): Promise<void> => {
    while (!stopping) {
      try {
        const free = maxHeld - held;
        if (free < Math.min(batchSize, Math.ceil(maxHeld / 2))) {
          await sleep(pollMs);
          continue;
        }
        // Two batches in flight: one runs its handlers while the other commits.
        const size = Math.min(free, batchSize);
        const now = engine.clock.now();
        const jobs = await scheduler.claim(now, size, name, options.leaseMs);
        total.claimed += jobs.length;
        if (jobs.length > 0) track(jobs, now);
        failures = 0;
        if (jobs.length === size) continue; // more may be due: claim again as slots free
        // Idle: seal what batches of crashed processes (or a failed seal) left behind.
        if (sealer !== undefined && engine.clock.now().getTime() - lastSweep >= pollMs) {
          lastSweep = engine.clock.now().getTime();
          sealer.request('all');
        }
        const next = await engine.store.jobs.nextDueAt();
        const untilNext = next === null ? pollMs : next.getTime() - engine.clock.now().getTime();
        // A due row we could not claim is being claimed by someone else: look again shortly.
        const delay = Math.min(pollMs, Math.max(untilNext, next !== null && untilNext <= 0 ? 5 : 0));
        armedAt = engine.clock.now().getTime() + delay;
        await sleep(delay);
        armedAt = Number.POSITIVE_INFINITY;
      } catch (error) {
        failures++;
        const delay = Math.min(5_000, 100 * 2 ** Math.min(failures - 1, 6));
        engine.logger.error({ err: error, worker: name }, 'Worker could not reach the store; retrying');
        await engine.bus.emit('error', { error, message: `Worker ${name} could not reach the store; retrying in ${delay} ms.` });
        await sleep(delay);
      }
    }
  };
  const running = loop();

  return {
    name,
    stats: () => {
      const { fired: _fired, ...counts } = total;
      return { ...counts };
    },
    async stop() {
      stopping = true;
      wakeUp();
      await running;
      await Promise.all([...inFlight]);
      await sealer?.flush();
      stopWatchingClock();
      await (await unsubscribe)();
    },
  };
}
