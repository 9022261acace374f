import type { Customer } from '../../model/customer';
import { customerSortKey, type CustomerListFilter, type CustomerRepository, type RemovedCustomer } from '../store';
import { cloneCustomer } from './clone';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';
import { removeCustomerActivities } from './memory-activities';
import { removeCustomerRuns } from './memory-automations';
import { removeCustomerConsents } from './memory-consents';
import { removeCustomerAssignment } from './memory-dunning';
import { removeCustomerInvoices } from './memory-invoices';
import { removeCustomerMessages } from './memory-messages';
import { removeReminderRow } from './memory-reminders';

/** The memory store's customers. */
export class MemoryCustomers implements CustomerRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<Customer | null> {
    this.journal.assertOpen();
    const c = this.state.customers.get(tenantId)?.get(id);
    return Promise.resolve(c === undefined ? null : cloneCustomer(c));
  }

  getMany(tenantId: string, ids: readonly string[]): Promise<Customer[]> {
    this.journal.assertOpen();
    const table = this.state.customers.get(tenantId);
    const out: Customer[] = [];
    for (const id of new Set(ids)) {
      const c = table?.get(id);
      if (c !== undefined) out.push(cloneCustomer(c));
    }
    return Promise.resolve(out);
  }

  insert(customer: Customer): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.tenantMap(this.state.customers, customer.tenantId);
    if (table.has(customer.id)) return Promise.resolve(false);
    table.set(customer.id, cloneCustomer(customer));
    this.journal.record(() => table.delete(customer.id));
    return Promise.resolve(true);
  }

  update(customer: Customer, expectedVersion: number): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.customers.get(customer.tenantId);
    const current = table?.get(customer.id);
    if (table === undefined || current === undefined || current.version !== expectedVersion) return Promise.resolve(false);
    table.set(customer.id, cloneCustomer(customer));
    this.journal.record(() => table.set(customer.id, current));
    return Promise.resolve(true);
  }

  remove(tenantId: string, id: string): Promise<RemovedCustomer | null> {
    this.journal.assertOpen();
    const table = this.state.customers.get(tenantId);
    const current = table?.get(id);
    if (table === undefined || current === undefined) return Promise.resolve(null);
    const reminderIds = [...(this.state.remindersByCustomer.get(tenantId)?.get(id) ?? [])];
    for (const reminderId of reminderIds) removeReminderRow(this.state, this.journal, tenantId, reminderId);
    removeCustomerMessages(this.state, this.journal, tenantId, id);
    removeCustomerConsents(this.state, this.journal, tenantId, id);
    removeCustomerInvoices(this.state, this.journal, tenantId, id);
    removeCustomerAssignment(this.state, this.journal, tenantId, id);
    removeCustomerRuns(this.state, this.journal, tenantId, id);
    removeCustomerActivities(this.state, this.journal, tenantId, id);
    table.delete(id);
    this.journal.record(() => table.set(id, current));
    return Promise.resolve({ reminders: reminderIds.length });
  }

  list(tenantId: string, filter: CustomerListFilter): Promise<Customer[]> {
    this.journal.assertOpen();
    const rows: { key: string; customer: Customer }[] = [];
    for (const c of this.state.customers.get(tenantId)?.values() ?? []) {
      if (!matches(c, filter)) continue;
      const key = customerSortKey(c.name);
      if (filter.after !== undefined && !isAfter(key, c.id, filter.after.sortKey, filter.after.id)) continue;
      rows.push({ key, customer: c });
    }
    rows.sort((a, b) => compare(a.key, b.key) || compare(a.customer.id, b.customer.id));
    return Promise.resolve(rows.slice(0, filter.limit).map((r) => cloneCustomer(r.customer)));
  }

  findByAddress(tenantId: string, address: { phone?: string | undefined; email?: string | undefined }, limit: number): Promise<Customer[]> {
    this.journal.assertOpen();
    const phone = address.phone;
    const email = address.email?.toLowerCase();
    const found: { own: boolean; customer: Customer }[] = [];
    // A scan is fine for the memory store; the PostgreSQL store answers from indexes.
    for (const c of this.state.customers.get(tenantId)?.values() ?? []) {
      const own = (phone !== undefined && (c.phone === phone || c.whatsapp === phone)) || (email !== undefined && c.email?.toLowerCase() === email);
      const viaContact = c.contacts.some((k) => (phone !== undefined && (k.phone === phone || k.whatsapp === phone)) || (email !== undefined && k.email === email));
      if (own || viaContact) found.push({ own, customer: c });
    }
    found.sort((a, b) => Number(b.own) - Number(a.own) || b.customer.updatedAt.getTime() - a.customer.updatedAt.getTime() || compare(a.customer.id, b.customer.id));
    return Promise.resolve(found.slice(0, limit).map((f) => cloneCustomer(f.customer)));
  }
}

function matches(c: Customer, f: CustomerListFilter): boolean {
  if (f.folder !== undefined && c.folder !== f.folder) return false;
  if (f.status !== undefined && c.status !== f.status) return false;
  if (f.tag !== undefined && !c.tags.includes(f.tag)) return false;
  if (f.assignee !== undefined && !c.assignees.includes(f.assignee)) return false;
  if (f.search !== undefined && f.search !== '') {
    const inName = c.name.toLowerCase().includes(f.search);
    const inEmail = c.email !== null && c.email.toLowerCase().includes(f.search);
    if (!inName && !inEmail) return false;
  }
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isAfter(key: string, id: string, afterKey: string, afterId: string): boolean {
  const c = compare(key, afterKey);
  return c > 0 || (c === 0 && compare(id, afterId) > 0);
}
