import type { Customer } from '../../model/customer';
import { CUSTOMER_LIST_FILTER, CUSTOMER_LIST_ORDER, customerSortKey, type CustomerRepository } from '../../customers/customer-repository';
import type { Journal } from '../kit/journal';
import { compareBy, compareText } from '../kit/list-order';
import type { MemoryState } from './memory-state';

function searched(c: Customer, search: string | undefined): boolean {
  if (search === undefined || search === '') return true;
  return customerSortKey(c.name).includes(search) || (c.email !== null && c.email.toLowerCase().includes(search));
}

/** The memory store's customers. Removing one removes every row that belongs to it, in the same journal. */
export function memoryCustomers(state: MemoryState, journal: Journal): CustomerRepository {
  const table = state.customers;
  return {
    ...table.basics(journal),
    async remove(tenantId, id) {
      if (table.remove(journal, tenantId, id) === null) return null;
      let reminders = 0;
      for (const rows of state.ofCustomer) {
        const removed = rows.removeWhere(journal, tenantId, 'customer', id);
        if (rows === state.reminders) reminders = removed.length;
      }
      return { reminders };
    },
    list: async (tenantId, filter) =>
      table.list(tenantId, {
        rules: CUSTOMER_LIST_FILTER,
        filter,
        also: (c) => searched(c, filter.search),
        order: CUSTOMER_LIST_ORDER,
        limit: filter.limit,
        after: filter.after === undefined ? undefined : [filter.after.sortKey, filter.after.id],
      }),
    async findByLink(tenantId, system, key, value, limit) {
      // A scan, as findByAddress: fine in memory; the PostgreSQL store answers from its GIN index on links.
      return table
        .rows(tenantId)
        .filter((c) => c.links[system]?.[key] === value)
        .sort((a, b) => compareText(a.id, b.id))
        .slice(0, limit)
        .map((c) => table.out(c));
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
