import { sql } from 'kysely';
import type { CustomerActivity } from 'tickler';
import type { ActivityRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';

/** Customers' last activity per kind in PostgreSQL: one row per customer and kind. */
export class PostgresActivities implements ActivityRepository {
  constructor(private readonly ctx: PgContext) {}

  async record(activity: CustomerActivity): Promise<Date> {
    // One statement, so concurrent records of one kind serialise on the row and the later time wins.
    const row = await this.ctx.db
      .insertInto('customer_activity')
      .values({ tenant_id: activity.tenantId, customer_id: activity.customerId, kind: activity.kind, at: activity.at })
      .onConflict((oc) => oc.columns(['tenant_id', 'customer_id', 'kind']).doUpdateSet({ at: sql<Date>`greatest(${sql.ref('customer_activity.at')}, excluded.at)` }))
      .returning('at')
      .executeTakeFirstOrThrow();
    return row.at;
  }

  async last(tenantId: string, customerId: string, kind: string | null): Promise<Date | null> {
    let q = this.ctx.db
      .selectFrom('customer_activity')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('tenant_id', '=', tenantId)
      .where('customer_id', '=', customerId);
    if (kind !== null) q = q.where('kind', '=', kind);
    const row = await q.executeTakeFirst();
    return row?.at ?? null;
  }
}
