import type { Customer, CustomerInput, CustomerListQuery } from '../model/customer';
import type { ActivityInput } from './record-activity';

/** A page of a list. */
export interface Page<T> {
  /** The rows of this page. */
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Customers of the actor's tenant. */
export interface CustomersApi {
  /**
   * Creates or updates a customer by its id. On update, fields left out keep their
   * values and `null` clears them. Emits `customer.created` or `customer.updated`, and
   * `customer.status_changed` / `customer.folder_changed` when those changed.
   */
  upsert(input: CustomerInput): Promise<Customer>;
  /** One customer; NotFoundError when it is not in the actor's tenant. */
  get(id: string): Promise<Customer>;
  /** Customers sorted by name, filtered, one page at a time. */
  list(query?: CustomerListQuery): Promise<Page<Customer>>;
  /** Removes a customer and all its reminders. */
  remove(id: string): Promise<void>;
  /**
   * Records what the customer did (a purchase, a login): inactivity automations measure
   * from the last one. Returns the latest time now recorded for that kind.
   *
   * @example
   * ```ts
   * await acme.customers.recordActivity('c-42', { kind: 'purchase', at: '2026-11-20T15:04:00Z' });
   * ```
   */
  recordActivity(id: string, activity: ActivityInput): Promise<Date>;
}
