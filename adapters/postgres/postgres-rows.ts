import type { Insertable, Selectable } from 'kysely';
import type { AuditEntry, Customer, Reminder, ReminderSource, ReminderStatus } from 'tickler';
import { type Job, customerSortKey } from 'tickler/adapter';



import type { AuditEntriesTable, CustomersTable, JobsTable, RemindersTable } from './postgres-schema';

// Rows and entities differ only in naming and in JSON columns, which go in as text.

export function customerToRow(c: Customer): Insertable<CustomersTable> {
  return {
    tenant_id: c.tenantId,
    id: c.id,
    name: c.name,
    sort_key: customerSortKey(c.name),
    timezone: c.timezone,
    locale: c.locale,
    email: c.email,
    phone: c.phone,
    whatsapp: c.whatsapp,
    status: c.status,
    folder: c.folder,
    tags: JSON.stringify(c.tags),
    assignees: JSON.stringify(c.assignees),
    contacts: JSON.stringify(c.contacts),
    fields: JSON.stringify(c.fields),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    version: c.version,
  };
}

export function rowToCustomer(r: Selectable<CustomersTable>): Customer {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    name: r.name,
    timezone: r.timezone,
    locale: r.locale,
    email: r.email,
    phone: r.phone,
    whatsapp: r.whatsapp,
    status: r.status,
    folder: r.folder,
    tags: r.tags,
    assignees: r.assignees,
    contacts: r.contacts,
    fields: r.fields,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function reminderToRow(r: Reminder): Insertable<RemindersTable> {
  return {
    tenant_id: r.tenantId,
    id: r.id,
    customer_id: r.customerId,
    due_at: r.dueAt,
    zone: r.zone,
    note: r.note,
    assignee: r.assignee,
    created_by: r.createdBy,
    source: r.source,
    status: r.status,
    recurrence: r.recurrence,
    series_start: r.seriesStart,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    closed_at: r.closedAt,
    closed_by: r.closedBy,
    last_fired_at: r.lastFiredAt,
    fire_count: r.fireCount,
    version: r.version,
  };
}

export function rowToReminder(r: Selectable<RemindersTable>): Reminder {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    customerId: r.customer_id,
    dueAt: r.due_at,
    zone: r.zone,
    note: r.note,
    assignee: r.assignee,
    createdBy: r.created_by,
    source: r.source as ReminderSource,
    status: r.status as ReminderStatus,
    recurrence: r.recurrence,
    seriesStart: r.series_start,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    lastFiredAt: r.last_fired_at,
    fireCount: r.fire_count,
    version: r.version,
  };
}

export function rowToJob(r: Selectable<JobsTable>): Job {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    kind: r.kind,
    refId: r.ref_id,
    runAt: r.run_at,
    attempt: r.attempt,
    leaseToken: r.lease_token,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
  };
}

/** An audit entry as one element of the JSON array that `jsonb_to_recordset` turns into rows. */
export function auditToRecord(e: AuditEntry): Record<string, unknown> {
  return {
    tenant_id: e.tenantId,
    seq: e.seq,
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    before: e.before,
    after: e.after,
    reason: e.reason,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

export function rowToAudit(r: Selectable<AuditEntriesTable>): AuditEntry {
  return {
    tenantId: r.tenant_id,
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    reason: r.reason,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
