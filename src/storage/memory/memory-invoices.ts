import { INVOICE_LIST_FILTER, INVOICE_LIST_ORDER, type InvoiceRepository } from '../../dunning/invoice-repository';
import type { Journal } from '../kit/journal';
import type { MemoryState } from './memory-state';

/** The memory store's invoices, indexed by customer. */
export function memoryInvoices(state: MemoryState, journal: Journal): InvoiceRepository {
  const table = state.invoices;
  return {
    ...table.basics(journal),
    updateMany: async (updates) => updates.map((u) => table.update(journal, u.invoice, u.expectedVersion)),
    list: async (tenantId, filter) =>
      table.list(tenantId, {
        index: filter.customerId === undefined ? undefined : { name: 'customer', value: filter.customerId },
        rules: INVOICE_LIST_FILTER,
        filter,
        order: INVOICE_LIST_ORDER,
        limit: filter.limit,
        after: filter.afterId === undefined ? undefined : [filter.afterId],
      }),
  };
}
