import type { Insertable, Selectable } from 'kysely';
import type { Invoice, InvoiceStatus } from 'tickler';
import type { InvoicesTable } from './postgres-schema';

// Payments, charges and the dunning state are JSON; the columns reports filter on are copies.

export function invoiceToRow(i: Invoice): Insertable<InvoicesTable> {
  return {
    tenant_id: i.tenantId,
    id: i.id,
    customer_id: i.customerId,
    number: i.number,
    currency: i.currency,
    amount_minor: i.amountMinor,
    paid_minor: i.paidMinor,
    issue_date: i.issueDate,
    due_date: i.dueDate,
    status: i.status,
    payments: JSON.stringify(i.payments),
    charges: JSON.stringify(i.charges),
    policy_override: i.policyOverride,
    dunning: JSON.stringify(i.dunning),
    dunning_policy: i.dunning.policyId,
    dunning_phase: i.dunning.phase,
    dunning_level: i.dunning.level,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    version: i.version,
  };
}

export function rowToInvoice(r: Selectable<InvoicesTable>): Invoice {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    customerId: r.customer_id,
    number: r.number,
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    paidMinor: Number(r.paid_minor),
    issueDate: r.issue_date,
    dueDate: r.due_date,
    status: r.status as InvoiceStatus,
    payments: r.payments.map((p) => ({ ...p, at: new Date(p.at) })),
    charges: r.charges.map((c) => ({ ...c, at: new Date(c.at) })),
    policyOverride: r.policy_override,
    dunning: r.dunning,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}
