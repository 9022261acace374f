import { expect } from 'vitest';
import type { ContractCase } from '../../storage/contract/contract-case';
import { uniqueId } from '../../storage/contract/fixtures';

/** Contract cases for tenant settings. */
export const tenantCases: ContractCase[] = [
  {
    name: 'tenants: settings are absent until put, then replaced',
    async run(store) {
      const t = uniqueId('t');
      expect(await store.tenants.get(t)).toBeNull();
      await store.tenants.put({ tenantId: t, timezone: 'Europe/Paris', locale: 'fr-FR', defaultCountry: 'FR', sendWindow: null, defaultDunningPolicyId: null });
      expect(await store.tenants.get(t)).toEqual({ tenantId: t, timezone: 'Europe/Paris', locale: 'fr-FR', defaultCountry: 'FR', sendWindow: null, defaultDunningPolicyId: null });
      await store.tenants.put({ tenantId: t, timezone: 'America/New_York', locale: 'en-US', defaultCountry: null, sendWindow: { days: ['mon', 'fri'], from: '09:00', to: '17:30', zone: null }, defaultDunningPolicyId: 'standard' });
      expect(await store.tenants.get(t)).toEqual({ tenantId: t, timezone: 'America/New_York', locale: 'en-US', defaultCountry: null, sendWindow: { days: ['mon', 'fri'], from: '09:00', to: '17:30', zone: null }, defaultDunningPolicyId: 'standard' });
      expect(await store.tenants.get(uniqueId('t'))).toBeNull();
    },
  },
];
