import { sql } from 'kysely';
import type { ReminderIndicator } from 'tickler';
import { REMINDER_LIST_FILTER, REMINDER_LIST_ORDER, type ReminderRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

const reminders = TABLES.reminders;

/** Reminders in PostgreSQL. */
export function postgresReminders(ctx: PgContext): ReminderRepository {
  return {
    ...reminders.basics(ctx),
    // A reminder's id is the caller's to choose once: a taken one is an error, not a no-op.
    insert: (reminder) => reminders.add(ctx, reminder),
    updateMany: (updates) => reminders.updateMany(ctx, updates.map((u) => ({ entity: u.reminder, expectedVersion: u.expectedVersion }))),

    async recordFirings(firings) {
      if (firings.length === 0) return [];
      const iso = (pick: (f: (typeof firings)[number]) => Date) => firings.map((f) => pick(f).toISOString());
      const result = await sql<{ i: string }>`
        update ${sql.id(ctx.schema, 'reminders')} t
        set fire_count = t.fire_count + 1, last_fired_at = v.fired_at, updated_at = v.updated_at, due_at = v.due_at, version = t.version + 1
        from unnest(${firings.map((f) => f.tenantId)}::text[], ${firings.map((f) => f.id)}::text[], ${firings.map((f) => f.expectedVersion)}::int[],
          ${iso((f) => f.firedAt)}::timestamptz[], ${iso((f) => f.updatedAt)}::timestamptz[], ${iso((f) => f.dueAt)}::timestamptz[]) with ordinality
          as v(tenant_id, id, expected, fired_at, updated_at, due_at, i)
        where t.tenant_id = v.tenant_id and t.id = v.id and t.version = v.expected
        returning v.i`.execute(ctx.db);
      const done = new Set(result.rows.map((r) => Number(r.i) - 1));
      return firings.map((_, i) => done.has(i));
    },
    remove: (tenantId, id) => reminders.remove(ctx, tenantId, id),

    async idsOfCustomer(tenantId, customerId) {
      const rows = await ctx.db.selectFrom('reminders').select('id').where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).execute();
      return rows.map((r) => r.id);
    },

    list(tenantId, filter) {
      let q = reminders.filtered(reminders.select(ctx, tenantId), REMINDER_LIST_FILTER, filter);
      if (filter.when === 'upcoming') q = q.where('status', '=', 'scheduled').where('due_at', '>', filter.now);
      if (filter.when === 'past') q = q.where((eb) => eb.or([eb('status', '<>', 'scheduled'), eb('due_at', '<=', filter.now)]));
      return reminders.all(reminders.ordered(q, REMINDER_LIST_ORDER).limit(filter.limit));
    },

    async indicators(tenantId, customerIds, now) {
      const result = new Map<string, ReminderIndicator>();
      if (customerIds.length === 0) return result;
      // Served by the partial index reminders_upcoming (status = 'scheduled').
      const rows = await ctx.db
        .selectFrom('reminders')
        .select(['customer_id', (eb) => eb.fn.min('due_at').as('next_due_at')])
        .where('tenant_id', '=', tenantId)
        .where('customer_id', '=', sql<string>`any(${sql.val([...customerIds])}::text[])`)
        .where('status', '=', 'scheduled')
        .where('due_at', '>', now)
        .groupBy('customer_id')
        .execute();
      for (const row of rows) result.set(row.customer_id, { upcoming: true, nextDueAt: new Date(row.next_due_at) });
      for (const id of customerIds) if (!result.has(id)) result.set(id, { upcoming: false, nextDueAt: null });
      return result;
    },
  };
}
