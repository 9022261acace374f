import type { Job } from './job';

/** What {@link JobRepository.schedule} takes. */
export interface JobSchedule {
  /** Tenant the work belongs to. */
  tenantId: string;
  /** Deterministic id, unique within the tenant. */
  id: string;
  /** Handler name. */
  kind: string;
  /** The entity the handler works on. */
  refId: string;
  /** When it is due. */
  runAt: Date;
}

/** A job handed to one claimer, with the lease that proves it. */
export interface ClaimedJob extends Job {
  /** The lease token; pass the claimed job back to complete, reschedule or release it. */
  leaseToken: string;
  /** When the lease expires. */
  leaseUntil: Date;
  /** Stable id of this occurrence (the same on every redelivery): tenant, job id and run time. */
  deliveryId: string;
}

/** What {@link JobRepository.claimDue} takes. */
export interface ClaimRequest {
  /** Jobs with `runAt <= now` (and no live lease) are due. */
  now: Date;
  /** At most this many are claimed. */
  limit: number;
  /** How long the claimer holds each job before another may take it over. */
  leaseMs: number;
  /** A name for the claimer, recorded on the job. */
  owner: string;
}

/** One item of {@link JobRepository.settleMany}. */
export interface JobSettlement {
  /** The claim whose lease must still be held. */
  claim: ClaimedJob;
  /** Null to delete the job; a date to reschedule it as a new occurrence. */
  runAt: Date | null;
}

/** The stable delivery id of a job occurrence. */
export function deliveryIdOf(job: Pick<Job, 'tenantId' | 'id' | 'runAt'>): string {
  return `${job.tenantId}/${job.id}@${job.runAt.toISOString()}`;
}

/**
 * Stores timers and hands due ones out under leases.
 *
 * Guarantees every implementation MUST give (the store contract suite races them):
 * - `claimDue` hands a job to at most one caller until that caller's lease expires,
 *   even when many callers (in many processes) claim at the same moment;
 * - a job whose lease has expired is due again and is handed out with `attempt + 1`;
 * - `complete`, `reschedule` and `release` change the job only if the lease token
 *   still matches: a claimer that lost its lease changes nothing and learns it from
 *   the `false` result.
 */
export interface JobRepository {
  /** Creates or replaces the job with this tenant and id; clears any lease and resets `attempt` to 0. */
  schedule(job: JobSchedule): Promise<void>;
  /** Deletes the job; false when there was none. */
  cancel(tenantId: string, id: string): Promise<boolean>;
  /** Reads one job. */
  get(tenantId: string, id: string): Promise<Job | null>;
  /** Claims up to `limit` due jobs, earliest first, across all tenants. */
  claimDue(request: ClaimRequest): Promise<ClaimedJob[]>;
  /** Deletes the job if `claim` still holds its lease. */
  complete(claim: ClaimedJob): Promise<boolean>;
  /** Moves the job to `runAt` (a new occurrence: `attempt` resets to 0) if `claim` still holds its lease. */
  reschedule(claim: ClaimedJob, runAt: Date): Promise<boolean>;
  /** Gives the job back for a retry at `runAt`, keeping `attempt`, if `claim` still holds its lease. */
  release(claim: ClaimedJob, runAt: Date): Promise<boolean>;
  /**
   * Settles many claimed jobs at once: each is deleted (`runAt` null) or moved to `runAt`
   * as a new occurrence, only if its claim still holds the lease, exactly as `complete`
   * and `reschedule` would one by one. Returns, in input order, whether each was held.
   */
  settleMany(settlements: readonly JobSettlement[]): Promise<boolean[]>;
  /**
   * Extends the leases of claims still held to `leaseUntil` (a heartbeat for long
   * handlers). Returns, in input order, whether each lease was still held and extended.
   */
  extendLeases(claims: readonly ClaimedJob[], leaseUntil: Date): Promise<boolean[]>;
  /** The earliest moment any job becomes claimable (its run time, or its lease expiry), or null when none exist. */
  nextDueAt(): Promise<Date | null>;
}
