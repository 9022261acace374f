import type { TenantSettings } from '../model/tenant';
import type { TenantDefaults } from '../runtime/engine';
import type { StoreSession } from '../storage/store';

/** The tenant's stored settings, or the configured defaults when it has none. */
export async function loadTenantSettings(session: StoreSession, tenantId: string, defaults: TenantDefaults): Promise<TenantSettings> {
  return (await session.tenants.get(tenantId)) ?? { tenantId, ...defaults, defaultDunningPolicyId: null };
}
