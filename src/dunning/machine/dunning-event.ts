/**
 * What can happen to an invoice's dunning. The service records money and status on the
 * invoice first (a payment raises `paidMinor`), then feeds the event to the machine.
 */
export type DunningEvent =
  /** Plan again: the invoice was created or changed, or its policy was assigned or changed. */
  | { type: 'plan' }
  /** The invoice's timer fired. */
  | { type: 'due' }
  /** Review mode: run the waiting step. */
  | { type: 'approve'; stepId: string }
  /** The business sent the reminder itself (a printed letter): count the next (or waiting) step. */
  | { type: 'mark_sent'; stepId?: string | undefined }
  /** A payment was recorded (the invoice's `paidMinor` already includes it). */
  | { type: 'payment'; at: Date }
  /** The customer disputes the invoice: the clock stops. */
  | { type: 'dispute'; reason: string }
  /** The dispute is resolved: the clock starts again. */
  | { type: 'resolve_dispute' }
  /** Dunning pauses, until a date or until resumed. */
  | { type: 'pause'; until: Date | null; reason: string | null }
  /** A pause ends early. */
  | { type: 'resume' }
  /** The customer promises to pay by a date: the clock stops until then. */
  | { type: 'promise'; until: Date }
  /** The invoice is voided. */
  | { type: 'void' }
  /** The invoice is written off. */
  | { type: 'write_off' }
  /** The customer wrote back (an inbound message). */
  | { type: 'reply'; at: Date };

/** The name of a {@link DunningEvent}. */
export type DunningEventType = DunningEvent['type'];
