import { sql } from 'kysely';
import type { Reminder, ReminderIndicator } from 'tickler';
import type { ReminderListFilter, ReminderRepository, ReminderUpdate } from 'tickler/adapter';
import { reminderToRow, rowToReminder } from './postgres-rows';
import type { PgContext } from './postgres-session';

/** Reminders in PostgreSQL. */
export class PostgresReminders implements ReminderRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<Reminder | null> {
    const row = await this.ctx.db.selectFrom('reminders').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToReminder(row);
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<Reminder[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('reminders')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', sql<string>`any(${sql.val([...new Set(ids)])}::text[])`)
      .execute();
    return rows.map(rowToReminder);
  }

  async insert(reminder: Reminder): Promise<void> {
    await this.ctx.db.insertInto('reminders').values(reminderToRow(reminder)).execute();
  }

  async update(reminder: Reminder, expectedVersion: number): Promise<boolean> {
    const { tenant_id, id, customer_id, ...rest } = reminderToRow(reminder);
    const result = await this.ctx.db
      .updateTable('reminders')
      .set(rest)
      .where('tenant_id', '=', tenant_id)
      .where('id', '=', id)
      .where('customer_id', '=', customer_id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async updateMany(updates: readonly ReminderUpdate[]): Promise<boolean[]> {
    if (updates.length === 0) return [];
    if (updates.length === 1) return [await this.update((updates[0] as ReminderUpdate).reminder, (updates[0] as ReminderUpdate).expectedVersion)];
    const input = updates.map((u, i) => ({ i, expected: u.expectedVersion, ...reminderToRow(u.reminder) }));
    // One statement for all: each row replaced only at its expected version.
    const result = await sql<{ i: number }>`
      update ${sql.id(this.ctx.schema, 'reminders')} r set
        due_at = v.due_at, zone = v.zone, note = v.note, assignee = v.assignee, created_by = v.created_by, source = v.source,
        status = v.status, recurrence = v.recurrence, series_start = v.series_start, created_at = v.created_at,
        updated_at = v.updated_at, closed_at = v.closed_at, closed_by = v.closed_by, last_fired_at = v.last_fired_at,
        fire_count = v.fire_count, version = v.version
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as v(
        i int, expected int, tenant_id text, id text, customer_id text, due_at timestamptz, zone text, note text, assignee text,
        created_by text, source text, status text, recurrence text, series_start text, created_at timestamptz, updated_at timestamptz,
        closed_at timestamptz, closed_by text, last_fired_at timestamptz, fire_count int, version int)
      where r.tenant_id = v.tenant_id and r.id = v.id and r.customer_id = v.customer_id and r.version = v.expected
      returning v.i`.execute(this.ctx.db);
    const done = new Set(result.rows.map((r) => r.i));
    return updates.map((_, i) => done.has(i));
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('reminders').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async idsOfCustomer(tenantId: string, customerId: string): Promise<string[]> {
    const rows = await this.ctx.db.selectFrom('reminders').select('id').where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).execute();
    return rows.map((r) => r.id);
  }

  async list(tenantId: string, filter: ReminderListFilter): Promise<Reminder[]> {
    let q = this.ctx.db.selectFrom('reminders').selectAll().where('tenant_id', '=', tenantId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee);
    if (filter.when === 'upcoming') q = q.where('status', '=', 'scheduled').where('due_at', '>', filter.now);
    if (filter.when === 'past') q = q.where((eb) => eb.or([eb('status', '<>', 'scheduled'), eb('due_at', '<=', filter.now)]));
    const rows = await q.orderBy('due_at').orderBy(sql`id collate "C"`).limit(filter.limit).execute();
    return rows.map(rowToReminder);
  }

  async indicators(tenantId: string, customerIds: readonly string[], now: Date): Promise<Map<string, ReminderIndicator>> {
    const result = new Map<string, ReminderIndicator>();
    if (customerIds.length === 0) return result;
    // Served by the partial index reminders_upcoming (status = 'scheduled').
    const rows = await this.ctx.db
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
  }
}
