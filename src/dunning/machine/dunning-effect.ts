import type { DunningAction } from '../policy/dunning-policy';

/** What the machine asks the engine to do. Pure data: the engine applies it. */
export type DunningEffect =
  /** Run a step's actions (messages only when `how` is not `manual`). */
  | {
      /** Run a step's actions (messages only when `how` is not `manual`). */
      type: 'run_step';
      /** The policy step to run. */
      stepId: string;
      /** The invoice's level after the step. */
      level: number;
      /** Run at its time, approved in review mode, or marked as sent by the business itself. */
      how: 'automatic' | 'approved' | 'manual';
      /** The actions to carry out (without messages and notifications when `manual`). */
      actions: DunningAction[];
      /** The calendar date the step runs on, in the customer's zone. */
      date: string;
    }
  /** Add a fee or interest line. */
  | {
      /** Add a fee or interest line. */
      type: 'charge';
      /** A fixed fee or statutory interest. */
      kind: 'fee' | 'interest';
      /** The amount to add, in minor units of the invoice's currency. */
      amountMinor: number;
      /** The policy step that charges it. */
      stepId: string;
      /** The invoice's level after that step. */
      level: number;
      /** The line's text, for the invoice. */
      description: string;
    }
  /** The level rose. */
  | {
      /** The level rose. */
      type: 'level_changed';
      /** The level before the step. */
      from: number;
      /** The level after the step. */
      to: number;
      /** The policy step that raised it. */
      stepId: string;
    }
  /** A step was passed over. */
  | {
      /** A step was passed over. */
      type: 'step_skipped';
      /** The policy step passed over. */
      stepId: string;
      /**
       * `past-due`: a reminder before the due date whose date passed before it could run.
       * `below-minimum` is not produced: below the policy's minimum the invoice is `held` instead.
       */
      reason: 'past-due' | 'below-minimum';
    }
  /** Review mode: a step waits for approval. */
  | {
      /** Review mode: a step waits for approval. */
      type: 'approval_requested';
      /** The policy step that waits for approval. */
      stepId: string;
      /** The step's level. */
      level: number;
    }
  /** Escalate: the customer did not answer after the last customer step (or a step said so). */
  | {
      /** Escalate: the customer did not answer, or a step said so. */
      type: 'escalate';
      /** The customer step left unanswered, or the step that escalates; null when no step ran. */
      stepId: string | null;
      /** The customer did not answer in time, or a step's `escalate` action. */
      reason: 'no-answer' | 'step';
    }
  /** The clock stopped. */
  | {
      /** The clock stopped. */
      type: 'clock_stopped';
      /** Paused, disputed, or promised. */
      kind: 'paused' | 'disputed' | 'promised';
      /** When it starts again by itself (a pause's end, the promised date), ISO, or null. */
      until: string | null;
      /** Why, as given, or null. */
      reason: string | null;
    }
  /** The clock started again; later steps move by `addedDays`. */
  | {
      /** The clock started again; later steps move by `addedDays`. */
      type: 'clock_resumed';
      /** Why it had stopped: paused, disputed, or promised. */
      kind: 'paused' | 'disputed' | 'promised';
      /** Whole days the clock was stopped: later steps move by this much. */
      addedDays: number;
      /** Started again by a command (resume, dispute resolved) or by the timer (the stop's end). */
      by: 'command' | 'timer';
    }
  /** Nothing is sent while what remains is below the minimum. */
  | {
      /** Nothing is sent while what remains is below the minimum. */
      type: 'held';
      /** What remains to be paid, in minor units. */
      remainingMinor: number;
      /** The policy's minimum for the invoice's currency, in minor units. */
      minimumMinor: number;
    }
  /** Dunning ended for good. */
  | {
      /** Dunning ended for good. */
      type: 'closed';
      /** The invoice was paid, voided or written off. */
      reason: 'paid' | 'void' | 'written_off';
    }
  /** Skip the invoice's messages still queued. */
  | {
      /** Skip the invoice's messages still queued. */
      type: 'skip_queued_messages';
      /** A sentence recorded on each skipped message, such as "Invoice paid.". */
      reason: string;
    }
  /** Where the invoice's timer should be (always last). */
  | {
      /** Where the invoice's timer should be (always last). */
      type: 'timer';
      /** When the timer should fire, ISO, or null for no timer. */
      at: string | null;
    };

/** The name of a {@link DunningEffect}. */
export type DunningEffectType = DunningEffect['type'];
