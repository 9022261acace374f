/**
 * What can happen to an invoice's dunning. The service records money and status on the
 * invoice first (a payment raises `paidMinor`), then feeds the event to the machine.
 */
export type DunningEvent =
  /** Plan again: the invoice was created or changed, or its policy was assigned or changed. */
  | {
      /** Plan again: the invoice or its policy changed. */
      type: 'plan';
    }
  /** The invoice's timer fired. */
  | {
      /** The invoice's timer fired. */
      type: 'due';
    }
  /** Review mode: run the waiting step. */
  | {
      /** Review mode: run the waiting step. */
      type: 'approve';
      /** The policy step that waits for approval. */
      stepId: string;
    }
  /** The business sent the reminder itself (a printed letter): count the next (or waiting) step. */
  | {
      /** The business sent the reminder itself (a printed letter). */
      type: 'mark_sent';
      /** The policy step it sent; default the next (or waiting) step. */
      stepId?: string | undefined;
    }
  /** A payment was recorded (the invoice's `paidMinor` already includes it). */
  | {
      /** A payment was recorded (the invoice's `paidMinor` already includes it). */
      type: 'payment';
      /** When the payment was recorded (an answer from the customer). */
      at: Date;
    }
  /** The customer disputes the invoice: the clock stops. */
  | {
      /** The customer disputes the invoice: the clock stops. */
      type: 'dispute';
      /** Why the customer disputes it, as given. */
      reason: string;
    }
  /** The dispute is resolved: the clock starts again. */
  | {
      /** The dispute is resolved: the clock starts again. */
      type: 'resolve_dispute';
    }
  /** Dunning pauses, until a date or until resumed. */
  | {
      /** Dunning pauses, until a date or until resumed. */
      type: 'pause';
      /** When the pause ends by itself, or null to pause until resumed. */
      until: Date | null;
      /** Why dunning is paused, as given, or null. */
      reason: string | null;
    }
  /** A pause ends early. */
  | {
      /** A pause ends early. */
      type: 'resume';
    }
  /** The customer promises to pay by a date: the clock stops until then. */
  | {
      /** The customer promises to pay by a date: the clock stops until then. */
      type: 'promise';
      /** The date the customer promises to pay by; the clock starts again then. */
      until: Date;
    }
  /** The invoice is voided. */
  | {
      /** The invoice is voided. */
      type: 'void';
    }
  /** The invoice is written off. */
  | {
      /** The invoice is written off. */
      type: 'write_off';
    }
  /** The customer wrote back (an inbound message). */
  | {
      /** The customer wrote back (an inbound message). */
      type: 'reply';
      /** When the customer's message came in (an answer from the customer). */
      at: Date;
    };

/** The name of a {@link DunningEvent}. */
export type DunningEventType = DunningEvent['type'];
