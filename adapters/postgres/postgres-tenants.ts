import type { TenantSettings } from 'tickler';
import type { TenantRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';

/** Tenant settings in PostgreSQL. */
export class PostgresTenants implements TenantRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string): Promise<TenantSettings | null> {
    const row = await this.ctx.db.selectFrom('tenants').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    return row === undefined ? null : { tenantId: row.tenant_id, timezone: row.timezone, locale: row.locale, defaultCountry: row.default_country, sendWindow: row.send_window, defaultDunningPolicyId: row.default_dunning_policy };
  }

  async put(s: TenantSettings): Promise<void> {
    const values = { timezone: s.timezone, locale: s.locale, default_country: s.defaultCountry, send_window: s.sendWindow === null ? null : JSON.stringify(s.sendWindow), default_dunning_policy: s.defaultDunningPolicyId };
    await this.ctx.db
      .insertInto('tenants')
      .values({ tenant_id: s.tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }
}
