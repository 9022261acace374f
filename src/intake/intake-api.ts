import type { InboundMessageInput } from '../messaging/inbound/inbound-message';
import type { ConsentRecord } from '../model/consent';
import type { Customer } from '../model/customer';
import type { Message } from '../model/message';
import type { AtInput, Reminder } from '../model/reminder';

/** An inbound WhatsApp, SMS or email message, as the channel's webhook delivers it: the same input as `messages.receive`. */
export type IntakeMessageInput = InboundMessageInput;

/** A reminder was created from the message, and a confirmation queued on the same channel. */
export interface IntakeReminder {
  /** What happened. */
  kind: 'reminder';
  /** The sender. */
  customer: Customer;
  /** The inbound message, in the customer's timeline. */
  message: Message;
  /** The reminder (source `whatsapp`, `sms` or `email`, assigned to the customer's first assignee). */
  reminder: Reminder;
  /** The confirmation, in the customer's language ("Done: we will call you on Monday 23 November at 10:00."). */
  reply: Message | null;
}

/** The message asked for a reminder without a time tickler could use (or with one already past): a question went back instead of a guess. */
export interface IntakeClarification {
  /** What happened. */
  kind: 'clarify';
  /** `no-time`: no usable time; `past`: the time asked for has passed. */
  reason: 'no-time' | 'past';
  /** The sender. */
  customer: Customer;
  /** The inbound message. */
  message: Message;
  /** The question, in the customer's language. */
  reply: Message | null;
}

/** No reminder request ("how much do I owe?", "thanks"): only recorded; route it elsewhere. */
export interface IntakeNone {
  /** What happened. */
  kind: 'none';
  /** The sender. */
  customer: Customer;
  /** The inbound message. */
  message: Message;
}

/** A STOP-like or START-like keyword: the customer's consent for the channel changed. */
export interface IntakeConsent {
  /** What happened. */
  kind: 'opted-out' | 'opted-in';
  /** The sender. */
  customer: Customer;
  /** The inbound message. */
  message: Message;
  /** The consent record now in force. */
  consent: ConsentRecord;
}

/** The provider delivered a message already handled: nothing was done again. */
export interface IntakeDuplicate {
  /** What happened. */
  kind: 'duplicate';
  /** The sender. */
  customer: Customer;
  /** The message recorded the first time. */
  message: Message;
}

/** Nobody in the tenant has the sender's number or address: nothing was stored; the host decides (a new lead?). */
export interface IntakeUnknownSender {
  /** What happened. */
  kind: 'unknown-sender';
  /** The sender, normalised: E.164 or a lower-cased email address. */
  from: string;
}

/** What `intake.message` did. */
export type IntakeResult = IntakeReminder | IntakeClarification | IntakeNone | IntakeConsent | IntakeDuplicate | IntakeUnknownSender;

/** How a telemarketing call went. */
export type CallOutcome = 'callback' | 'no_answer' | 'voicemail' | 'interested' | 'not_interested' | 'wrong_number' | 'completed';

/** Every {@link CallOutcome}. */
export const CALL_OUTCOMES: readonly CallOutcome[] = ['callback', 'no_answer', 'voicemail', 'interested', 'not_interested', 'wrong_number', 'completed'];

/** What `intake.callOutcome` takes. */
export interface CallOutcomeInput {
  /** The customer called. */
  customerId: string;
  /** The agent who called (the callback reminder is theirs). */
  agentId: string;
  /** How it went. */
  outcome: CallOutcome;
  /** For `callback`: when to call back (required), in the forms `reminders.create` takes. */
  at?: AtInput | undefined;
  /** The agent's note (the callback reminder's note). */
  note?: string | null | undefined;
}

/** What `intake.callOutcome` recorded. */
export interface CallOutcomeResult {
  /** The outcome. */
  outcome: CallOutcome;
  /** The callback reminder, for `callback`. */
  reminder: Reminder | null;
}

/** Reminders from conversations: customers' messages and agents' calls. */
export interface IntakeApi {
  /**
   * Reads a customer's WhatsApp, SMS or email message: finds the customer by number (E.164)
   * or email address within the tenant, records the
   * message in the timeline, and if it asks to be called back or reminded at a time,
   * creates the reminder (wall times read in the customer's zone) and queues a
   * confirmation on the same channel in the customer's language. Never guesses a time;
   * never creates anything for an unknown sender.
   *
   * @example
   * ```ts
   * const result = await acme.intake.message({ channel: 'whatsapp', from: '+33612345678', text: 'Rappelez-moi lundi à 10h' });
   * if (result.kind === 'none') routeToInbox(result.message);
   * ```
   */
  message(input: IntakeMessageInput): Promise<IntakeResult>;
  /**
   * Records a telemarketing call's outcome: `callback` creates a reminder for the agent
   * (source `telemarketing`); every outcome fires `call.outcome_recorded`.
   */
  callOutcome(input: CallOutcomeInput): Promise<CallOutcomeResult>;
}
