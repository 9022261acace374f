import type { SourceStateRepository } from '../../sources/source-state-repository';
import type { AutomationRepository } from '../../automations/automation-repository';
import type { DunningPolicyRepository } from '../../dunning/dunning-policy-repository';
import type { TemplateRepository } from '../../messaging/template-repository';
import type { TenantRepository } from '../../tenants/tenant-repository';
import type { Journal } from '../kit/journal';
import { byId, page } from '../kit/list-order';
import type { MemoryState } from './memory-state';

// What tenants define (settings, templates, policies, automations): keyed rows, listed by id.

/** The memory store's tenant settings. */
export function memoryTenants(state: MemoryState, journal: Journal): TenantRepository {
  return {
    get: async (tenantId) => state.tenants.get(tenantId, ''),
    put: async (settings) => state.tenants.put(journal, settings),
  };
}

/** The memory store's tenant templates. */
export function memoryTemplates(state: MemoryState, journal: Journal): TemplateRepository {
  const table = state.templates;
  return {
    get: async (tenantId, id) => table.get(tenantId, id),
    list: async (tenantId) => page(byId(), table.rows(tenantId), Infinity).map((t) => table.out(t)),
    put: async (template) => table.put(journal, { ...template, tenantId: template.tenantId as string }),
    remove: async (tenantId, id) => table.remove(journal, tenantId, id) !== null,
  };
}

/** The memory store's dunning policies. */
export function memoryDunningPolicies(state: MemoryState, journal: Journal): DunningPolicyRepository {
  const table = state.dunningPolicies;
  return {
    get: async (tenantId, id) => table.get(tenantId, id),
    list: async (tenantId) => page(byId(), table.rows(tenantId), Infinity).map((p) => table.out(p)),
    put: async (policy) => table.put(journal, policy),
  };
}

/** The memory store's source states. */
export function memorySourceStates(state: MemoryState, journal: Journal): SourceStateRepository {
  const table = state.sourceStates;
  return {
    ...table.basics(journal),
    list: async (tenantId) => page(byId(), table.rows(tenantId), Infinity).map((s) => table.out(s)),
  };
}

/** The memory store's automations. Removing one keeps its runs: they are the history of what it did. */
export function memoryAutomations(state: MemoryState, journal: Journal): AutomationRepository {
  const table = state.automations;
  return {
    ...table.basics(journal),
    list: async (tenantId) => page(byId(), table.rows(tenantId), Infinity).map((a) => table.out(a)),
    remove: async (tenantId, id) => table.remove(journal, tenantId, id) !== null,
  };
}
