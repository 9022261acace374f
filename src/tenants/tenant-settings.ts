import type { TenantSettings } from '../model/tenant';
import type { TenantDefaults } from '../runtime/engine';
import type { CommandContext } from '../runtime/command';
import type { StoreSession } from '../storage/store';

/** The tenant's stored settings, or the configured defaults when it has none. */
export async function loadTenantSettings(session: StoreSession, tenantId: string, defaults: TenantDefaults): Promise<TenantSettings> {
  return (await session.tenants.get(tenantId)) ?? { tenantId, ...defaults, defaultDunningPolicyId: null };
}

/** The command's tenant's settings, read once per transaction (see `CommandContext.memo`). */
export function tenantSettings(ctx: CommandContext): Promise<TenantSettings> {
  return ctx.memo(`tenant-settings\u0000${ctx.tenantId}`, () => loadTenantSettings(ctx.tx, ctx.tenantId, ctx.engine.defaults));
}

/** Forgets the memoised settings after the transaction changed them. */
export function forgetTenantSettings(ctx: CommandContext): void {
  ctx.forget(`tenant-settings\u0000${ctx.tenantId}`);
}
