import type { ConnectorOperation, ConnectorReason } from '../model/connector-operation';
import type { ActorRef } from '../access/actor';
import type { ConsentRecord } from '../model/consent';
import type { Customer } from '../model/customer';
import type { Invoice, Payment } from '../model/invoice';
import type { Message } from '../model/message';
import type { AutomationRun } from '../model/automation';
import type { JsonObject } from '../model/json';
import type { Reminder } from '../model/reminder';
import type { SourcePullSummary, SourceRejection } from '../model/source-state';

/** Fields every tenant-scoped event carries. */
export interface TenantEvent {
  /** The tenant the event happened in. */
  tenantId: string;
  /** Who caused it. */
  actor: ActorRef;
  /** When it happened, by the engine's clock. */
  at: Date;
}

/** Identifies one delivery of a due row to handlers. */
export interface Delivery {
  /** Stable across redeliveries of the same occurrence: use it to make a handler idempotent. */
  id: string;
  /** 1 on the first delivery, 2 when a worker died holding it and another took over, and so on. */
  attempt: number;
}

/** A customer event. */
export interface CustomerEvent extends TenantEvent {
  /** The customer as it is now. */
  customer: Customer;
}

/** `customer.updated`. */
export interface CustomerUpdatedEvent extends CustomerEvent {
  /** The customer before the change. */
  before: Customer;
  /** Names of the fields that changed. */
  changed: string[];
}

/** `customer.status_changed` and `customer.folder_changed`. */
export interface CustomerFieldChangedEvent extends CustomerEvent {
  /** The value before (null for a new customer). */
  from: string | null;
  /** The value now. */
  to: string | null;
}

/** `customer.removed`. */
export interface CustomerRemovedEvent extends CustomerEvent {
  /** How many reminders were removed with the customer. */
  removedReminders: number;
}

/** A reminder event. */
export interface ReminderEvent extends TenantEvent {
  /** The reminder as it is now (as it was, for `reminder.removed`). */
  reminder: Reminder;
}

/** `reminder.updated`. */
export interface ReminderUpdatedEvent extends ReminderEvent {
  /** The reminder before the change. */
  before: Reminder;
  /** Names of the fields that changed. */
  changed: string[];
}

/** `reminder.due`. */
export interface ReminderDueEvent extends ReminderEvent {
  /** The due time that fell due (for a recurring reminder, this occurrence). */
  occurrence: Date;
  /** Which delivery this is; the same `id` on a redelivery. */
  delivery: Delivery;
}

/** A message event. */
export interface MessageEvent extends TenantEvent {
  /** The message as it is now. */
  message: Message;
}

/** What a channel said when a message failed. */
export interface MessageFailure {
  /** The channel's (or tickler's) explanation. */
  message: string;
  /** Whether a retry could have helped (false after the last attempt too). */
  retryable: boolean;
  /** The provider's HTTP status, if any. */
  status: number | null;
  /** The provider's error code, if any. */
  providerCode: string | null;
}

/** `message.failed`: a message will not be sent on its channel. */
export interface MessageFailedEvent extends MessageEvent {
  /** The last failure. */
  failure: MessageFailure;
  /** The message queued on the fallback channel, if one was configured. */
  fallback: Message | null;
}

/** `message.skipped`. */
export interface MessageSkippedEvent extends MessageEvent {
  /** Why: `opted-out`, `no-longer-due`, `no-recipient`, `cancelled`, or a host check's reason. */
  reason: string;
}

/** `message.received`. */
export interface MessageReceivedEvent extends MessageEvent {
  /** The customer who sent it. */
  customer: Customer;
}

/** An event about a connector operation. */
export interface ConnectorEvent extends TenantEvent {
  /** The operation as it is after what happened. */
  operation: ConnectorOperation;
}

/** `connector.failed`: an operation will not run. */
export interface ConnectorFailedEvent extends ConnectorEvent {
  /** Why: `provider-rejected`, `unauthorized`, `attempts-exhausted`, `no-mapping`. */
  reason: ConnectorReason;
  /** The provider's message or tickler's explanation. */
  detail: string;
}

/** A pull from a source changed something or refused a record. */
export interface SourcePulledEvent extends TenantEvent {
  /** The source's name. */
  source: string;
  /** What the pull did. */
  summary: SourcePullSummary;
}

/** A record a source yielded was refused; the rest of its page was applied. */
export interface SourceRecordRejectedEvent extends TenantEvent {
  /** The source's name. */
  source: string;
  /** The record and why. */
  rejection: SourceRejection;
}

/** `connector.skipped`: tickler decided not to run an operation. */
export interface ConnectorSkippedEvent extends ConnectorEvent {
  /** Why: `no-longer-due`, `customer-removed`, `cancelled`. */
  reason: ConnectorReason;
  /** What the cause check said. */
  detail: string;
}

/** `consent.changed`. */
export interface ConsentChangedEvent extends TenantEvent {
  /** The customer. */
  customer: Customer;
  /** The new record. */
  consent: ConsentRecord;
}

/** An invoice event. */
export interface InvoiceEvent extends TenantEvent {
  /** The invoice as it is now. */
  invoice: Invoice;
}

/** `payment.recorded` and `invoice.paid`. */
export interface PaymentEvent extends InvoiceEvent {
  /** The payment. */
  payment: Payment;
}

/** `payment.failed`: a payment attempt failed (a card declined, a direct debit returned). */
export interface PaymentFailedEvent extends InvoiceEvent {
  /** What the payment provider said. */
  reason: string;
  /** When it failed. */
  failedAt: Date;
}

/** An invoice's dunning clock stopped or started (`invoice.disputed`, `invoice.paused`, `invoice.promised`, …). */
export interface InvoiceClockEvent extends InvoiceEvent {
  /** The reason given, if any. */
  reason: string | null;
  /** When the clock starts again by itself, if it does. */
  until: Date | null;
}

/** A dunning step event. */
export interface DunningStepEvent extends InvoiceEvent {
  /** The invoice's customer. */
  customer: Customer;
  /** The policy. */
  policyId: string;
  /** The policy step. */
  stepId: string;
  /** The level after the step. */
  level: number;
}

/** `dunning.step_run`. */
export interface DunningStepRunEvent extends DunningStepEvent {
  /** Run at its time, approved in review mode, or marked as sent by the business itself. */
  how: 'automatic' | 'approved' | 'manual';
}

/** `dunning.level_changed`. */
export interface DunningLevelEvent extends DunningStepEvent {
  /** The level before. */
  from: number;
}

/** `dunning.step_skipped`. */
export interface DunningStepSkippedEvent extends DunningStepEvent {
  /** Why: `past-due` (a reminder before the due date that could not run in time). */
  reason: string;
}

/** `dunning.escalated`. */
export interface DunningEscalatedEvent extends InvoiceEvent {
  /** The invoice's customer. */
  customer: Customer;
  /** The last step before escalation (or the step that escalated), if any. */
  stepId: string | null;
  /** `no-answer` after the escalation period, or `step` when a policy step escalated. */
  reason: 'no-answer' | 'step';
}

/** `dunning.task`: the host turns it into a task in its own system. */
export interface DunningTaskEvent extends InvoiceEvent {
  /** The invoice's customer. */
  customer: Customer;
  /** What to do. */
  title: string;
  /** Who should do it (the customer's first assignee unless the policy names someone), or null. */
  assignee: string | null;
  /** The step (or `escalation`) that asked for it. */
  stepId: string;
}

/** `invoice.overdue`: an open invoice's due date has passed (the next day began in the customer's zone). */
export interface InvoiceOverdueEvent extends InvoiceEvent {
  /** The invoice's customer. */
  customer: Customer;
}

/** An automation run event. */
export interface AutomationRunEvent extends TenantEvent {
  /** The run as it is now. */
  run: AutomationRun;
}

/** `call.outcome_recorded`: an agent recorded how a call went. */
export interface CallOutcomeEvent extends TenantEvent {
  /** The customer called. */
  customer: Customer;
  /** The agent who called. */
  agentId: string;
  /** How it went: `callback`, `no_answer`, `voicemail`, `interested`, `not_interested`, `wrong_number`, `completed`. */
  outcome: string;
  /** The agent's note. */
  note: string | null;
  /** The callback reminder, for `callback`. */
  reminder: Reminder | null;
}

/** `event.published`: the host published one of its own events (`events.publish`). */
export interface HostEvent extends TenantEvent {
  /** The host's event name, such as `deal.stage_reached`. */
  name: string;
  /** The customer it is about, if any. */
  customerId: string | null;
  /** The payload. */
  data: JsonObject;
}

/** `customer.activity_recorded`: the host recorded an activity (a purchase, a login). */
export interface CustomerActivityEvent extends CustomerEvent {
  /** The kind of activity. */
  kind: string;
  /** When it happened. */
  activityAt: Date;
}

/** `error`. */
export interface ErrorEvent {
  /** What was thrown. */
  error: unknown;
  /** The event (or job kind) whose handler failed, when there was one. */
  event?: string | undefined;
  /** A sentence saying what failed. */
  message: string;
}

/**
 * Every event tickler emits, by name. `tickler.on(name, handler)` is typed by this map.
 * Events are emitted after the change that caused them is committed, never for a
 * rolled-back change.
 */
export interface TicklerEventMap {
  /** A customer was created by `customers.upsert`. */
  'customer.created': CustomerEvent;
  /** An existing customer changed. */
  'customer.updated': CustomerUpdatedEvent;
  /** A customer's status changed (also emitted on creation when a status is given, from `null`). */
  'customer.status_changed': CustomerFieldChangedEvent;
  /** A customer's folder changed (also emitted on creation when a folder is given, from `null`). */
  'customer.folder_changed': CustomerFieldChangedEvent;
  /** A customer was removed, with its reminders. */
  'customer.removed': CustomerRemovedEvent;
  /** A reminder was created, from any source. */
  'reminder.created': ReminderEvent;
  /** A reminder's time, note, assignee or recurrence changed. */
  'reminder.updated': ReminderUpdatedEvent;
  /** A reminder was completed. */
  'reminder.completed': ReminderEvent;
  /** A reminder was cancelled. */
  'reminder.cancelled': ReminderEvent;
  /** A reminder was removed. */
  'reminder.removed': ReminderEvent;
  /**
   * A reminder fell due. Emitted by the scheduler while it holds the row; the handlers
   * are awaited before the row is marked done. Delivered at least once: see `delivery`.
   */
  'reminder.due': ReminderDueEvent;
  /** A message was queued (by `messages.send`, a fallback, or another service). */
  'message.queued': MessageEvent;
  /** The provider accepted a message. */
  'message.sent': MessageEvent;
  /** The provider reported a sent message delivered (`message.delivery` holds when). */
  'message.delivered': MessageEvent;
  /** A message failed for good: refused by the provider, out of attempts, or reported bounced or undelivered. */
  'message.failed': MessageFailedEvent;
  /** tickler decided not to send a message (opted out, no longer wanted, no recipient, cancelled). */
  'message.skipped': MessageSkippedEvent;
  /** A customer's message came in. */
  'message.received': MessageReceivedEvent;
  /** Work in an external system was queued (by `connectors.enqueue`, an automation or a dunning step). */
  'connector.queued': ConnectorEvent;
  /** The external system holds the object: `operation.externalId` and `url` say which. */
  'connector.succeeded': ConnectorEvent;
  /** An operation will not run: refused by the provider, unauthorized, out of attempts, or the customer has no link. */
  'connector.failed': ConnectorFailedEvent;
  /** tickler decided not to run an operation: its cause went away (the invoice was paid, the customer answered), or it was cancelled. */
  'connector.skipped': ConnectorSkippedEvent;
  /** A pull from a source applied changes or refused records (a pull that found nothing emits nothing). */
  'source.pulled': SourcePulledEvent;
  /** A record from a source was refused (bad data at the provider); the rest of its page was applied. */
  'source.record_rejected': SourceRecordRejectedEvent;
  /** A customer opted out of or back into a channel kind. */
  'consent.changed': ConsentChangedEvent;
  /** An invoice was created by `invoices.upsert`. */
  'invoice.created': InvoiceEvent;
  /** An invoice's number, amount, dates or policy changed. */
  'invoice.updated': InvoiceEvent;
  /** A payment was recorded (partial or full). */
  'payment.recorded': PaymentEvent;
  /** A payment paid the invoice in full: its dunning ended. */
  'invoice.paid': PaymentEvent;
  /** A payment attempt failed. */
  'payment.failed': PaymentFailedEvent;
  /** The customer disputes the invoice: its dunning clock stopped. */
  'invoice.disputed': InvoiceClockEvent;
  /** The dispute was resolved: the clock started again. */
  'invoice.dispute_resolved': InvoiceClockEvent;
  /** Dunning paused. */
  'invoice.paused': InvoiceClockEvent;
  /** Dunning resumed after a pause (by a command or at the pause's end). */
  'invoice.resumed': InvoiceClockEvent;
  /** The customer promised to pay by a date. */
  'invoice.promised': InvoiceClockEvent;
  /** The invoice was voided. */
  'invoice.voided': InvoiceEvent;
  /** The invoice was written off. */
  'invoice.written_off': InvoiceEvent;
  /** A dunning step ran (at its time, approved, or marked as sent). */
  'dunning.step_run': DunningStepRunEvent;
  /** An invoice's dunning level rose. */
  'dunning.level_changed': DunningLevelEvent;
  /** A step was passed over. */
  'dunning.step_skipped': DunningStepSkippedEvent;
  /** Review mode: a step waits for approval. */
  'dunning.approval_requested': DunningStepEvent;
  /** The customer did not answer: the invoice was escalated to the relationship manager. */
  'dunning.escalated': DunningEscalatedEvent;
  /** A policy step or an escalation asks the host to create a task. */
  'dunning.task': DunningTaskEvent;
  /** An open invoice became overdue. */
  'invoice.overdue': InvoiceOverdueEvent;
  /** An automation was triggered: its run waits for its time. */
  'automation.triggered': AutomationRunEvent;
  /** An automation run's actions ran. */
  'automation.completed': AutomationRunEvent;
  /** An automation run was cancelled (`unless` held, the automation was disabled, the customer went away). */
  'automation.cancelled': AutomationRunEvent;
  /** An automation run failed on every attempt. */
  'automation.failed': AutomationRunEvent;
  /** An automation run was not started: the chain of automations was too deep. */
  'automation.stopped': AutomationRunEvent;
  /** A telemarketing call's outcome was recorded. */
  'call.outcome_recorded': CallOutcomeEvent;
  /** The host published one of its own events. */
  'event.published': HostEvent;
  /** The host recorded a customer activity. */
  'customer.activity_recorded': CustomerActivityEvent;
  /** A handler threw or rejected, or the engine hit an error it recovered from. */
  error: ErrorEvent;
}

/** The name of an event in {@link TicklerEventMap}. */
export type TicklerEventName = keyof TicklerEventMap;

/** A handler for event `K`; it may be async. */
export type TicklerEventHandler<K extends TicklerEventName> = (payload: TicklerEventMap[K]) => void | Promise<void>;
