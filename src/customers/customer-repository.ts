import type { Customer } from '../model/customer';
import type { FilterRules } from '../storage/kit/list-filter';
import type { ListOrder } from '../storage/kit/list-order';

/** Keyset position in the customer list: the sort key and id of the last row seen. */
export interface CustomerListPosition {
  /** {@link customerSortKey} of the last row's name. */
  sortKey: string;
  /** Id of the last row. */
  id: string;
}

/** The filters a store applies to a customer list. */
export interface CustomerListFilter {
  /** Lower-cased text found in the name or the email. */
  search?: string | undefined;
  /** Exact folder. */
  folder?: string | undefined;
  /** Has this tag. */
  tag?: string | undefined;
  /** Exact status. */
  status?: string | undefined;
  /** Has this assignee. */
  assignee?: string | undefined;
  /** Rows strictly after this position. */
  after?: CustomerListPosition | undefined;
  /** At most this many rows. */
  limit: number;
}

/**
 * The key customers are sorted by: the lower-cased name, compared by code unit, then
 * the id. Every store sorts by exactly this so pages agree across stores.
 */
export function customerSortKey(name: string): string {
  return name.toLowerCase();
}

/** What {@link CustomerRepository.remove} reports. */
export interface RemovedCustomer {
  /** How many reminders were removed with the customer. */
  reminders: number;
}

/** Customers of each tenant. */
export interface CustomerRepository {
  /** One customer, or null. */
  get(tenantId: string, id: string): Promise<Customer | null>;
  /** The customers with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Customer[]>;
  /** Adds a customer; false (and nothing written) when the id is taken in the tenant. */
  insert(customer: Customer): Promise<boolean>;
  /** Replaces a customer only if its stored `version` is `expectedVersion`; false otherwise. */
  update(customer: Customer, expectedVersion: number): Promise<boolean>;
  /**
   * Removes a customer and MUST remove its reminders, messages, consent records, invoices,
   * dunning assignment, automation runs and activities in the same atomic step, so nothing is ever left without its customer. Returns how many
   * reminders went with it, or null when the customer did not exist.
   */
  remove(tenantId: string, id: string): Promise<RemovedCustomer | null>;
  /** Customers matching the filter, sorted by {@link customerSortKey} then id. */
  list(tenantId: string, filter: CustomerListFilter): Promise<Customer[]>;
  /**
   * Customers reachable at an address, for inbound messages: `phone` (E.164) matches the
   * phone or WhatsApp number of the customer or of one of its contacts; `email` matches
   * the customer's email case-insensitively or a contact's (lower-cased) email. Customers
   * whose own field matches come first, then by most recently updated. MUST use indexes,
   * not a scan of the tenant.
   */
  findByAddress(tenantId: string, address: { phone?: string | undefined; email?: string | undefined }, limit: number): Promise<Customer[]>;
  /**
   * Customers whose link to `system` holds `key` = `value` (`links.quickbooks.id` is
   * `58`), for sources that find the host's own customer by the link the host set; by id.
   * MUST use an index, not a scan of the tenant.
   */
  findByLink(tenantId: string, system: string, key: string, value: string, limit: number): Promise<Customer[]>;
}

/**
 * The order of {@link CustomerRepository.list}: {@link customerSortKey} of the name, then
 * the id, by code unit (PostgreSQL keeps the key in `sort_key`).
 */
export const CUSTOMER_LIST_ORDER: ListOrder<Customer> = [
  { field: 'name', type: 'text', of: (c) => customerSortKey(c.name), column: 'sort_key' },
  { field: 'id', type: 'text' },
];

/** How the plain fields of {@link CustomerListFilter} select customers, in every store (`search` and `after` are each store's own). */
export const CUSTOMER_LIST_FILTER: FilterRules<Customer, CustomerListFilter> = {
  folder: { column: 'folder', of: (c) => c.folder },
  status: { column: 'status', of: (c) => c.status },
  tag: { column: 'tags', of: (c) => c.tags, compare: 'contains' },
  assignee: { column: 'assignees', of: (c) => c.assignees, compare: 'contains' },
};
