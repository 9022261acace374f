import type { Invoice } from '../../model/invoice';
import type { InvoiceListFilter, InvoiceRepository, InvoiceUpdate } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's invoices, indexed by customer. */
export class MemoryInvoices implements InvoiceRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<Invoice | null> {
    this.journal.assertOpen();
    const i = this.state.invoices.get(tenantId)?.get(id);
    return Promise.resolve(i === undefined ? null : structuredClone(i));
  }

  getMany(tenantId: string, ids: readonly string[]): Promise<Invoice[]> {
    this.journal.assertOpen();
    const table = this.state.invoices.get(tenantId);
    const out: Invoice[] = [];
    for (const id of new Set(ids)) {
      const i = table?.get(id);
      if (i !== undefined) out.push(structuredClone(i));
    }
    return Promise.resolve(out);
  }

  insert(invoice: Invoice): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.tenantMap(this.state.invoices, invoice.tenantId);
    if (table.has(invoice.id)) return Promise.resolve(false);
    table.set(invoice.id, structuredClone(invoice));
    const ids = this.state.idsOf(this.state.invoicesByCustomer, invoice.tenantId, invoice.customerId);
    ids.add(invoice.id);
    this.journal.record(() => {
      table.delete(invoice.id);
      ids.delete(invoice.id);
    });
    return Promise.resolve(true);
  }

  update(invoice: Invoice, expectedVersion: number): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.invoices.get(invoice.tenantId);
    const current = table?.get(invoice.id);
    if (table === undefined || current === undefined || current.version !== expectedVersion) return Promise.resolve(false);
    // The customer is fixed at insert.
    table.set(invoice.id, structuredClone({ ...invoice, customerId: current.customerId }));
    this.journal.record(() => table.set(invoice.id, current));
    return Promise.resolve(true);
  }

  async updateMany(updates: readonly InvoiceUpdate[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (const u of updates) out.push(await this.update(u.invoice, u.expectedVersion));
    return out;
  }

  list(tenantId: string, filter: InvoiceListFilter): Promise<Invoice[]> {
    this.journal.assertOpen();
    const table = this.state.invoices.get(tenantId);
    if (table === undefined) return Promise.resolve([]);
    const ids = filter.customerId === undefined ? table.keys() : (this.state.invoicesByCustomer.get(tenantId)?.get(filter.customerId) ?? new Set<string>());
    const rows: Invoice[] = [];
    for (const id of ids) {
      const i = table.get(id);
      if (i !== undefined && matches(i, filter)) rows.push(i);
    }
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(rows.slice(0, filter.limit).map((i) => structuredClone(i)));
  }
}

function matches(i: Invoice, f: InvoiceListFilter): boolean {
  if (f.customerId !== undefined && i.customerId !== f.customerId) return false;
  if (f.status !== undefined && i.status !== f.status) return false;
  if (f.policyId !== undefined && i.dunning.policyId !== f.policyId) return false;
  if (f.minLevel !== undefined && i.dunning.level < f.minLevel) return false;
  if (f.level !== undefined && i.dunning.level !== f.level) return false;
  if (f.awaitingApproval !== undefined && (i.dunning.phase === 'awaiting_approval') !== f.awaitingApproval) return false;
  if (f.currency !== undefined && i.currency !== f.currency) return false;
  if (f.afterId !== undefined && i.id <= f.afterId) return false;
  return true;
}

/** Removes a customer's invoices (inside the caller's journal). */
export function removeCustomerInvoices(state: MemoryState, journal: Journal, tenantId: string, customerId: string): void {
  const ids = state.invoicesByCustomer.get(tenantId)?.get(customerId);
  const table = state.invoices.get(tenantId);
  if (ids === undefined || table === undefined) return;
  for (const id of [...ids]) {
    const invoice = table.get(id);
    if (invoice === undefined) continue;
    table.delete(id);
    ids.delete(id);
    journal.record(() => {
      table.set(id, invoice);
      ids.add(id);
    });
  }
}
