import type { CustomerActivity } from '../../model/automation';
import type { ActivityRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's last activity per customer and kind. */
export class MemoryActivities implements ActivityRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  record(activity: CustomerActivity): Promise<Date> {
    this.journal.assertOpen();
    const byCustomer = this.state.tenantMap(this.state.activities, activity.tenantId);
    let kinds = byCustomer.get(activity.customerId);
    if (kinds === undefined) {
      kinds = new Map();
      byCustomer.set(activity.customerId, kinds);
    }
    const table = kinds;
    const previous = table.get(activity.kind);
    // Activities can arrive out of order; the stored time only ever moves forward.
    if (previous !== undefined && previous.getTime() >= activity.at.getTime()) return Promise.resolve(new Date(previous.getTime()));
    table.set(activity.kind, new Date(activity.at.getTime()));
    this.journal.record(() => {
      if (previous === undefined) table.delete(activity.kind);
      else table.set(activity.kind, previous);
    });
    return Promise.resolve(new Date(activity.at.getTime()));
  }

  last(tenantId: string, customerId: string, kind: string | null): Promise<Date | null> {
    this.journal.assertOpen();
    const kinds = this.state.activities.get(tenantId)?.get(customerId);
    if (kinds === undefined) return Promise.resolve(null);
    let latest: Date | null = null;
    if (kind !== null) latest = kinds.get(kind) ?? null;
    else for (const at of kinds.values()) if (latest === null || at.getTime() > latest.getTime()) latest = at;
    return Promise.resolve(latest === null ? null : new Date(latest.getTime()));
  }
}

/** Removes a customer's activities (inside the caller's journal). */
export function removeCustomerActivities(state: MemoryState, journal: Journal, tenantId: string, customerId: string): void {
  const byCustomer = state.activities.get(tenantId);
  const kinds = byCustomer?.get(customerId);
  if (byCustomer === undefined || kinds === undefined) return;
  byCustomer.delete(customerId);
  journal.record(() => byCustomer.set(customerId, kinds));
}
