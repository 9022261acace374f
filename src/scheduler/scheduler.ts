import type { Engine } from '../runtime/engine';
import { backoffDelay } from './backoff';
import type { ClaimedJob } from './job';
import type { JobHandler } from './job-handler';
import { emptySummary, type RunDueSummary } from './run-due-summary';

/** Options of the scheduler, set through `createTickler({ scheduler })`. */
export interface SchedulerOptions {
  /** How long a claimer holds a due row before another may take it over. Default 30 s. */
  leaseMs: number;
  /** Rows claimed per store round trip. Default 100. */
  batchSize: number;
  /** First retry delay after a handler failure. Default 5 s, doubling up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  /** Longest retry delay. Default 1 hour. */
  maxRetryDelayMs: number;
  /** Name recorded on leases. Default `tickler-<random>`. */
  owner: string;
}

/**
 * Claims due rows and runs their handlers. Knows nothing about reminders: each job kind
 * has a handler, registered by the composition root.
 */
export class Scheduler {
  readonly #engine: Engine;
  readonly #handlers: ReadonlyMap<string, JobHandler>;
  readonly #options: SchedulerOptions;

  constructor(engine: Engine, handlers: ReadonlyMap<string, JobHandler>, options: SchedulerOptions) {
    this.#engine = engine;
    this.#handlers = handlers;
    this.#options = options;
  }

  /** The options in force. */
  get options(): Readonly<SchedulerOptions> {
    return this.#options;
  }

  /** One pass over every row due at the clock's now. Concurrent passes never run the same row twice. */
  async runDue(): Promise<RunDueSummary> {
    const now = this.#engine.clock.now();
    const summary = emptySummary(now);
    for (;;) {
      const batch = await this.claim(now, this.#options.batchSize);
      if (batch.length === 0) return summary;
      summary.claimed += batch.length;
      await Promise.all(batch.map((job) => this.run(job, now, summary)));
    }
  }

  /** Claims up to `limit` rows due at `now` under this scheduler's lease. */
  claim(now: Date, limit: number, owner = this.#options.owner, leaseMs = this.#options.leaseMs): Promise<ClaimedJob[]> {
    return this.#engine.store.jobs.claimDue({ now, limit, leaseMs, owner });
  }

  /** Runs one claimed row's handler and adds the outcome to `summary`. Never throws. */
  async run(job: ClaimedJob, now: Date, summary: RunDueSummary): Promise<void> {
    const { logger, store } = this.#engine;
    const handler = this.#handlers.get(job.kind);
    if (handler === undefined) {
      summary.deferred++;
      logger.warn({ job: job.id, kind: job.kind }, 'No handler for this job kind here; leaving it for another worker');
      await store.jobs.release(job, new Date(now.getTime() + this.#options.leaseMs));
      return;
    }
    try {
      const result = await handler(job, now);
      if (result.outcome === 'stale') summary.stale++;
      else if (result.outcome === 'superseded') summary.superseded++;
      if (result.fired !== undefined) {
        summary.remindersFired++;
        if (result.fired.nextDueAt !== null) summary.remindersRescheduled++;
        summary.fired.push(result.fired);
      }
    } catch (error) {
      summary.failed++;
      const delay = backoffDelay(job.attempt, { baseMs: this.#options.retryDelayMs, maxMs: this.#options.maxRetryDelayMs, random: Math.random });
      logger.error({ err: error, job: job.id, kind: job.kind, attempt: job.attempt }, 'Job failed; it will be retried');
      await this.#engine.bus.emit('error', { error, event: job.kind, message: `Job ${job.id} (${job.kind}) failed on attempt ${job.attempt}; retrying in ${delay} ms.` });
      try {
        await store.jobs.release(job, new Date(now.getTime() + delay));
      } catch (releaseError) {
        logger.error({ err: releaseError, job: job.id }, 'Could not release the failed job; its lease will expire instead');
      }
    }
  }
}
