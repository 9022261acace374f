import type { Invoice } from '../../model/invoice';
import { INVOICE_LIST_ORDER, type InvoiceListFilter, type InvoiceRepository } from '../../dunning/invoice-repository';
import type { Journal } from '../kit/journal';
import { page } from '../kit/list-order';
import type { MemoryState } from './memory-state';

function matches(i: Invoice, f: InvoiceListFilter): boolean {
  if (f.customerId !== undefined && i.customerId !== f.customerId) return false;
  if (f.status !== undefined && i.status !== f.status) return false;
  if (f.policyId !== undefined && i.dunning.policyId !== f.policyId) return false;
  if (f.minLevel !== undefined && i.dunning.level < f.minLevel) return false;
  if (f.level !== undefined && i.dunning.level !== f.level) return false;
  if (f.awaitingApproval !== undefined && (i.dunning.phase === 'awaiting_approval') !== f.awaitingApproval) return false;
  if (f.currency !== undefined && i.currency !== f.currency) return false;
  return true;
}

/** The memory store's invoices, indexed by customer. */
export function memoryInvoices(state: MemoryState, journal: Journal): InvoiceRepository {
  const table = state.invoices;
  return {
    get: async (tenantId, id) => table.get(tenantId, id),
    getMany: async (tenantId, ids) => table.getMany(tenantId, ids),
    insert: async (invoice) => table.insert(journal, invoice),
    update: async (invoice, expectedVersion) => table.update(journal, invoice, expectedVersion),
    updateMany: async (updates) => updates.map((u) => table.update(journal, u.invoice, u.expectedVersion)),
    async list(tenantId, filter) {
      const index = filter.customerId === undefined ? undefined : { name: 'customer', value: filter.customerId };
      const rows = table.rows(tenantId, index).filter((i) => matches(i, filter));
      return page(INVOICE_LIST_ORDER, rows, filter.limit, filter.afterId === undefined ? undefined : [filter.afterId]).map((i) => table.out(i));
    },
  };
}
