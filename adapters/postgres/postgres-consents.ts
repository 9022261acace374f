import type { ChannelKind, ConsentRecord, ConsentStatus } from 'tickler';
import type { ConsentRepository } from 'tickler/adapter';

import type { PgContext } from './postgres-session';

/** Consent records in PostgreSQL, one row per customer and channel kind. */
export class PostgresConsents implements ConsentRepository {
  constructor(private readonly ctx: PgContext) {}

  async list(tenantId: string, customerId: string): Promise<ConsentRecord[]> {
    const rows = await this.ctx.db.selectFrom('consents').selectAll().where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).orderBy('channel').execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      customerId: r.customer_id,
      channel: r.channel as ChannelKind,
      status: r.status as ConsentStatus,
      at: r.at,
      source: r.source,
      detail: r.detail,
    }));
  }

  async put(record: ConsentRecord): Promise<void> {
    const values = { status: record.status, at: record.at, source: record.source, detail: record.detail };
    await this.ctx.db
      .insertInto('consents')
      .values({ tenant_id: record.tenantId, customer_id: record.customerId, channel: record.channel, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'customer_id', 'channel']).doUpdateSet(values))
      .execute();
  }
}
