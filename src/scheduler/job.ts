/**
 * A stored timer: something that must happen at `runAt`. "The row is the timer": a
 * crashed process loses nothing because the schedule lives here, not in memory.
 */
export interface Job {
  /** Tenant the work belongs to. */
  tenantId: string;
  /** Unique within the tenant and deterministic (`reminder:<id>`), so scheduling twice replaces. */
  id: string;
  /** Which handler runs it, such as `reminder.fire`. */
  kind: string;
  /** The id of the entity the handler works on. */
  refId: string;
  /** When it is due. */
  runAt: Date;
  /** How many times it was claimed since it was last scheduled. */
  attempt: number;
  /** The token of the current lease, or null when nobody holds it. */
  leaseToken: string | null;
  /** Which worker holds the lease. */
  leaseOwner: string | null;
  /** When the lease expires and another worker may take the job over. */
  leaseUntil: Date | null;
}
