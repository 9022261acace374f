import type { DunningAction } from '../policy/dunning-policy';

/** What the machine asks the engine to do. Pure data: the engine applies it. */
export type DunningEffect =
  /** Run a step's actions (messages only when `how` is not `manual`). */
  | { type: 'run_step'; stepId: string; level: number; how: 'automatic' | 'approved' | 'manual'; actions: DunningAction[]; date: string }
  /** Add a fee or interest line. */
  | { type: 'charge'; kind: 'fee' | 'interest'; amountMinor: number; stepId: string; level: number; description: string }
  /** The level rose. */
  | { type: 'level_changed'; from: number; to: number; stepId: string }
  /** A step was passed over. */
  | { type: 'step_skipped'; stepId: string; reason: 'past-due' | 'below-minimum' }
  /** Review mode: a step waits for approval. */
  | { type: 'approval_requested'; stepId: string; level: number }
  /** Escalate: the customer did not answer after the last customer step (or a step said so). */
  | { type: 'escalate'; stepId: string | null; reason: 'no-answer' | 'step' }
  /** The clock stopped. */
  | { type: 'clock_stopped'; kind: 'paused' | 'disputed' | 'promised'; until: string | null; reason: string | null }
  /** The clock started again; later steps move by `addedDays`. */
  | { type: 'clock_resumed'; kind: 'paused' | 'disputed' | 'promised'; addedDays: number; by: 'command' | 'timer' }
  /** Nothing is sent while what remains is below the minimum. */
  | { type: 'held'; remainingMinor: number; minimumMinor: number }
  /** Dunning ended for good. */
  | { type: 'closed'; reason: 'paid' | 'void' | 'written_off' }
  /** Skip the invoice's messages still queued. */
  | { type: 'skip_queued_messages'; reason: string }
  /** Where the invoice's timer should be (always last). */
  | { type: 'timer'; at: string | null };

/** The name of a {@link DunningEffect}. */
export type DunningEffectType = DunningEffect['type'];
