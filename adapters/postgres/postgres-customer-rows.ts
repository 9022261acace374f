import { sql } from 'kysely';
import { AUTOMATION_RUN_LIST_FILTER, AUTOMATION_RUN_LIST_ORDER, type ActivityRepository, type AutomationRunRepository, type ConsentRepository, type DunningAssignmentRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

// Rows that belong to one customer and go with it (the foreign keys cascade).

const { consents, dunningAssignments, automationRuns } = TABLES;

/** Consent records in PostgreSQL, one row per customer and channel kind. */
export function postgresConsents(ctx: PgContext): ConsentRepository {
  return {
    list: (tenantId, customerId) => consents.all(consents.select(ctx, tenantId).where('customer_id', '=', customerId).orderBy(sql`channel collate "C"`)),
    put: (record) => consents.put(ctx, record),
  };
}

/** Dunning assignments in PostgreSQL, one row per customer. */
export function postgresDunningAssignments(ctx: PgContext): DunningAssignmentRepository {
  return {
    get: (tenantId, customerId) => dunningAssignments.get(ctx, tenantId, customerId),
    getMany: (tenantId, customerIds) => dunningAssignments.getMany(ctx, tenantId, customerIds, 'customer_id'),
    put: (assignment) => dunningAssignments.put(ctx, assignment),
    async customersOf(tenantId, policyId) {
      const rows = await ctx.db.selectFrom('dunning_assignments').select('customer_id').where('tenant_id', '=', tenantId).where('policy_id', '=', policyId).orderBy(sql`customer_id collate "C"`).execute();
      return rows.map((r) => r.customer_id);
    },
  };
}

/** Automation runs in PostgreSQL. The primary key is what lets a repeatable trigger run once, across processes. */
export function postgresAutomationRuns(ctx: PgContext): AutomationRunRepository {
  return {
    ...automationRuns.basics(ctx),
    list(tenantId, filter) {
      const q = automationRuns.filtered(automationRuns.select(ctx, tenantId), AUTOMATION_RUN_LIST_FILTER, filter);
      return automationRuns.all(automationRuns.ordered(q, AUTOMATION_RUN_LIST_ORDER).limit(filter.limit));
    },
  };
}

/** Customers' last activity per kind in PostgreSQL: one row per customer and kind. */
export function postgresActivities(ctx: PgContext): ActivityRepository {
  return {
    async record(activity) {
      // One statement, so concurrent records of one kind serialise on the row and the later time wins.
      const row = await ctx.db
        .insertInto('customer_activity')
        .values({ tenant_id: activity.tenantId, customer_id: activity.customerId, kind: activity.kind, at: activity.at })
        .onConflict((oc) => oc.columns(['tenant_id', 'customer_id', 'kind']).doUpdateSet({ at: sql<Date>`greatest(${sql.ref('customer_activity.at')}, excluded.at)` }))
        .returning('at')
        .executeTakeFirstOrThrow();
      return row.at;
    },
    async last(tenantId, customerId, kind) {
      let q = ctx.db
        .selectFrom('customer_activity')
        .select((eb) => eb.fn.max('at').as('at'))
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', customerId);
      if (kind !== null) q = q.where('kind', '=', kind);
      const row = await q.executeTakeFirst();
      return row?.at ?? null;
    },
  };
}
