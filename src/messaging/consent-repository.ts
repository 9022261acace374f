import type { ConsentRecord } from '../model/consent';

/** Customers' consent per channel kind. */
export interface ConsentRepository {
  /** Every record of the customer (at most one per channel kind). */
  list(tenantId: string, customerId: string): Promise<ConsentRecord[]>;
  /** Creates or replaces the record for the customer and channel kind. Its customer MUST exist. */
  put(record: ConsentRecord): Promise<void>;
}
