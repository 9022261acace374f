import type { Actor } from '../access/actor';
import { tenantSettingsInputSchema, type TenantSettings, type TenantSettingsInput } from '../model/tenant';
import { runCommand, runRead } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { forgetTenantSettings, loadTenantSettings } from './tenant-settings';

/** The actor's tenant's settings. */
export interface TenantApi {
  /** The settings in force (the engine's defaults until configured). */
  get(): Promise<TenantSettings>;
  /** Changes some settings; fields left out keep their values. Needs `tenant.configure`. */
  configure(input: TenantSettingsInput): Promise<TenantSettings>;
}

/** The tenant settings API of one actor. */
export function createTenantApi(engine: Engine, actor: Actor): TenantApi {
  return {
    get: async () =>
      runRead(engine, actor, async (ctx) => {
        await ctx.authorize('tenant.read', { type: 'tenant' });
        return loadTenantSettings(ctx.tx, actor.tenantId, engine.defaults);
      }),
    configure: async (input) => {
      const patch = parseInput(tenantSettingsInputSchema, input);
      return runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('tenant.configure', { type: 'tenant' });
        const before = await loadTenantSettings(ctx.tx, actor.tenantId, engine.defaults);
        const after: TenantSettings = {
          tenantId: actor.tenantId,
          timezone: patch.timezone ?? before.timezone,
          locale: patch.locale ?? before.locale,
          defaultCountry: patch.defaultCountry === undefined ? before.defaultCountry : patch.defaultCountry,
          sendWindow: patch.sendWindow === undefined ? before.sendWindow : patch.sendWindow,
          defaultDunningPolicyId: before.defaultDunningPolicyId,
        };
        await ctx.tx.tenants.put(after);
        forgetTenantSettings(ctx);
        await ctx.audit({ action: 'tenant.configured', entityType: 'tenant', entityId: actor.tenantId, before, after });
        return after;
      });
    },
  };
}
