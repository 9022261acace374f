import { sql } from 'kysely';
import type { Invoice } from 'tickler';
import type { InvoiceListFilter, InvoiceRepository, InvoiceUpdate } from 'tickler/adapter';
import { invoiceToRow, rowToInvoice } from './postgres-invoice-rows';
import type { PgContext } from './postgres-session';

/** Invoices in PostgreSQL. */
export class PostgresInvoices implements InvoiceRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<Invoice | null> {
    const row = await this.ctx.db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToInvoice(row);
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<Invoice[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(rowToInvoice);
  }

  async insert(invoice: Invoice): Promise<boolean> {
    const result = await this.ctx.db.insertInto('invoices').values(invoiceToRow(invoice)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(invoice: Invoice, expectedVersion: number): Promise<boolean> {
    const { tenant_id, id, customer_id: _customer, ...rest } = invoiceToRow(invoice);
    const result = await this.ctx.db.updateTable('invoices').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async updateMany(updates: readonly InvoiceUpdate[]): Promise<boolean[]> {
    if (updates.length === 0) return [];
    if (updates.length === 1) return [await this.update((updates[0] as InvoiceUpdate).invoice, (updates[0] as InvoiceUpdate).expectedVersion)];
    const input = updates.map((u, i) => {
      const r = invoiceToRow(u.invoice);
      return { i, tenant_id: r.tenant_id, id: r.id, expected: u.expectedVersion, amount_minor: r.amount_minor, paid_minor: r.paid_minor, number: r.number, currency: r.currency, issue_date: r.issue_date, due_date: r.due_date, status: r.status, payments: u.invoice.payments, charges: u.invoice.charges, policy_override: r.policy_override, dunning: u.invoice.dunning, dunning_policy: r.dunning_policy, dunning_phase: r.dunning_phase, dunning_level: r.dunning_level, updated_at: u.invoice.updatedAt.toISOString(), version: r.version };
    });
    // One statement for a batch of dunning steps, each row only at its expected version.
    const result = await sql<{ i: number }>`
      update ${sql.id(this.ctx.schema, 'invoices')} v set
        number = u.number, currency = u.currency, amount_minor = u.amount_minor, paid_minor = u.paid_minor, issue_date = u.issue_date, due_date = u.due_date,
        status = u.status, payments = u.payments, charges = u.charges, policy_override = u.policy_override, dunning = u.dunning,
        dunning_policy = u.dunning_policy, dunning_phase = u.dunning_phase, dunning_level = u.dunning_level, updated_at = u.updated_at, version = u.version
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as u(i int, tenant_id text, id text, expected int, amount_minor bigint, paid_minor bigint, number text, currency text,
        issue_date text, due_date text, status text, payments jsonb, charges jsonb, policy_override text, dunning jsonb, dunning_policy text, dunning_phase text,
        dunning_level int, updated_at timestamptz, version int)
      where v.tenant_id = u.tenant_id and v.id = u.id and v.version = u.expected
      returning u.i`.execute(this.ctx.db);
    const done = new Set(result.rows.map((r) => r.i));
    return updates.map((_, i) => done.has(i));
  }

  async list(tenantId: string, filter: InvoiceListFilter): Promise<Invoice[]> {
    let q = this.ctx.db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.policyId !== undefined) q = q.where('dunning_policy', '=', filter.policyId);
    if (filter.minLevel !== undefined) q = q.where('dunning_level', '>=', filter.minLevel);
    if (filter.level !== undefined) q = q.where('dunning_level', '=', filter.level);
    if (filter.awaitingApproval !== undefined) q = q.where('dunning_phase', filter.awaitingApproval ? '=' : '<>', 'awaiting_approval');
    if (filter.currency !== undefined) q = q.where('currency', '=', filter.currency);
    if (filter.afterId !== undefined) q = q.where('id', '>', filter.afterId);
    const rows = await q.orderBy('id').limit(filter.limit).execute();
    return rows.map(rowToInvoice);
  }
}
