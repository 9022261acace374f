import type { AutomationRun, AutomationRunStatus } from '../model/automation';
import type { FilterRules } from '../storage/kit/list-filter';
import type { ListOrder } from '../storage/kit/list-order';

/** The filters a store applies to a run list. */
export interface AutomationRunListFilter {
  /** Only this automation's runs. */
  automationId?: string | undefined;
  /** Only this customer's runs. */
  customerId?: string | undefined;
  /** Only runs in this status. */
  status?: AutomationRunStatus | undefined;
  /** At most this many rows. */
  limit: number;
}

/** Runs of automations: each triggering, waiting or finished. */
export interface AutomationRunRepository {
  /** One run, or null. */
  get(tenantId: string, id: string): Promise<AutomationRun | null>;
  /** Adds a run; false (and nothing written) when the id is taken in the tenant. Its customer, when it has one, MUST exist. */
  insert(run: AutomationRun): Promise<boolean>;
  /** Replaces a run only if its stored `version` is `expectedVersion`; false otherwise. */
  update(run: AutomationRun, expectedVersion: number): Promise<boolean>;
  /** Runs matching the filter, newest first (`createdAt` descending, then id descending). */
  list(tenantId: string, filter: AutomationRunListFilter): Promise<AutomationRun[]>;
}

/** The order of {@link AutomationRunRepository.list}: newest first, ties by id descending. */
export const AUTOMATION_RUN_LIST_ORDER: ListOrder<AutomationRun> = [
  { field: 'createdAt', type: 'time', desc: true },
  { field: 'id', type: 'text', desc: true },
];

/** How the fields of {@link AutomationRunListFilter} select runs, in every store. */
export const AUTOMATION_RUN_LIST_FILTER: FilterRules<AutomationRun, AutomationRunListFilter> = {
  automationId: { column: 'automation_id', of: (r) => r.automationId },
  customerId: { column: 'customer_id', of: (r) => r.customerId },
  status: { column: 'status', of: (r) => r.status },
};
