import type { CommandContext } from '../runtime/command';
import type { ClaimedJob } from './job-repository';

/** How a job handler finished. */
export type JobOutcome =
  /** The work was done and the job completed or moved to its next occurrence. */
  | 'done'
  /** There was nothing left to do (the entity was completed or removed meanwhile). */
  | 'stale'
  /** The lease was lost to another worker (or the job was replaced) before the work was recorded. */
  | 'superseded';

/** A reminder that fired in a pass. */
export interface FiredReminder {
  /** Tenant of the reminder. */
  tenantId: string;
  /** The reminder. */
  reminderId: string;
  /** The due time that fired. */
  occurrence: Date;
  /** The next occurrence for a recurring reminder, else null. */
  nextDueAt: Date | null;
}

/** What a handler reports back to the scheduler. */
export interface JobResult {
  /** How it finished. */
  outcome: JobOutcome;
  /** Set when a reminder fired. */
  fired?: FiredReminder | undefined;
  /** Set when a message was sent, failed for good, skipped, or set to retry. */
  message?: 'sent' | 'failed' | 'skipped' | 'retrying' | undefined;
}

/**
 * The second half of a job: the writes that record it as handled, run inside a
 * transaction shared with other jobs of the same batch. `attempt` is 1 in the shared
 * transaction; if that fails, the scheduler calls it again alone, with 2, 3…, and a
 * commit should then re-read what it relied on.
 */
export type JobCommit = (ctx: CommandContext, attempt: number) => Promise<JobResult>;

/**
 * A commit the scheduler can start in bulk: it settles the jobs of a batch in one
 * statement (each deleted, or moved to `runAt`, only where the lease still holds), then
 * calls `then` with whether this job's lease was still held.
 */
export interface SettleFirst {
  /** Null to delete the job, a date to move it to its next occurrence. */
  runAt: Date | null;
  /** The rest of the commit, after the job was settled (or found lost: `held` false). */
  then: (ctx: CommandContext, held: boolean) => Promise<JobResult>;
}

/**
 * What the first half of a job returns: a finished result, or the writes still to
 * commit. With `settle`, the shared transaction uses it; `commit` (self-contained) is the
 * fallback when the job is committed alone.
 */
export type PreparedJob = { result: JobResult } | { commit: JobCommit; settle?: SettleFirst | undefined };

/**
 * Runs one claimed job while its lease is held, in two halves: `prepare` does the work
 * that happens outside a transaction (reading, calling event handlers); the returned
 * commit records it. Batching the commits of many jobs in one transaction is what lets a
 * worker keep up with thousands of rows a second. Throwing releases the job for a retry.
 */
export type JobHandler = (job: ClaimedJob, now: Date, batch: JobBatch) => Promise<PreparedJob>;

/** The batch a job was claimed in, for handlers that load what they need for all its jobs at once. */
export interface JobBatch {
  /** Every job of the batch. */
  readonly jobs: readonly ClaimedJob[];
  /** Runs `load` once per batch and `key`; every caller with that key shares the result. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}
