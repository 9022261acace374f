/**
 * Where an invoice is in its dunning:
 * - `none`: no policy applies (none assigned, or the customer is excluded);
 * - `active`: waiting for its next step or escalation check (`wakeAt`);
 * - `awaiting_approval`: review mode, a due step waits for `dunning.approve` or `markSent`;
 * - `stopped`: the clock is stopped (paused, disputed, or a promise to pay);
 * - `held`: what remains is below the policy's minimum: nothing is sent;
 * - `exhausted`: every step ran; nothing more is planned;
 * - `closed`: paid, voided or written off.
 */
export type DunningPhase = 'none' | 'active' | 'awaiting_approval' | 'stopped' | 'held' | 'exhausted' | 'closed';

/** A step that ran. */
export interface DoneStep {
  /** The policy step. */
  stepId: string;
  /** The level after it. */
  level: number;
  /** The calendar date it ran on, in the customer's zone. */
  date: string;
  /** The instant, ISO. */
  at: string;
  /** Run at its time, approved in review mode, or marked as sent by the business itself. */
  how: 'automatic' | 'approved' | 'manual';
  /** The days the clock had been stopped in total when it ran (later stops move the next step). */
  shiftDays?: number | undefined;
}

/** Why the clock is stopped. */
export interface ClockStop {
  /** Paused, disputed, or promised. */
  kind: 'paused' | 'disputed' | 'promised';
  /** When it stopped, ISO. */
  since: string;
  /** When it starts again by itself (a pause's end, the promised date), ISO, or null. */
  until: string | null;
  /** Why, as given. */
  reason: string | null;
}

/** The dunning state of one invoice. Plain JSON (instants as ISO strings), kept with the invoice. */
export interface DunningState {
  /** The phase. */
  phase: DunningPhase;
  /** The policy in force, or null. */
  policyId: string | null;
  /** The policy's version when last planned. */
  policyVersion: number;
  /** How many after-due steps ran. */
  level: number;
  /** Steps that ran, oldest first. */
  done: DoneStep[];
  /** Steps passed over (a reminder before the due date planned after it), by id. */
  skipped: string[];
  /** The next step and when it falls due (ISO), while active. */
  next: {
    /** The policy step that runs next. */
    stepId: string;
    /** When it falls due, ISO. */
    at: string;
  } | null;
  /** The step waiting for approval, in review mode. */
  pending: {
    /** The policy step that waits for approval. */
    stepId: string;
    /** When it started waiting, ISO. */
    since: string;
  } | null;
  /** Why the clock is stopped, while stopped. */
  stop: ClockStop | null;
  /** Whole days the clock was stopped in total: later steps move by this much. */
  shiftDays: number;
  /** When the last after-due step that messaged the customer ran, ISO (escalation counts from it). */
  lastCustomerStepAt: string | null;
  /** When the customer last answered (a payment, a reply, a promise), ISO. */
  lastAnswerAt: string | null;
  /** When to escalate if the customer has not answered by then, ISO. */
  escalateAt: string | null;
  /** When the invoice was escalated (once at most), ISO. */
  escalatedAt: string | null;
  /** The date statutory interest was last charged up to. */
  interestTo: string | null;
  /** Why it closed. */
  closedReason: 'paid' | 'void' | 'written_off' | null;
  /** When the invoice's timer runs next, ISO, or null. */
  wakeAt: string | null;
}

/** The state of an invoice never planned. */
export function initialDunningState(): DunningState {
  return {
    phase: 'none',
    policyId: null,
    policyVersion: 0,
    level: 0,
    done: [],
    skipped: [],
    next: null,
    pending: null,
    stop: null,
    shiftDays: 0,
    lastCustomerStepAt: null,
    lastAnswerAt: null,
    escalateAt: null,
    escalatedAt: null,
    interestTo: null,
    closedReason: null,
    wakeAt: null,
  };
}
