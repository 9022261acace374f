import { SCHEDULER_ACTOR } from '../access/actor';
import { AUDIT_SEALER } from '../audit/audit-sealer';
import { ConflictError } from '../errors';
import { BatchWriter } from '../runtime/batch-writer';
import { runCommand, runShared, type CommandOptions } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { backoffDelay } from './backoff';
import type { ClaimedJob } from './job-repository';
import type { JobBatch, JobCommit, JobHandler, JobResult, SettleFirst } from './job-handler';
import { createLimiter, type Limiter } from './limiter';
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

// Losing an acknowledgement to a database crash only means the row is delivered again,
// with the same delivery id: within the at-least-once promise, and much faster.
const RELAXED = { relaxedDurability: true } as const;
const COMMIT_ATTEMPTS = 3;
/**
 * Once some handlers of a batch have finished, how long the rest may run before the
 * finished ones commit without them (and the slow ones commit in a later wave).
 */
const WAVE_MS = 100;

/** How {@link Scheduler.runBatch} runs a batch. */
export interface RunBatchOptions {
  /** The lease the rows were claimed with (the heartbeat extends it). Default: the scheduler's. */
  leaseMs?: number | undefined;
  /** Limits how many handlers run at once (a worker shares one across its batches). Default: all of the batch. */
  limiter?: Limiter | undefined;
  /** Asked before each handler starts; false gives the row back unrun (a stopping worker). */
  mayStart?: (() => boolean) | undefined;
  /**
   * Append the batch's audit entries unsealed and have them sealed after it commits, so
   * concurrent workers never wait on a tenant's chain (workers do). Default false: they are
   * chained in the batch's own transaction, as `runDue()` does.
   */
  sealLater?: boolean | undefined;
}

interface PendingCommit {
  job: ClaimedJob;
  commit: JobCommit;
  settle?: SettleFirst | undefined;
}

/**
 * Claims due rows and runs their handlers. Knows nothing about reminders: each job kind
 * has a handler, registered by the composition root. The handlers of a batch run
 * concurrently; their acknowledgements then commit together in one transaction.
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

  /**
   * One pass over every row due at the clock's now. Concurrent passes never run the same
   * row twice. Resolves once what the pass did is committed and its audit entries sealed.
   */
  async runDue(): Promise<RunDueSummary> {
    const now = this.#engine.clock.now();
    const summary = emptySummary(now);
    for (;;) {
      const batch = await this.claim(now, this.#options.batchSize);
      if (batch.length === 0) break;
      summary.claimed += batch.length;
      await this.runBatch(batch, now, summary);
    }
    await this.#engine.find(AUDIT_SEALER)?.flush();
    return summary;
  }

  /** Claims up to `limit` rows due at `now` under this scheduler's lease. */
  claim(now: Date, limit: number, owner = this.#options.owner, leaseMs = this.#options.leaseMs): Promise<ClaimedJob[]> {
    return this.#engine.store.jobs.claimDue({ now, limit, leaseMs, owner });
  }

  /**
   * Runs claimed rows: their handlers concurrently (as many at once as the limiter
   * allows), then their acknowledgements together in one transaction. Handlers that are
   * still running {@link WAVE_MS} after others finished commit in a later wave, so a slow
   * handler holds neither a transaction open nor the rest of its batch back. While it
   * runs, a heartbeat extends the leases every third of `leaseMs`, so a slow handler does
   * not let another worker take its rows over. Never throws.
   */
  async runBatch(jobs: readonly ClaimedJob[], now: Date, summary: RunDueSummary, options: RunBatchOptions = {}): Promise<void> {
    const leaseMs = options.leaseMs ?? this.#options.leaseMs;
    const heartbeat = setInterval(() => {
      const until = new Date(this.#engine.clock.now().getTime() + leaseMs);
      this.#engine.store.jobs.extendLeases(jobs, until).catch((error: unknown) => {
        this.#engine.logger.warn({ err: error, jobs: jobs.length }, 'Could not extend leases; rows may be taken over if handlers run long');
      });
    }, Math.max(250, Math.floor(leaseMs / 3)));
    try {
      const commit = { ...RELAXED, sealLater: options.sealLater === true };
      await this.#runBatch(jobs, now, summary, options.limiter ?? createLimiter(jobs.length), options.mayStart ?? (() => true), commit);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #runBatch(jobs: readonly ClaimedJob[], now: Date, summary: RunDueSummary, limiter: Limiter, mayStart: () => boolean, commit: CommandOptions): Promise<void> {
    const memo = new Map<string, Promise<unknown>>();
    const batch: JobBatch = {
      jobs,
      once: <T>(key: string, load: () => Promise<T>): Promise<T> => {
        let p = memo.get(key) as Promise<T> | undefined;
        if (p === undefined) {
          p = load();
          memo.set(key, p);
        }
        return p;
      },
    };
    const ready: PendingCommit[] = [];
    let running = jobs.length;
    let wake: () => void = () => undefined;
    for (const job of jobs) {
      const start = async (): Promise<PendingCommit | null> => {
        if (mayStart()) return this.#prepare(job, now, summary, batch);
        await this.#release(job, now.getTime());
        return null;
      };
      void limiter(start).then((p) => {
        if (p !== null) ready.push(p);
        running--;
        wake();
      });
    }
    while (running > 0 || ready.length > 0) {
      if (running > 0) {
        // Until every handler is done, or some are and the others have had WAVE_MS more.
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          wake = () => {
            if (running === 0) resolve();
            else if (ready.length > 0 && timer === undefined) timer = setTimeout(resolve, WAVE_MS);
          };
          wake();
        });
        clearTimeout(timer);
        wake = () => undefined;
      }
      const wave = ready.splice(0);
      if (wave.length > 0) await this.#commitWave(wave, now, summary, commit);
    }
  }

  /** Commits finished jobs together in one transaction; one by one if that fails. */
  async #commitWave(pending: PendingCommit[], now: Date, summary: RunDueSummary, commit: CommandOptions): Promise<void> {
    try {
      const results = await runShared(
        this.#engine,
        async (contextFor, tx) => {
          // Settle every job that allows it in one statement, then finish each commit.
          const bulk = pending.filter((p) => p.settle !== undefined);
          const held = await tx.jobs.settleMany(bulk.map((p) => ({ claim: p.job, runAt: (p.settle as SettleFirst).runAt })));
          const heldOf = new Map(bulk.map((p, i) => [p, held[i] === true]));
          // The rest of each commit runs concurrently, so their writes can share statements.
          const writer = new BatchWriter(pending.length);
          // allSettled, not all: a commit that throws must not roll the transaction back
          // while the others still have statements in flight, which would then run outside it.
          const settled = await Promise.allSettled(
            pending.map(async (p) => {
              try {
                const ctx = contextFor(p.job.tenantId, SCHEDULER_ACTOR, writer);
                return p.settle !== undefined ? await p.settle.then(ctx, heldOf.get(p) === true) : await p.commit(ctx, 1);
              } finally {
                writer.done();
              }
            }),
          );
          const failure = settled.find((r) => r.status === 'rejected');
          if (failure !== undefined) throw failure.reason;
          return settled.map((r) => (r as PromiseFulfilledResult<JobResult>).value);
        },
        commit,
      );
      results.forEach((result) => tally(summary, result));
    } catch (error) {
      // One of them clashed (or the store failed): commit them one by one instead.
      if (!(error instanceof ConflictError)) this.#engine.logger.warn({ err: error, jobs: pending.length }, 'Batch acknowledgement failed; acknowledging one by one');
      for (const p of pending) await this.#commitAlone(p, now, summary, commit);
    }
  }

  async #prepare(job: ClaimedJob, now: Date, summary: RunDueSummary, batch: JobBatch): Promise<PendingCommit | null> {
    try {
      return await this.#prepareOrFail(job, now, summary, batch);
    } catch (error) {
      // Only the error report itself can get here; the lease expires and the row comes back.
      this.#engine.logger.error({ err: error, job: job.id }, 'Could not report a failed job');
      return null;
    }
  }

  async #prepareOrFail(job: ClaimedJob, now: Date, summary: RunDueSummary, batch: JobBatch): Promise<PendingCommit | null> {
    const handler = this.#handlers.get(job.kind);
    if (handler === undefined) {
      summary.deferred++;
      this.#engine.logger.warn({ job: job.id, kind: job.kind }, 'No handler for this job kind here; leaving it for another worker');
      await this.#release(job, now.getTime() + this.#options.leaseMs);
      return null;
    }
    try {
      const prepared = await handler(job, now, batch);
      if ('result' in prepared) {
        tally(summary, prepared.result);
        return null;
      }
      return { job, commit: prepared.commit, settle: prepared.settle };
    } catch (error) {
      await this.#failed(job, now, summary, error);
      return null;
    }
  }

  async #commitAlone(p: PendingCommit, now: Date, summary: RunDueSummary, commit: CommandOptions): Promise<void> {
    for (let attempt = 2; ; attempt++) {
      try {
        tally(summary, await runCommand(this.#engine, { tenantId: p.job.tenantId, ref: SCHEDULER_ACTOR }, (ctx) => p.commit(ctx, attempt), commit));
        return;
      } catch (error) {
        if (error instanceof ConflictError && attempt <= COMMIT_ATTEMPTS) continue;
        await this.#failed(p.job, now, summary, error);
        return;
      }
    }
  }

  async #failed(job: ClaimedJob, now: Date, summary: RunDueSummary, error: unknown): Promise<void> {
    summary.failed++;
    const delay = backoffDelay(job.attempt, { baseMs: this.#options.retryDelayMs, maxMs: this.#options.maxRetryDelayMs, random: Math.random });
    this.#engine.logger.error({ err: error, job: job.id, kind: job.kind, attempt: job.attempt }, 'Job failed; it will be retried');
    await this.#engine.bus.emit('error', { error, event: job.kind, message: `Job ${job.id} (${job.kind}) failed on attempt ${job.attempt}; retrying in ${delay} ms.` });
    await this.#release(job, now.getTime() + delay);
  }

  async #release(job: ClaimedJob, atMs: number): Promise<void> {
    try {
      await this.#engine.store.jobs.release(job, new Date(atMs));
    } catch (error) {
      this.#engine.logger.error({ err: error, job: job.id }, 'Could not release the job; its lease will expire instead');
    }
  }
}

function tally(summary: RunDueSummary, result: JobResult): void {
  if (result.outcome === 'stale') summary.stale++;
  else if (result.outcome === 'superseded') summary.superseded++;
  if (result.message === 'sent') summary.messagesSent++;
  else if (result.message === 'failed') summary.messagesFailed++;
  else if (result.message === 'skipped') summary.messagesSkipped++;
  else if (result.message === 'retrying') summary.messagesRetrying++;
  if (result.fired !== undefined) {
    summary.remindersFired++;
    if (result.fired.nextDueAt !== null) summary.remindersRescheduled++;
    summary.fired.push(result.fired);
  }
}
