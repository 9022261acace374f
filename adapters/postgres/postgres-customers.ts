import { sql } from 'kysely';
import type { Customer } from 'tickler';
import type { CustomerListFilter, CustomerRepository, RemovedCustomer } from 'tickler/adapter';
import { customerToRow, rowToCustomer } from './postgres-rows';
import type { PgContext } from './postgres-session';

/** Customers in PostgreSQL. */
export class PostgresCustomers implements CustomerRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<Customer | null> {
    const row = await this.ctx.db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToCustomer(row);
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(rowToCustomer);
  }

  async insert(customer: Customer): Promise<boolean> {
    const result = await this.ctx.db.insertInto('customers').values(customerToRow(customer)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(customer: Customer, expectedVersion: number): Promise<boolean> {
    const { tenant_id, id, ...rest } = customerToRow(customer);
    const result = await this.ctx.db.updateTable('customers').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async remove(tenantId: string, id: string): Promise<RemovedCustomer | null> {
    // One statement: the CTE's snapshot still sees the reminders the cascade deletes.
    const result = await sql<{ found: number; reminders: number }>`
      with gone as (
        delete from ${sql.id(this.ctx.schema, 'customers')} where tenant_id = ${tenantId} and id = ${id} returning id
      )
      select (select count(*) from gone)::int as found,
             (select count(*) from ${sql.id(this.ctx.schema, 'reminders')} where tenant_id = ${tenantId} and customer_id = ${id})::int as reminders`.execute(this.ctx.db);
    const row = result.rows[0];
    return row === undefined || row.found === 0 ? null : { reminders: row.reminders };
  }

  async list(tenantId: string, filter: CustomerListFilter): Promise<Customer[]> {
    let q = this.ctx.db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
    if (filter.folder !== undefined) q = q.where('folder', '=', filter.folder);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.tag !== undefined) q = q.where(sql<boolean>`tags @> jsonb_build_array(${filter.tag}::text)`);
    if (filter.assignee !== undefined) q = q.where(sql<boolean>`assignees @> jsonb_build_array(${filter.assignee}::text)`);
    if (filter.search !== undefined && filter.search !== '') {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('sort_key', 'like', pattern), eb(sql`lower(email)`, 'like', pattern)]));
    }
    if (filter.after !== undefined) {
      const { sortKey, id } = filter.after;
      q = q.where(sql<boolean>`(sort_key collate "C", id collate "C") > (${sortKey} collate "C", ${id} collate "C")`);
    }
    const rows = await q.orderBy(sql`sort_key collate "C"`).orderBy(sql`id collate "C"`).limit(filter.limit).execute();
    return rows.map(rowToCustomer);
  }

  async findByAddress(tenantId: string, address: { phone?: string | undefined; email?: string | undefined }, limit: number): Promise<Customer[]> {
    const { phone } = address;
    const email = address.email?.toLowerCase();
    if (phone === undefined && email === undefined) return [];
    // Each branch is served by its own index: phone, whatsapp, lower(email), and the GIN index on contacts.
    const own = sql<boolean>`(${phone ?? null}::text is not null and (phone = ${phone ?? null} or whatsapp = ${phone ?? null}))
      or (${email ?? null}::text is not null and lower(email) = ${email ?? null})`;
    const contact = (field: string, value: string | undefined) =>
      value === undefined ? sql<boolean>`false` : sql<boolean>`contacts @> ${JSON.stringify([{ [field]: value }])}::jsonb`;
    const rows = await this.ctx.db
      .selectFrom('customers')
      .selectAll()
      .select(sql<boolean>`coalesce(${own}, false)`.as('own_match'))
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([own, contact('phone', phone), contact('whatsapp', phone), contact('email', email)].map((c) => eb(c, '=', true))))
      .orderBy('own_match', 'desc')
      .orderBy('updated_at', 'desc')
      .orderBy(sql`id collate "C"`)
      .limit(limit)
      .execute();
    return rows.map(rowToCustomer);
  }
}
