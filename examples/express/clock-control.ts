import type { FakeClock, RunDueSummary, Tickler, Worker } from 'tickler';
import { HttpError } from './errors';

/** The counts of everything the scheduler did during one advance. */
export type RanCounts = Omit<RunDueSummary, 'now' | 'fired'>;

const COUNT_KEYS = ['claimed', 'remindersFired', 'remindersRescheduled', 'messagesSent', 'messagesFailed', 'messagesSkipped', 'messagesRetrying', 'stale', 'superseded', 'failed', 'deferred'] as const;

function zeroCounts(): RanCounts {
  return { claimed: 0, remindersFired: 0, remindersRescheduled: 0, messagesSent: 0, messagesFailed: 0, messagesSkipped: 0, messagesRetrying: 0, stale: 0, superseded: 0, failed: 0, deferred: 0 };
}

/** Passes of `runDue()` at one instant before giving up on a row that keeps coming back. */
const MAX_PASSES_AT_ONE_INSTANT = 50;
/** Due instants visited in one advance before jumping straight to the end. */
const MAX_STOPS = 5_000;

/**
 * The process's scheduler: a worker in this process, and in demo mode a FakeClock that
 * only moves when asked, stopping at every due time on the way so each reminder, message
 * and dunning step runs at its own time, in order.
 */
export class ClockControl {
  #worker: Worker | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly tickler: Tickler,
    /** The demo clock, or null on the system clock. */
    private readonly fake: FakeClock | null,
    /** Called with the new time after each advance (the server keeps it across restarts). */
    private readonly onAdvanced: (now: Date) => void = () => undefined,
  ) {}

  /** True when the clock is the demo's FakeClock. */
  get demo(): boolean {
    return this.fake !== null;
  }

  now(): Date {
    return this.tickler.clock.now();
  }

  /** Starts the worker (it runs due rows as they fall due; on the demo clock, whatever is due now). */
  startWorker(): void {
    if (this.#closed) return;
    this.#worker ??= this.tickler.startWorker({ concurrency: 10, pollMs: 5_000 });
  }

  /** Stops the worker, letting the rows it holds finish. */
  async stopWorker(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.stop();
  }

  /** Waits for an advance in progress, then stops the worker for good. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
    await this.stopWorker();
  }

  /** Runs `runDue()` until a pass claims nothing: everything due at this instant is done. */
  async runUntilIdle(into: RanCounts = zeroCounts()): Promise<RanCounts> {
    for (let pass = 0; pass < MAX_PASSES_AT_ONE_INSTANT; pass++) {
      const summary = await this.tickler.runDue();
      for (const key of COUNT_KEYS) into[key] += summary[key];
      if (summary.claimed === 0) break;
    }
    return into;
  }

  /**
   * Moves the demo clock forward by `ms` and runs what falls due on the way: the worker is
   * stopped meanwhile, so the answer reflects everything that ran. One advance at a time.
   */
  advance(ms: number): Promise<{ now: Date; ran: RanCounts }> {
    const fake = this.fake;
    if (fake === null) return Promise.reject(new HttpError(403, 'FORBIDDEN', 'The clock only moves in demo mode (DEMO=0 runs on the system clock).'));
    const run = this.#queue.then(async () => {
      const restart = this.#worker !== null;
      await this.stopWorker();
      try {
        const target = fake.now().getTime() + ms;
        const ran = await this.runUntilIdle();
        for (let stop = 0; stop < MAX_STOPS; stop++) {
          const next = await this.tickler.store.jobs.nextDueAt();
          // Nothing more on the way; or a row due now that no pass could claim: jump to the end.
          if (next === null || next.getTime() > target || next.getTime() <= fake.now().getTime()) break;
          fake.set(next);
          await this.runUntilIdle(ran);
        }
        if (fake.now().getTime() < target) fake.set(target);
        await this.runUntilIdle(ran);
        this.onAdvanced(fake.now());
        return { now: fake.now(), ran };
      } finally {
        if (restart) this.startWorker();
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
