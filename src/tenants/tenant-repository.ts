import type { TenantSettings } from '../model/tenant';

/** Per-tenant settings. */
export interface TenantRepository {
  /** The tenant's settings, or null when it never configured any. */
  get(tenantId: string): Promise<TenantSettings | null>;
  /** Creates or replaces the tenant's settings. */
  put(settings: TenantSettings): Promise<void>;
}
