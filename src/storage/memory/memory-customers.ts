import type { Customer } from '../../model/customer';
import { CUSTOMER_LIST_ORDER, customerSortKey, type CustomerListFilter, type CustomerRepository } from '../../customers/customer-repository';
import type { Journal } from '../kit/journal';
import { compareBy, compareText, page } from '../kit/list-order';
import type { MemoryState } from './memory-state';

function matches(c: Customer, f: CustomerListFilter): boolean {
  if (f.folder !== undefined && c.folder !== f.folder) return false;
  if (f.status !== undefined && c.status !== f.status) return false;
  if (f.tag !== undefined && !c.tags.includes(f.tag)) return false;
  if (f.assignee !== undefined && !c.assignees.includes(f.assignee)) return false;
  if (f.search !== undefined && f.search !== '') {
    const inName = customerSortKey(c.name).includes(f.search);
    const inEmail = c.email !== null && c.email.toLowerCase().includes(f.search);
    if (!inName && !inEmail) return false;
  }
  return true;
}

/** The memory store's customers. Removing one removes every row that belongs to it, in the same journal. */
export function memoryCustomers(state: MemoryState, journal: Journal): CustomerRepository {
  const table = state.customers;
  return {
    get: async (tenantId, id) => table.get(tenantId, id),
    getMany: async (tenantId, ids) => table.getMany(tenantId, ids),
    insert: async (customer) => table.insert(journal, customer),
    update: async (customer, expectedVersion) => table.update(journal, customer, expectedVersion),
    async remove(tenantId, id) {
      if (table.remove(journal, tenantId, id) === null) return null;
      let reminders = 0;
      for (const rows of state.ofCustomer) {
        const removed = rows.removeWhere(journal, tenantId, 'customer', id);
        if (rows === state.reminders) reminders = removed.length;
      }
      return { reminders };
    },
    async list(tenantId, filter) {
      const rows = table.rows(tenantId).filter((c) => matches(c, filter));
      const after = filter.after === undefined ? undefined : [filter.after.sortKey, filter.after.id];
      return page(CUSTOMER_LIST_ORDER, rows, filter.limit, after).map((c) => table.out(c));
    },
    async findByAddress(tenantId, address, limit) {
      const { phone } = address;
      const email = address.email?.toLowerCase();
      const found: { own: boolean; customer: Customer }[] = [];
      // A scan is fine for the memory store; the PostgreSQL store answers from indexes.
      for (const c of table.rows(tenantId)) {
        const own = (phone !== undefined && (c.phone === phone || c.whatsapp === phone)) || (email !== undefined && c.email?.toLowerCase() === email);
        const viaContact = c.contacts.some((k) => (phone !== undefined && (k.phone === phone || k.whatsapp === phone)) || (email !== undefined && k.email === email));
        if (own || viaContact) found.push({ own, customer: c });
      }
      const newest = compareBy<Customer>([{ field: 'updatedAt', type: 'time', desc: true }]);
      found.sort((a, b) => Number(b.own) - Number(a.own) || newest(a.customer, b.customer) || compareText(a.customer.id, b.customer.id));
      return found.slice(0, limit).map((f) => table.out(f.customer));
    },
  };
}
