import { INVOICE_LIST_FILTER, INVOICE_LIST_ORDER, type InvoiceRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

const invoices = TABLES.invoices;

/** Invoices in PostgreSQL. The dunning columns (policy, phase, level) are copies of the JSON state, for the filters below. */
export function postgresInvoices(ctx: PgContext): InvoiceRepository {
  return {
    ...invoices.basics(ctx),
    // One statement for a batch of dunning steps, each row only at its expected version.
    updateMany: (updates) => invoices.updateMany(ctx, updates.map((u) => ({ entity: u.invoice, expectedVersion: u.expectedVersion }))),
    list(tenantId, filter) {
      let q = invoices.filtered(invoices.select(ctx, tenantId), INVOICE_LIST_FILTER, filter);
      if (filter.afterId !== undefined) q = invoices.after(q, INVOICE_LIST_ORDER, [filter.afterId]);
      return invoices.all(invoices.ordered(q, INVOICE_LIST_ORDER).limit(filter.limit));
    },
  };
}
