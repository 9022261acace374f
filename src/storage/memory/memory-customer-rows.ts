import type { ActivityRepository } from '../../customers/activity-repository';
import { AUTOMATION_RUN_LIST_FILTER, AUTOMATION_RUN_LIST_ORDER, type AutomationRunRepository } from '../../automations/automation-run-repository';
import type { DunningAssignmentRepository } from '../../dunning/dunning-assignment-repository';
import type { ConsentRepository } from '../../messaging/consent-repository';
import type { Journal } from '../kit/journal';
import { compareText, page, type ListOrder } from '../kit/list-order';
import type { ConsentRecord } from '../../model/consent';
import type { MemoryState } from './memory-state';

// Rows that belong to one customer (consents, assignments, runs, activities): indexed by it, removed with it.

const CONSENT_ORDER: ListOrder<ConsentRecord> = [{ field: 'channel', type: 'text' }];

/** The memory store's consent records. */
export function memoryConsents(state: MemoryState, journal: Journal): ConsentRepository {
  const table = state.consents;
  return {
    list: async (tenantId, customerId) => page(CONSENT_ORDER, table.rows(tenantId, { name: 'customer', value: customerId }), Infinity).map((r) => table.out(r)),
    put: async (record) => table.put(journal, record),
  };
}

/** The memory store's dunning assignments. */
export function memoryDunningAssignments(state: MemoryState, journal: Journal): DunningAssignmentRepository {
  const table = state.dunningAssignments;
  return {
    get: async (tenantId, customerId) => table.get(tenantId, customerId),
    getMany: async (tenantId, customerIds) => table.getMany(tenantId, customerIds),
    put: async (assignment) => table.put(journal, assignment),
    customersOf: async (tenantId, policyId) => table.rows(tenantId, { name: 'policy', value: policyId }).map((a) => a.customerId).sort(compareText),
  };
}

/** The memory store's automation runs, indexed by automation and by customer. */
export function memoryAutomationRuns(state: MemoryState, journal: Journal): AutomationRunRepository {
  const table = state.automationRuns;
  return {
    // A taken id is how a repeatable trigger (a schedule occurrence) runs only once.
    ...table.basics(journal),
    list: async (tenantId, filter) =>
      table.list(tenantId, {
        index: filter.customerId !== undefined ? { name: 'customer', value: filter.customerId } : filter.automationId !== undefined ? { name: 'automation', value: filter.automationId } : undefined,
        rules: AUTOMATION_RUN_LIST_FILTER,
        filter,
        order: AUTOMATION_RUN_LIST_ORDER,
        limit: filter.limit,
      }),
  };
}

/** The memory store's last activity per customer and kind. */
export function memoryActivities(state: MemoryState, journal: Journal): ActivityRepository {
  const table = state.activities;
  return {
    async record(activity) {
      const previous = table.get(activity.tenantId, `${activity.customerId}\u0000${activity.kind}`);
      // Activities can arrive out of order; the stored time only ever moves forward.
      if (previous !== null && previous.at.getTime() >= activity.at.getTime()) return previous.at;
      table.put(journal, activity);
      return new Date(activity.at.getTime());
    },
    async last(tenantId, customerId, kind) {
      let latest: Date | null = null;
      for (const a of table.rows(tenantId, { name: 'customer', value: customerId })) {
        if ((kind === null || a.kind === kind) && (latest === null || a.at.getTime() > latest.getTime())) latest = a.at;
      }
      return latest === null ? null : new Date(latest.getTime());
    },
  };
}
