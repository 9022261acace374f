import type { AuditEntry, AuditHead, AuditQuery, NewAuditEntry } from '../audit/audit-entry';
import type { EventRecord, EventRecordQuery } from '../events/event-record';
import type { ChannelKind, MessageCause } from '../messaging/channels/channel';
import type { MessageTemplate } from '../messaging/templates/template-definition';
import type { DunningPolicy } from '../dunning/policy/dunning-policy';
import type { Automation, AutomationRun, AutomationRunStatus, CustomerActivity } from '../model/automation';
import type { ConsentRecord } from '../model/consent';
import type { DunningAssignment } from '../model/dunning-assignment';
import type { Invoice, InvoiceStatus } from '../model/invoice';
import type { Customer } from '../model/customer';
import type { Message, MessageDirection, MessageState } from '../model/message';
import type { Reminder, ReminderIndicator, ReminderWhen } from '../model/reminder';
import type { TenantSettings } from '../model/tenant';
import type { JobRepository } from '../scheduler/job';

/** Keyset position in the customer list: the sort key and id of the last row seen. */
export interface CustomerListPosition {
  /** {@link customerSortKey} of the last row's name. */
  sortKey: string;
  /** Id of the last row. */
  id: string;
}

/** The filters a store applies to a customer list. */
export interface CustomerListFilter {
  /** Lower-cased text found in the name or the email. */
  search?: string | undefined;
  /** Exact folder. */
  folder?: string | undefined;
  /** Has this tag. */
  tag?: string | undefined;
  /** Exact status. */
  status?: string | undefined;
  /** Has this assignee. */
  assignee?: string | undefined;
  /** Rows strictly after this position. */
  after?: CustomerListPosition | undefined;
  /** At most this many rows. */
  limit: number;
}

/**
 * The key customers are sorted by: the lower-cased name, compared by code unit, then
 * the id. Every store sorts by exactly this so pages agree across stores.
 */
export function customerSortKey(name: string): string {
  return name.toLowerCase();
}

/** What {@link CustomerRepository.remove} reports. */
export interface RemovedCustomer {
  /** How many reminders were removed with the customer. */
  reminders: number;
}

/** Customers of each tenant. */
export interface CustomerRepository {
  /** One customer, or null. */
  get(tenantId: string, id: string): Promise<Customer | null>;
  /** The customers with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Customer[]>;
  /** Adds a customer; false (and nothing written) when the id is taken in the tenant. */
  insert(customer: Customer): Promise<boolean>;
  /** Replaces a customer only if its stored `version` is `expectedVersion`; false otherwise. */
  update(customer: Customer, expectedVersion: number): Promise<boolean>;
  /**
   * Removes a customer and MUST remove its reminders, messages, consent records, invoices,
   * dunning assignment, automation runs and activities in the same atomic step, so nothing is ever left without its customer. Returns how many
   * reminders went with it, or null when the customer did not exist.
   */
  remove(tenantId: string, id: string): Promise<RemovedCustomer | null>;
  /** Customers matching the filter, sorted by {@link customerSortKey} then id. */
  list(tenantId: string, filter: CustomerListFilter): Promise<Customer[]>;
  /**
   * Customers reachable at an address, for inbound messages: `phone` (E.164) matches the
   * phone or WhatsApp number of the customer or of one of its contacts; `email` matches
   * the customer's email case-insensitively or a contact's (lower-cased) email. Customers
   * whose own field matches come first, then by most recently updated. MUST use indexes,
   * not a scan of the tenant.
   */
  findByAddress(tenantId: string, address: { phone?: string | undefined; email?: string | undefined }, limit: number): Promise<Customer[]>;
}

/** The filters a store applies to a reminder list. */
export interface ReminderListFilter {
  /** Only this customer's reminders. */
  customerId?: string | undefined;
  /** Only this assignee's reminders. */
  assignee?: string | undefined;
  /** `upcoming` is status scheduled and `dueAt > now`; `past` is every other reminder. */
  when: ReminderWhen;
  /** The instant that separates upcoming from past. */
  now: Date;
  /** At most this many rows. */
  limit: number;
}

/** One item of {@link ReminderRepository.updateMany}. */
export interface ReminderUpdate {
  /** The new state. */
  reminder: Reminder;
  /** The version it must still have. */
  expectedVersion: number;
}

/** Reminders of each tenant. */
export interface ReminderRepository {
  /** One reminder, or null. */
  get(tenantId: string, id: string): Promise<Reminder | null>;
  /** The reminders with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Reminder[]>;
  /** Adds a reminder. Its customer MUST exist in the same tenant (the caller checks it in the same transaction). */
  insert(reminder: Reminder): Promise<void>;
  /** Replaces a reminder only if its stored `version` is `expectedVersion`; false otherwise. */
  update(reminder: Reminder, expectedVersion: number): Promise<boolean>;
  /**
   * Replaces many reminders, each only if its stored `version` is its `expectedVersion`:
   * the same result as `update` on each in turn. Returns, in input order, which were replaced.
   */
  updateMany(updates: readonly ReminderUpdate[]): Promise<boolean[]>;
  /** Deletes a reminder; false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
  /** Ids of a customer's reminders. */
  idsOfCustomer(tenantId: string, customerId: string): Promise<string[]>;
  /** Reminders matching the filter, sorted by `dueAt` then id. */
  list(tenantId: string, filter: ReminderListFilter): Promise<Reminder[]>;
  /**
   * For each customer id, whether a scheduled reminder is due after `now` and the
   * earliest such time. One call for the whole list; MUST use an index on the due
   * time rather than reading every reminder of the tenant.
   */
  indicators(tenantId: string, customerIds: readonly string[], now: Date): Promise<Map<string, ReminderIndicator>>;
}

/** Position in a message list: the `createdAt` and id of the last row seen. */
export interface MessageListPosition {
  /** `createdAt` of the last row. */
  createdAt: Date;
  /** Id of the last row. */
  id: string;
}

/** The filters a store applies to a message list. */
export interface MessageListFilter {
  /** Only this customer's messages. */
  customerId?: string | undefined;
  /** Only messages in this state. */
  state?: MessageState | undefined;
  /** Only outbound or only inbound. */
  direction?: MessageDirection | undefined;
  /** Only this channel kind. */
  kind?: ChannelKind | undefined;
  /** Only messages with this cause type and id. */
  cause?: Pick<MessageCause, 'type' | 'id'> | undefined;
  /** Rows strictly after this position in the order (newest first). */
  before?: MessageListPosition | undefined;
  /** At most this many rows. */
  limit: number;
}

/** Messages: the outbox and the communications timeline. */
export interface MessageRepository {
  /** One message, or null. */
  get(tenantId: string, id: string): Promise<Message | null>;
  /** The messages with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Message[]>;
  /** The message with this idempotency key, or null. */
  getByKey(tenantId: string, idempotencyKey: string): Promise<Message | null>;
  /**
   * Adds a message; false (and nothing written) when its id or its idempotency key is
   * taken in the tenant. Of concurrent inserts with the same key, exactly one MUST succeed.
   * A message's customer, when it has one, MUST exist (the caller checks it in the same transaction).
   */
  insert(message: Message): Promise<boolean>;
  /** Replaces a message only if its stored `version` is `expectedVersion`; false otherwise. */
  update(message: Message, expectedVersion: number): Promise<boolean>;
  /** Messages matching the filter, newest first (`createdAt` descending, then id descending). */
  list(tenantId: string, filter: MessageListFilter): Promise<Message[]>;
}

/** Customers' consent per channel kind. */
export interface ConsentRepository {
  /** Every record of the customer (at most one per channel kind). */
  list(tenantId: string, customerId: string): Promise<ConsentRecord[]>;
  /** Creates or replaces the record for the customer and channel kind. Its customer MUST exist. */
  put(record: ConsentRecord): Promise<void>;
}

/** Templates the tenants defined. */
export interface TemplateRepository {
  /** One template, or null. */
  get(tenantId: string, id: string): Promise<MessageTemplate | null>;
  /** Every template of the tenant, by id. */
  list(tenantId: string): Promise<MessageTemplate[]>;
  /** Creates or replaces a template (its `tenantId` is set). */
  put(template: MessageTemplate): Promise<void>;
  /** Deletes a template; false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
}

/** The filters a store applies to an invoice list. */
export interface InvoiceListFilter {
  /** Only this customer's invoices. */
  customerId?: string | undefined;
  /** Only invoices in this status. */
  status?: InvoiceStatus | undefined;
  /** Only invoices whose dunning follows this policy. */
  policyId?: string | undefined;
  /** Only invoices whose dunning level is at least this. */
  minLevel?: number | undefined;
  /** Only invoices at exactly this level. */
  level?: number | undefined;
  /** Only invoices waiting for a step's approval. */
  awaitingApproval?: boolean | undefined;
  /** Only this currency. */
  currency?: string | undefined;
  /** Rows with an id strictly greater than this (keyset paging by id). */
  afterId?: string | undefined;
  /** At most this many rows. */
  limit: number;
}

/** One item of {@link InvoiceRepository.updateMany}. */
export interface InvoiceUpdate {
  /** The new state. */
  invoice: Invoice;
  /** The version it must still have. */
  expectedVersion: number;
}

/** Invoices and their dunning state. */
export interface InvoiceRepository {
  /** One invoice, or null. */
  get(tenantId: string, id: string): Promise<Invoice | null>;
  /** The invoices with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Invoice[]>;
  /** Adds an invoice; false when the id is taken in the tenant. Its customer MUST exist. */
  insert(invoice: Invoice): Promise<boolean>;
  /** Replaces an invoice only if its stored `version` is `expectedVersion`; false otherwise. */
  update(invoice: Invoice, expectedVersion: number): Promise<boolean>;
  /** Like `update` on each in turn, in fewer round trips; returns which were replaced, in input order. */
  updateMany(updates: readonly InvoiceUpdate[]): Promise<boolean[]>;
  /** Invoices matching the filter, by id. */
  list(tenantId: string, filter: InvoiceListFilter): Promise<Invoice[]>;
}

/** Dunning policies of each tenant. */
export interface DunningPolicyRepository {
  /** One policy, or null. */
  get(tenantId: string, id: string): Promise<DunningPolicy | null>;
  /** Every policy of the tenant, by id. */
  list(tenantId: string): Promise<DunningPolicy[]>;
  /** Creates or replaces a policy. */
  put(policy: DunningPolicy): Promise<void>;
}

/** Which policy each customer follows. */
export interface DunningAssignmentRepository {
  /** The customer's assignment, or null. */
  get(tenantId: string, customerId: string): Promise<DunningAssignment | null>;
  /** The assignments of these customers that exist, in any order. */
  getMany(tenantId: string, customerIds: readonly string[]): Promise<DunningAssignment[]>;
  /** Creates or replaces the customer's assignment. Its customer MUST exist. */
  put(assignment: DunningAssignment): Promise<void>;
  /** Ids of the customers following a policy. */
  customersOf(tenantId: string, policyId: string): Promise<string[]>;
}

/**
 * The append-only audit trail: per tenant, a chain of entries numbered 1, 2, 3, each
 * holding the hash of the one before (see `auditEntryHash`).
 */
export interface AuditRepository {
  /**
   * Appends an entry and returns it chained: `seq` is the tenant's head `seq` plus one,
   * `prevHash` the head's `hash` (or {@link AUDIT_GENESIS_HASH} for the first entry), and
   * `hash` is `auditEntryHash` of the entry as it will be read back; the head becomes
   * this entry. Concurrent appends to one tenant MUST be ordered (a lock on the head) so
   * that every committed entry chains onto the one committed before it; a rolled-back
   * append MUST leave the head as it was.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Appends entries, possibly of several tenants, atomically, keeping their order within
   * each tenant: the same result as `append` on each in turn, in fewer round trips.
   */
  appendMany(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]>;
  /**
   * The tenant's head: the `seq` and `hash` of its last entry as recorded by the appends,
   * kept apart from the entries (so removing the last entries shows), or null when the
   * tenant has none. A head read before a list MUST be covered by that list: every entry
   * up to it has committed.
   */
  head(tenantId: string): Promise<AuditHead | null>;
  /** Entries matching the query. */
  list(tenantId: string, query: AuditQuery & { limit: number }): Promise<AuditEntry[]>;
}

/** The record of emitted events, append-only. */
export interface EventRecordRepository {
  /** Appends records (possibly of several tenants) atomically. */
  appendMany(records: readonly EventRecord[]): Promise<void>;
  /** The tenant's records matching the query, oldest first (by time, then insertion). */
  list(tenantId: string, query: EventRecordQuery): Promise<EventRecord[]>;
}

/** Automations of each tenant. */
export interface AutomationRepository {
  /** One automation, or null. */
  get(tenantId: string, id: string): Promise<Automation | null>;
  /** Every automation of the tenant, by id. */
  list(tenantId: string): Promise<Automation[]>;
  /** Adds an automation; false (and nothing written) when the id is taken in the tenant. */
  insert(automation: Automation): Promise<boolean>;
  /** Replaces an automation only if its stored `version` is `expectedVersion`; false otherwise. */
  update(automation: Automation, expectedVersion: number): Promise<boolean>;
  /** Deletes an automation (its runs stay, as history); false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
}

/** The filters a store applies to a run list. */
export interface AutomationRunListFilter {
  /** Only this automation's runs. */
  automationId?: string | undefined;
  /** Only this customer's runs. */
  customerId?: string | undefined;
  /** Only runs in this status. */
  status?: AutomationRunStatus | undefined;
  /** At most this many rows. */
  limit: number;
}

/** Runs of automations: each triggering, waiting or finished. */
export interface AutomationRunRepository {
  /** One run, or null. */
  get(tenantId: string, id: string): Promise<AutomationRun | null>;
  /** Adds a run; false (and nothing written) when the id is taken in the tenant. Its customer, when it has one, MUST exist. */
  insert(run: AutomationRun): Promise<boolean>;
  /** Replaces a run only if its stored `version` is `expectedVersion`; false otherwise. */
  update(run: AutomationRun, expectedVersion: number): Promise<boolean>;
  /** Runs matching the filter, newest first (`createdAt` descending, then id descending). */
  list(tenantId: string, filter: AutomationRunListFilter): Promise<AutomationRun[]>;
}

/** Customers' last activity per kind. */
export interface ActivityRepository {
  /**
   * Records an activity: the stored time for the customer and kind becomes the later of
   * the stored one and `activity.at` (an activity recorded late never moves it back).
   * Returns the time now stored. Its customer MUST exist.
   */
  record(activity: CustomerActivity): Promise<Date>;
  /** The latest activity of the customer: of `kind`, or of any kind when `kind` is null; null when none. */
  last(tenantId: string, customerId: string, kind: string | null): Promise<Date | null>;
}

/** Per-tenant settings. */
export interface TenantRepository {
  /** The tenant's settings, or null when it never configured any. */
  get(tenantId: string): Promise<TenantSettings | null>;
  /** Creates or replaces the tenant's settings. */
  put(settings: TenantSettings): Promise<void>;
}

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
