import { sql } from 'kysely';
import type { Automation, AutomationRun } from 'tickler';
import type { AutomationRunListFilter, AutomationRunRepository, AutomationRepository } from 'tickler/adapter';

import { automationRunToRow, automationToRow, rowToAutomation, rowToAutomationRun } from './postgres-automation-rows';
import type { PgContext } from './postgres-session';

/** Automations in PostgreSQL. */
export class PostgresAutomations implements AutomationRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<Automation | null> {
    const row = await this.ctx.db.selectFrom('automations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToAutomation(row);
  }

  async list(tenantId: string): Promise<Automation[]> {
    // By code unit, as the memory store sorts, whatever the database's collation.
    const rows = await this.ctx.db.selectFrom('automations').selectAll().where('tenant_id', '=', tenantId).orderBy(sql`id collate "C"`).execute();
    return rows.map(rowToAutomation);
  }

  async insert(automation: Automation): Promise<boolean> {
    const result = await this.ctx.db.insertInto('automations').values(automationToRow(automation)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(automation: Automation, expectedVersion: number): Promise<boolean> {
    const { tenant_id, id, ...rest } = automationToRow(automation);
    const result = await this.ctx.db.updateTable('automations').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('automations').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}

/** Automation runs in PostgreSQL. The primary key is what lets a repeatable trigger run once, across processes. */
export class PostgresAutomationRuns implements AutomationRunRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<AutomationRun | null> {
    const row = await this.ctx.db.selectFrom('automation_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToAutomationRun(row);
  }

  async insert(run: AutomationRun): Promise<boolean> {
    // A concurrent insert of the same id waits for the other transaction, then does nothing.
    const result = await this.ctx.db.insertInto('automation_runs').values(automationRunToRow(run)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(run: AutomationRun, expectedVersion: number): Promise<boolean> {
    // The automation and the customer are fixed at insert, as in the memory store.
    const { tenant_id, id, automation_id: _automation, customer_id: _customer, ...rest } = automationRunToRow(run);
    const result = await this.ctx.db.updateTable('automation_runs').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(tenantId: string, filter: AutomationRunListFilter): Promise<AutomationRun[]> {
    let q = this.ctx.db.selectFrom('automation_runs').selectAll().where('tenant_id', '=', tenantId);
    if (filter.automationId !== undefined) q = q.where('automation_id', '=', filter.automationId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    // `collate "C"` matches the indexes and the memory store's code-unit order.
    const rows = await q.orderBy('created_at', 'desc').orderBy(sql`id collate "C"`, 'desc').limit(filter.limit).execute();
    return rows.map(rowToAutomationRun);
  }
}
