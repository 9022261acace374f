import { sql } from 'kysely';
import { CUSTOMER_LIST_FILTER, CUSTOMER_LIST_ORDER, type CustomerRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

const customers = TABLES.customers;

/** Customers in PostgreSQL. */
export function postgresCustomers(ctx: PgContext): CustomerRepository {
  return {
    ...customers.basics(ctx),

    async remove(tenantId, id) {
      // One statement: the CTE's snapshot still sees the reminders the cascade deletes.
      const result = await sql<{ found: number; reminders: number }>`
        with gone as (
          delete from ${sql.id(ctx.schema, 'customers')} where tenant_id = ${tenantId} and id = ${id} returning id
        )
        select (select count(*) from gone)::int as found,
               (select count(*) from ${sql.id(ctx.schema, 'reminders')} where tenant_id = ${tenantId} and customer_id = ${id})::int as reminders`.execute(ctx.db);
      const row = result.rows[0];
      return row === undefined || row.found === 0 ? null : { reminders: row.reminders };
    },

    list(tenantId, filter) {
      let q = customers.filtered(customers.select(ctx, tenantId), CUSTOMER_LIST_FILTER, filter);
      if (filter.search !== undefined && filter.search !== '') {
        const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q = q.where((eb) => eb.or([eb('sort_key', 'like', pattern), eb(sql`lower(email)`, 'like', pattern)]));
      }
      if (filter.after !== undefined) q = customers.after(q, CUSTOMER_LIST_ORDER, [filter.after.sortKey, filter.after.id]);
      return customers.all(customers.ordered(q, CUSTOMER_LIST_ORDER).limit(filter.limit));
    },

    async findByLink(tenantId, system, key, value, limit) {
      // Served by the GIN index on links (migration 0011).
      const q = customers
        .select(ctx, tenantId)
        .where(sql<boolean>`links @> ${JSON.stringify({ [system]: { [key]: value } })}::jsonb`)
        .orderBy(sql`id collate "C"`)
        .limit(limit);
      return customers.all(q);
    },
    async findByAddress(tenantId, address, limit) {
      const { phone } = address;
      const email = address.email?.toLowerCase();
      if (phone === undefined && email === undefined) return [];
      // Each branch is served by its own index: phone, whatsapp, lower(email), and the GIN index on contacts.
      const own = sql<boolean>`(${phone ?? null}::text is not null and (phone = ${phone ?? null} or whatsapp = ${phone ?? null}))
        or (${email ?? null}::text is not null and lower(email) = ${email ?? null})`;
      const contact = (field: string, value: string | undefined) =>
        value === undefined ? sql<boolean>`false` : sql<boolean>`contacts @> ${JSON.stringify([{ [field]: value }])}::jsonb`;
      const q = customers
        .select(ctx, tenantId)
        .where((eb) => eb.or([own, contact('phone', phone), contact('whatsapp', phone), contact('email', email)].map((c) => eb(c, '=', true))))
        .orderBy(sql`coalesce(${own}, false)`, 'desc')
        .orderBy('updated_at', 'desc')
        .orderBy(sql`id collate "C"`)
        .limit(limit);
      return customers.all(q);
    },
  };
}
