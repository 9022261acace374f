import type { Insertable, Selectable } from 'kysely';
import type { Automation, AutomationRun, AutomationRunStatus } from 'tickler';
import type { AutomationRunsTable, AutomationsTable } from './postgres-schema';

// JSON columns go in as text and come out parsed. `facts` and `result` may be JSON null,
// which is stored as the jsonb value `null` (not SQL NULL) so every value reads back as written.

const nullableJson = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

/** The row of an automation: `if`, `wait` and `unless` as SQL NULL when absent, so they read as absent in SQL too. */
export function automationToRow(a: Automation): Insertable<AutomationsTable> {
  return {
    tenant_id: a.tenantId,
    id: a.id,
    name: a.name,
    enabled: a.enabled,
    trigger: JSON.stringify(a.trigger),
    if_condition: nullableJson(a.if),
    wait: nullableJson(a.wait),
    unless_condition: nullableJson(a.unless),
    then_actions: JSON.stringify(a.then),
    rotation: JSON.stringify(a.rotation),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    version: a.version,
  };
}

/** The automation a row holds. */
export function rowToAutomation(r: Selectable<AutomationsTable>): Automation {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger,
    if: r.if_condition,
    wait: r.wait,
    unless: r.unless_condition,
    then: r.then_actions,
    rotation: r.rotation,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** The row of a run. */
export function automationRunToRow(r: AutomationRun): Insertable<AutomationRunsTable> {
  return {
    tenant_id: r.tenantId,
    id: r.id,
    automation_id: r.automationId,
    customer_id: r.customerId,
    trigger: r.trigger,
    facts: JSON.stringify(r.facts),
    depth: r.depth,
    status: r.status,
    run_at: r.runAt,
    result: JSON.stringify(r.result),
    reason: r.reason,
    started_by: r.startedBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    version: r.version,
  };
}

/** The run a row holds. */
export function rowToAutomationRun(r: Selectable<AutomationRunsTable>): AutomationRun {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    automationId: r.automation_id,
    customerId: r.customer_id,
    trigger: r.trigger,
    facts: r.facts,
    depth: r.depth,
    status: r.status as AutomationRunStatus,
    runAt: r.run_at,
    result: r.result,
    reason: r.reason,
    startedBy: r.started_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}
