import type { ClaimedJob } from './job';

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
}

/** Runs one claimed job while its lease is held. Throwing releases the job for a retry. */
export type JobHandler = (job: ClaimedJob, now: Date) => Promise<JobResult>;
