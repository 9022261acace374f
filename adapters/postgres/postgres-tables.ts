import type { AuditEntry, Automation, AutomationRun, ConnectorOperation, ConnectorWork, ConsentRecord, Customer, CustomerActivity, DunningAssignment, DunningPolicy, Invoice, InvoiceCharge, Message, MessageDelivery, MessageTemplate, Payment, Reminder, SourcePullSummary, SourceState, TenantSettings } from 'tickler';
import { customerSortKey, type Job } from 'tickler/adapter';
import { PgTable } from './postgres-table';

// How each entity maps onto its table: only what is not a plain snake_case column.

type StoredTemplate = MessageTemplate & { tenantId: string };

const definitionBody = <E>(keep: readonly (keyof E & string)[]) => ({
  fields: { except: keep },
  columns: ['body'],
  write: (entity: E): Record<string, unknown> => {
    const body = Object.fromEntries(Object.entries(entity as Record<string, unknown>).filter(([field]) => !(keep as readonly string[]).includes(field)));
    return { body: JSON.stringify(body) };
  },
  read: (row: Record<string, unknown>): Partial<E> => row.body as Partial<E>,
});

const atDate = <T extends { at: string | Date }>(items: T[]): T[] => items.map((item) => ({ ...item, at: new Date(item.at) }));

/** How each table maps onto its entity. Jobs, audit entries and event records keep their own SQL and use the mapping only. */
export const TABLES = {
  customers: new PgTable<Customer>({
    table: 'customers',
    json: ['tags', 'assignees', 'contacts', 'fields', 'links'],
    computed: { sort_key: (c) => customerSortKey(c.name) },
  }),
  reminders: new PgTable<Reminder>({ table: 'reminders', fixed: ['customerId'] }),
  messages: new PgTable<Message>({
    table: 'messages',
    json: ['to', 'variables', 'content', 'sendWindows', 'fallbackChannels', 'delivery'],
    rename: { to: 'recipients', from: 'sender' },
    revive: { delivery: (d: MessageDelivery | null) => (d === null ? null : { ...d, at: new Date(d.at) }) },
    fixed: ['idempotencyKey', 'customerId'],
    custom: {
      fields: ['cause'],
      columns: ['cause_type', 'cause_id', 'cause_step'],
      write: (m) => ({ cause_type: m.cause.type, cause_id: m.cause.id, cause_step: m.cause.step }),
      read: (r) => ({ cause: { type: r.cause_type as string, id: r.cause_id as string, step: r.cause_step as string | null } }),
    },
  }),
  consents: new PgTable<ConsentRecord>({ table: 'consents', key: ['customer_id', 'channel'] }),
  templates: new PgTable<StoredTemplate>({ table: 'templates', custom: definitionBody<StoredTemplate>(['tenantId', 'id', 'updatedAt', 'version']) }),
  invoices: new PgTable<Invoice>({
    table: 'invoices',
    json: ['payments', 'charges', 'dunning'],
    numbers: ['amountMinor', 'paidMinor'],
    revive: { payments: (p: Payment[]) => atDate(p), charges: (c: InvoiceCharge[]) => atDate(c) },
    computed: { dunning_policy: (i) => i.dunning.policyId, dunning_phase: (i) => i.dunning.phase, dunning_level: (i) => i.dunning.level },
    fixed: ['customerId'],
  }),
  dunningPolicies: new PgTable<DunningPolicy>({ table: 'dunning_policies', custom: definitionBody<DunningPolicy>(['tenantId', 'id', 'updatedAt', 'version']) }),
  dunningAssignments: new PgTable<DunningAssignment>({ table: 'dunning_assignments', key: ['customer_id'] }),
  // `if`, `wait` and `unless` are SQL NULL when absent, so they read as absent in SQL too.
  automations: new PgTable<Automation>({
    table: 'automations',
    json: ['trigger', 'if', 'wait', 'unless', 'then', 'rotation'],
    sqlNull: ['if', 'wait', 'unless'],
    rename: { if: 'if_condition', unless: 'unless_condition', then: 'then_actions' },
  }),
  // `facts` and `result` may be JSON null, stored as the jsonb value `null` so every value reads back as written.
  automationRuns: new PgTable<AutomationRun>({ table: 'automation_runs', json: ['facts', 'result'], fixed: ['automationId', 'customerId'] }),
  activities: new PgTable<CustomerActivity>({ table: 'customer_activity', key: ['customer_id', 'kind'] }),
  tenants: new PgTable<TenantSettings>({ table: 'tenants', key: [], json: ['sendWindow'], sqlNull: ['sendWindow'], rename: { defaultDunningPolicyId: 'default_dunning_policy' } }),
  jobs: new PgTable<Job>({ table: 'jobs', ignore: ['ready_at', 'previous_ready_at'] }),
  audit: new PgTable<AuditEntry>({ table: 'audit_entries', key: ['seq'], json: ['actor', 'before', 'after'], numbers: ['seq'] }),
  sourceStates: new PgTable<SourceState>({
    table: 'source_states',
    json: ['pending', 'lastPull'],
    sqlNull: ['lastPull'],
    numbers: ['everyMs'],
    revive: { lastPull: (p: SourcePullSummary & { startedAt: string; finishedAt: string }) => ({ ...p, startedAt: new Date(p.startedAt), finishedAt: new Date(p.finishedAt) }) },
  }),
  connectorOperations: new PgTable<ConnectorOperation>({
    table: 'connector_operations',
    json: ['work'],
    revive: { work: (w: ConnectorWork & { dueAt: string | Date | null }) => ({ ...w, dueAt: w.dueAt === null ? null : new Date(w.dueAt) }) },
    fixed: ['idempotencyKey', 'customerId'],
    custom: {
      fields: ['cause'],
      columns: ['cause_type', 'cause_id', 'cause_step'],
      write: (o) => ({ cause_type: o.cause.type, cause_id: o.cause.id, cause_step: o.cause.step }),
      read: (r) => ({ cause: { type: r.cause_type as string, id: r.cause_id as string, step: r.cause_step as string | null } }),
    },
  }),
} as const;
