import type { ActivityRepository } from '../customers/activity-repository';
import type { ConnectorOperationRepository } from '../connectors/connector-operation-repository';
import type { AuditRepository } from '../audit/audit-repository';
import type { AutomationRepository } from '../automations/automation-repository';
import type { AutomationRunRepository } from '../automations/automation-run-repository';
import type { ConsentRepository } from '../messaging/consent-repository';
import type { CustomerRepository } from '../customers/customer-repository';
import type { DunningAssignmentRepository } from '../dunning/dunning-assignment-repository';
import type { DunningPolicyRepository } from '../dunning/dunning-policy-repository';
import type { EventRecordRepository } from '../events/event-record-repository';
import type { InvoiceRepository } from '../dunning/invoice-repository';
import type { JobRepository } from '../scheduler/job-repository';
import type { MessageRepository } from '../messaging/message-repository';
import type { ReminderRepository } from '../reminders/reminder-repository';
import type { TemplateRepository } from '../messaging/template-repository';
import type { TenantRepository } from '../tenants/tenant-repository';
import type { SourceStateRepository } from '../sources/source-state-repository';

/** Everything a store holds, usable inside and outside a transaction. */
export interface StoreSession {
  /** Customers. */
  readonly customers: CustomerRepository;
  /** Reminders. */
  readonly reminders: ReminderRepository;
  /** Timers (due rows) and their leases. */
  readonly jobs: JobRepository;
  /** The audit trail. */
  readonly audit: AuditRepository;
  /** The record of emitted events. */
  readonly events: EventRecordRepository;
  /** Tenant settings. */
  readonly tenants: TenantRepository;
  /** Messages: the outbox and the timeline. */
  readonly messages: MessageRepository;
  /** Consent per customer and channel kind. */
  readonly consents: ConsentRepository;
  /** Tenants' message templates. */
  readonly templates: TemplateRepository;
  /** Invoices and their dunning state. */
  readonly invoices: InvoiceRepository;
  /** Dunning policies. */
  readonly dunningPolicies: DunningPolicyRepository;
  /** Which policy each customer follows. */
  readonly dunningAssignments: DunningAssignmentRepository;
  /** Automations. */
  readonly automations: AutomationRepository;
  /** Automation runs. */
  readonly automationRuns: AutomationRunRepository;
  /** Customers' last activity per kind. */
  readonly activities: ActivityRepository;
  /** Work in external systems (tasks, tickets, events, records) and its outcomes. */
  readonly connectorOperations: ConnectorOperationRepository;
  /** Each tenant's pull state per source: cursor, schedule, last pull. */
  readonly sourceStates: SourceStateRepository;
}

/**
 * The storage port. Typed domain methods, not a generic table API: tickler's domain is
 * fixed. Every implementation passes `runStoreContract` from `tickler/testing`.
 *
 * Outside a transaction, each method call is atomic on its own.
 */
export interface Store extends StoreSession {
  /** A short name for logs and benchmarks, such as `memory` or `postgres`. */
  readonly name: string;
  /**
   * Runs `fn` in one transaction: every write made through `tx` commits together or,
   * if `fn` throws, none does (the error is rethrown). Transactions MUST be isolated
   * enough that a conditional update (`update(x, expectedVersion)`, `complete(claim)`)
   * never succeeds for two concurrent transactions.
   */
  transaction<T>(fn: (tx: StoreSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Releases connections and timers. */
  close(): Promise<void>;
  /**
   * Optional capability: calls `listener` soon after a committed write schedules a job,
   * with its run time (or null for "something changed, look again"), including writes
   * made by other processes when the store can see them (PostgreSQL LISTEN/NOTIFY).
   * Workers use it to re-arm their timer; without it they fall back to polling. A wake-up
   * is only a hint: the stored rows stay the truth. Resolves to the unsubscribe function.
   */
  subscribeWakeups?(listener: WakeupListener): Promise<() => Promise<void>>;
}

/** Options of {@link Store.transaction}. */
export interface TransactionOptions {
  /**
   * The commit MAY return before it is flushed to disk (PostgreSQL: `synchronous_commit =
   * off` for this transaction). tickler asks for it only where losing a just-committed
   * transaction to a database crash merely repeats a delivery, which the at-least-once
   * promise allows: recording that a due row was handled.
   */
  relaxedDurability?: boolean | undefined;
}

/** Receives wake-ups: the run time of a newly scheduled job, or null to mean "look again". */
export type WakeupListener = (runAt: Date | null) => void;
