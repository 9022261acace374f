import { sql } from 'kysely';
import type { Reminder, ReminderIndicator } from '../../src/model/reminder';
import type { ReminderListFilter, ReminderRepository } from '../../src/storage/store';
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
