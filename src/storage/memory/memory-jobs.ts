import { type Job } from '../../scheduler/job';
import { deliveryIdOf, type ClaimRequest, type ClaimedJob, type JobRepository, type JobSchedule, type JobSettlement } from '../../scheduler/job-repository';
import { cloneJob } from './clone';
import type { Journal } from '../kit/journal';
import { jobKey, type MemoryState, type StoredJob } from './memory-state';

/** The memory store's timers: a map for lookups and a min-heap on the claimable time for `claimDue`. */
export class MemoryJobs implements JobRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
    private readonly newToken: () => string,
  ) {}

  schedule(input: JobSchedule): Promise<void> {
    const job: Job = { ...input, runAt: new Date(input.runAt.getTime()), attempt: 0, leaseToken: null, leaseOwner: null, leaseUntil: null };
    this.#put(jobKey(input.tenantId, input.id), job);
    this.journal.scheduled(job.runAt);
    return Promise.resolve();
  }

  cancel(tenantId: string, id: string): Promise<boolean> {
    return Promise.resolve(this.#put(jobKey(tenantId, id), null));
  }

  get(tenantId: string, id: string): Promise<Job | null> {
    const stored = this.state.jobs.get(jobKey(tenantId, id));
    return Promise.resolve(stored === undefined ? null : cloneJob(stored.job));
  }

  claimDue(request: ClaimRequest): Promise<ClaimedJob[]> {
    const now = request.now.getTime();
    const heap = this.state.jobHeap;
    const claimed: ClaimedJob[] = [];
    while (claimed.length < request.limit) {
      const top = heap.peek();
      if (top === undefined || top.at > now) break;
      heap.pop();
      const stored = this.state.jobs.get(top.key);
      if (stored === undefined || stored.seq !== top.seq) continue; // stale entry
      const job = stored.job; // a live entry's `at` is the job's run time or lease expiry
      const leased: Job = {
        ...job,
        attempt: job.attempt + 1,
        leaseToken: this.newToken(),
        leaseOwner: request.owner,
        leaseUntil: new Date(now + request.leaseMs),
      };
      this.#put(top.key, leased);
      claimed.push({ ...cloneJob(leased), leaseToken: leased.leaseToken as string, leaseUntil: leased.leaseUntil as Date, deliveryId: deliveryIdOf(leased) });
    }
    return Promise.resolve(claimed);
  }

  complete(claim: ClaimedJob): Promise<boolean> {
    const key = this.#heldKey(claim);
    return Promise.resolve(key !== null && this.#put(key, null));
  }

  reschedule(claim: ClaimedJob, runAt: Date): Promise<boolean> {
    return this.#moveHeld(claim, runAt, 0);
  }

  release(claim: ClaimedJob, runAt: Date): Promise<boolean> {
    return this.#moveHeld(claim, runAt, null);
  }

  async settleMany(settlements: readonly JobSettlement[]): Promise<boolean[]> {
    const held: boolean[] = [];
    for (const { claim, runAt } of settlements) held.push(runAt === null ? await this.complete(claim) : await this.reschedule(claim, runAt));
    return held;
  }

  extendLeases(claims: readonly ClaimedJob[], leaseUntil: Date): Promise<boolean[]> {
    return Promise.resolve(
      claims.map((claim) => {
        const key = this.#heldKey(claim);
        if (key === null) return false;
        const current = (this.state.jobs.get(key) as StoredJob).job;
        this.#put(key, { ...current, leaseUntil: new Date(leaseUntil.getTime()) });
        return true;
      }),
    );
  }

  nextDueAt(): Promise<Date | null> {
    const heap = this.state.jobHeap;
    // Drop stale entries from the top so the answer is a live job's time.
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return Promise.resolve(null);
      const stored = this.state.jobs.get(top.key);
      if (stored !== undefined && stored.seq === top.seq) return Promise.resolve(new Date(top.at));
      heap.pop();
    }
  }

  #moveHeld(claim: ClaimedJob, runAt: Date, attempt: number | null): Promise<boolean> {
    const key = this.#heldKey(claim);
    if (key === null) return Promise.resolve(false);
    const current = (this.state.jobs.get(key) as StoredJob).job;
    this.#put(key, {
      ...current,
      runAt: new Date(runAt.getTime()),
      attempt: attempt ?? current.attempt,
      leaseToken: null,
      leaseOwner: null,
      leaseUntil: null,
    });
    this.journal.scheduled(runAt);
    return Promise.resolve(true);
  }

  #heldKey(claim: ClaimedJob): string | null {
    const key = jobKey(claim.tenantId, claim.id);
    const stored = this.state.jobs.get(key);
    return stored !== undefined && stored.job.leaseToken === claim.leaseToken ? key : null;
  }

  /** Writes (or deletes, with null) a job, journalled; true when a job was there before or is there now. */
  #put(key: string, job: Job | null): boolean {
    const { jobs } = this.state;
    const previous = jobs.get(key);
    if (job === null) {
      if (previous === undefined) return false;
      jobs.delete(key);
    } else {
      const stored: StoredJob = { job, seq: this.state.nextJobSeq() };
      jobs.set(key, stored);
      this.state.indexJob(key, stored);
    }
    this.journal.record(() => {
      if (previous === undefined) jobs.delete(key);
      else {
        // A fresh seq re-indexes the restored job; stale heap entries are skipped.
        const restored: StoredJob = { job: previous.job, seq: this.state.nextJobSeq() };
        jobs.set(key, restored);
        this.state.indexJob(key, restored);
      }
    });
    return true;
  }
}
