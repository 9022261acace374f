import type { ColumnType } from 'kysely';
import type { MessageAddress, MessageDelivery, SendWindow, TemplateVariants, CustomerContact, DunningState, DunningPolicy, AutomationAction, AutomationTrigger, AutomationWait, Condition, InvoiceCharge, Payment, JsonValue, MessageContent, ConnectorWork, SourcePullSummary } from 'tickler';









type Timestamp = ColumnType<Date, Date, Date>;
type Json<T = JsonValue> = ColumnType<T, string, string>;
/** A JSON column where SQL `NULL` stands for an absent part. */
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

/** `customers`: tickler's view of the host's customers. */
export interface CustomersTable {
  tenant_id: string;
  id: string;
  name: string;
  sort_key: string;
  timezone: string | null;
  locale: string | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
  status: string | null;
  folder: string | null;
  tags: Json<string[]>;
  assignees: Json<string[]>;
  contacts: Json<CustomerContact[]>;
  fields: Json<Record<string, JsonValue>>;
  /** The customer's objects in external systems, by connector (migration 0009). */
  links: Json<Record<string, Record<string, string>>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

/** `reminders`. */
export interface RemindersTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  due_at: Timestamp;
  zone: string;
  note: string;
  assignee: string | null;
  created_by: string;
  source: string;
  status: string;
  recurrence: string | null;
  series_start: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Date | null;
  closed_by: string | null;
  last_fired_at: Date | null;
  fire_count: number;
  version: number;
}

/** `jobs`: the stored timers. `ready_at` is when the row can next be claimed (run time or lease expiry). */
export interface JobsTable {
  tenant_id: string;
  id: string;
  kind: string;
  ref_id: string;
  run_at: Timestamp;
  ready_at: Timestamp;
  attempt: number;
  lease_token: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
}

/** `audit_entries`: the append-only trail. */
export interface AuditEntriesTable {
  tenant_id: string;
  seq: ColumnType<string | number, number, number>;
  id: string;
  at: Timestamp;
  actor: Json<{ userId: string; roles: string[] }>;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json;
  after: Json;
  reason: string | null;
  /** The previous entry's hash, hex (migration 0004). */
  prev_hash: string;
  /** This entry's hash, hex (migration 0004). */
  hash: string;
}

/** `audit_pending`: entries appended unsealed, waiting for the sealer (migration 0008). */
export interface AuditPendingTable {
  pos: ColumnType<string | number, never, never>;
  tenant_id: string;
  id: string;
  at: Timestamp;
  actor: Json<{ userId: string; roles: string[] }>;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json;
  after: Json;
  reason: string | null;
}

/** `audit_heads`: the last sequence number and hash of each tenant's trail; its row lock orders appends. */
export interface AuditHeadsTable {
  tenant_id: string;
  last_seq: ColumnType<string | number, number, number>;
  /** The hash of the entry numbered `last_seq` (migration 0004). */
  last_hash: string;
}

/** `event_records`: the record of emitted events (migration 0002). */
export interface EventRecordsTable {
  tenant_id: string;
  id: string;
  seq: ColumnType<string | number, never, never>;
  name: string;
  at: Timestamp;
  payload: Json;
}

/** `tenants`. */
export interface TenantsTable {
  tenant_id: string;
  timezone: string;
  locale: string;
  default_country: string | null;
  send_window: Json<SendWindow> | null;
  default_dunning_policy: string | null;
}

/** `messages`: the outbox and the communications timeline (migration 0003). */
export interface MessagesTable {
  tenant_id: string;
  id: string;
  idempotency_key: string;
  direction: string;
  channel: string;
  kind: string;
  customer_id: string | null;
  audience: string;
  recipients: Json<MessageAddress[]>;
  sender: string | null;
  template_id: string | null;
  locale: string | null;
  zone: string;
  variables: Json<Record<string, JsonValue>>;
  content: Json<MessageContent>;
  cause_type: string;
  cause_id: string;
  cause_step: string | null;
  state: string;
  reason: string | null;
  detail: string | null;
  attempts: number;
  max_attempts: number;
  not_before: Timestamp;
  send_windows: Json<SendWindow[]>;
  fallback_channels: Json<string[]>;
  fallback_of: string | null;
  provider_message_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Date | null;
  /** The last delivery receipt (migration 0010). */
  delivery: Json<MessageDelivery> | null;
  version: number;
}

/** `connector_operations` (migration 0009). */
export interface ConnectorOperationsTable {
  tenant_id: string;
  id: string;
  connector: string;
  operation: string;
  customer_id: string | null;
  idempotency_key: string;
  cause_type: string;
  cause_id: string;
  cause_step: string | null;
  work: Json<ConnectorWork>;
  state: string;
  attempts: number;
  max_attempts: number;
  not_before: Timestamp;
  external_id: string | null;
  url: string | null;
  reason: string | null;
  detail: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

/** `consents` (migration 0003). */
export interface ConsentsTable {
  tenant_id: string;
  customer_id: string;
  channel: string;
  status: string;
  at: Timestamp;
  source: string;
  detail: string | null;
}

/** `templates`: tenants' message templates, the definition as JSON (migration 0003). */
export interface TemplatesTable {
  tenant_id: string;
  id: string;
  body: Json<{ name: string | null; variables: string[]; sendWindow: SendWindow | null; locales: Record<string, TemplateVariants> }>;
  updated_at: Timestamp;
  version: number;
}

/** Every table of the tickler schema, for kysely. */
export interface TicklerDatabase {
  customers: CustomersTable;
  reminders: RemindersTable;
  jobs: JobsTable;
  audit_entries: AuditEntriesTable;
  audit_heads: AuditHeadsTable;
  audit_pending: AuditPendingTable;
  tenants: TenantsTable;
  event_records: EventRecordsTable;
  messages: MessagesTable;
  consents: ConsentsTable;
  templates: TemplatesTable;
  invoices: InvoicesTable;
  dunning_policies: DunningPoliciesTable;
  dunning_assignments: DunningAssignmentsTable;
  automations: AutomationsTable;
  automation_runs: AutomationRunsTable;
  customer_activity: CustomerActivityTable;
  connector_operations: ConnectorOperationsTable;
  source_states: SourceStatesTable;
}

/** `invoices` (migration 0005). */
export interface InvoicesTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  number: string;
  currency: string;
  amount_minor: ColumnType<string | number, number, number>;
  paid_minor: ColumnType<string | number, number, number>;
  issue_date: string;
  due_date: string;
  status: string;
  payments: Json<(Omit<Payment, 'at'> & { at: string })[]>;
  charges: Json<(Omit<InvoiceCharge, 'at'> & { at: string })[]>;
  policy_override: string | null;
  dunning: Json<DunningState>;
  dunning_policy: string | null;
  dunning_phase: string;
  dunning_level: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

/** `dunning_policies`: the policy as one JSON document (migration 0005). */
export interface DunningPoliciesTable {
  tenant_id: string;
  id: string;
  body: Json<Omit<DunningPolicy, 'tenantId' | 'id' | 'updatedAt' | 'version'>>;
  updated_at: Timestamp;
  version: number;
}

/** `dunning_assignments` (migration 0005). */
export interface DunningAssignmentsTable {
  tenant_id: string;
  customer_id: string;
  policy_id: string | null;
  excluded: boolean;
  source: string;
  updated_at: Timestamp;
}

/** `automations`: the parts of the definition as JSON, SQL `NULL` for an absent `if`, `wait` or `unless` (migration 0006). */
export interface AutomationsTable {
  tenant_id: string;
  id: string;
  name: string | null;
  enabled: boolean;
  trigger: Json<AutomationTrigger>;
  /** `if`, a keyword in SQL. */
  if_condition: NullableJson<Condition>;
  wait: NullableJson<AutomationWait>;
  /** `unless`. */
  unless_condition: NullableJson<Condition>;
  /** `then`, a keyword in SQL. */
  then_actions: Json<AutomationAction[]>;
  rotation: Json<Record<string, number>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

/** `automation_runs` (migration 0006). `facts` and `result` hold any JSON, JSON `null` included. */
export interface AutomationRunsTable {
  tenant_id: string;
  id: string;
  automation_id: string;
  customer_id: string | null;
  trigger: string;
  facts: Json;
  depth: number;
  status: string;
  run_at: Timestamp;
  result: Json;
  reason: string | null;
  started_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

/** `customer_activity`: the latest time per customer and kind (migration 0006). */
export interface CustomerActivityTable {
  tenant_id: string;
  customer_id: string;
  kind: string;
  at: Timestamp;
}

/** `source_states`: a tenant's pull state per source (migration 0011). */
export interface SourceStatesTable {
  tenant_id: string;
  id: string;
  cursor: string | null;
  every_ms: ColumnType<string | number | null, number | null, number | null>;
  pending: Json<string[]>;
  last_pull: NullableJson<Omit<SourcePullSummary, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string }>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}
