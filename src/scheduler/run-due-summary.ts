import type { FiredReminder } from './job-handler';

/** What one `runDue()` pass did. */
export interface RunDueSummary {
  /** The instant the pass treated as now. */
  now: Date;
  /** Due rows claimed. */
  claimed: number;
  /** Reminders for which `reminder.due` fired. */
  remindersFired: number;
  /** Of those, recurring reminders moved to their next occurrence. */
  remindersRescheduled: number;
  /** Messages the provider accepted. */
  messagesSent: number;
  /** Messages that failed for good (a fallback may have been queued). */
  messagesFailed: number;
  /** Messages skipped (opted out, no longer wanted). */
  messagesSkipped: number;
  /** Messages that failed an attempt and wait for a retry. */
  messagesRetrying: number;
  /** Rows with nothing left to do (completed or removed meanwhile). */
  stale: number;
  /** Rows whose lease was lost to another worker before they finished. */
  superseded: number;
  /** Rows whose handler failed; released for a retry with backoff. */
  failed: number;
  /** Rows of a kind no handler here knows; left for another worker. */
  deferred: number;
  /** The reminders that fired, in the order they finished. */
  fired: FiredReminder[];
}

/** An empty summary for a pass at `now`. */
export function emptySummary(now: Date): RunDueSummary {
  return { now, claimed: 0, remindersFired: 0, remindersRescheduled: 0, messagesSent: 0, messagesFailed: 0, messagesSkipped: 0, messagesRetrying: 0, stale: 0, superseded: 0, failed: 0, deferred: 0, fired: [] };
}
