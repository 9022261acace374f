import type { TenantSettings } from '../../model/tenant';
import type { TenantRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's tenant settings. */
export class MemoryTenants implements TenantRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string): Promise<TenantSettings | null> {
    this.journal.assertOpen();
    const s = this.state.tenants.get(tenantId);
    return Promise.resolve(s === undefined ? null : structuredClone(s));
  }

  put(settings: TenantSettings): Promise<void> {
    this.journal.assertOpen();
    const previous = this.state.tenants.get(settings.tenantId);
    this.state.tenants.set(settings.tenantId, structuredClone(settings));
    this.journal.record(() => {
      if (previous === undefined) this.state.tenants.delete(settings.tenantId);
      else this.state.tenants.set(settings.tenantId, previous);
    });
    return Promise.resolve();
  }
}
