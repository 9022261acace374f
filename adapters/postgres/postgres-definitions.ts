import type { AutomationRepository, DunningPolicyRepository, SourceStateRepository, TemplateRepository, TenantRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

// Definitions: each is read whole, listed by id (code units) and replaced whole.

const { templates, dunningPolicies, automations, tenants, sourceStates } = TABLES;

/** Tenant templates in PostgreSQL: the definition is one JSON document. */
export function postgresTemplates(ctx: PgContext): TemplateRepository {
  return {
    get: (tenantId, id) => templates.get(ctx, tenantId, id),
    list: (tenantId) => templates.all(templates.ordered(templates.select(ctx, tenantId), templates.byId)),
    put: (template) => templates.put(ctx, { ...template, tenantId: template.tenantId as string }),
    remove: (tenantId, id) => templates.remove(ctx, tenantId, id),
  };
}

/** Dunning policies in PostgreSQL: each one JSON document. */
export function postgresDunningPolicies(ctx: PgContext): DunningPolicyRepository {
  return {
    get: (tenantId, id) => dunningPolicies.get(ctx, tenantId, id),
    list: (tenantId) => dunningPolicies.all(dunningPolicies.ordered(dunningPolicies.select(ctx, tenantId), dunningPolicies.byId)),
    put: (policy) => dunningPolicies.put(ctx, policy),
  };
}

/** Source states in PostgreSQL. */
export function postgresSourceStates(ctx: PgContext): SourceStateRepository {
  return {
    ...sourceStates.basics(ctx),
    list: (tenantId) => sourceStates.all(sourceStates.ordered(sourceStates.select(ctx, tenantId), sourceStates.byId)),
  };
}

/** Automations in PostgreSQL. */
export function postgresAutomations(ctx: PgContext): AutomationRepository {
  return {
    ...automations.basics(ctx),
    list: (tenantId) => automations.all(automations.ordered(automations.select(ctx, tenantId), automations.byId)),
    remove: (tenantId, id) => automations.remove(ctx, tenantId, id),
  };
}

/** Tenant settings in PostgreSQL. */
export function postgresTenants(ctx: PgContext): TenantRepository {
  return {
    get: (tenantId) => tenants.get(ctx, tenantId),
    put: (settings) => tenants.put(ctx, settings),
  };
}
