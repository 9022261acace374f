import type { ConsentRecord } from '../../model/consent';
import type { ConsentRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's consent records. */
export class MemoryConsents implements ConsentRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  list(tenantId: string, customerId: string): Promise<ConsentRecord[]> {
    this.journal.assertOpen();
    const records = this.state.consents.get(tenantId)?.get(customerId);
    return Promise.resolve(records === undefined ? [] : [...records.values()].map((r) => structuredClone(r)));
  }

  put(record: ConsentRecord): Promise<void> {
    this.journal.assertOpen();
    const byCustomer = this.state.tenantMap(this.state.consents, record.tenantId);
    let records = byCustomer.get(record.customerId);
    if (records === undefined) {
      records = new Map();
      byCustomer.set(record.customerId, records);
    }
    const table = records;
    const previous = table.get(record.channel);
    table.set(record.channel, structuredClone(record));
    this.journal.record(() => {
      if (previous === undefined) table.delete(record.channel);
      else table.set(record.channel, previous);
    });
    return Promise.resolve();
  }
}

/** Removes a customer's consent records (inside the caller's journal). */
export function removeCustomerConsents(state: MemoryState, journal: Journal, tenantId: string, customerId: string): void {
  const byCustomer = state.consents.get(tenantId);
  const records = byCustomer?.get(customerId);
  if (byCustomer === undefined || records === undefined) return;
  byCustomer.delete(customerId);
  journal.record(() => byCustomer.set(customerId, records));
}
