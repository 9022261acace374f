import type { DunningPolicy } from './policy/dunning-policy';

/** Dunning policies of each tenant. */
export interface DunningPolicyRepository {
  /** One policy, or null. */
  get(tenantId: string, id: string): Promise<DunningPolicy | null>;
  /** Every policy of the tenant, by id. */
  list(tenantId: string): Promise<DunningPolicy[]>;
  /** Creates or replaces a policy. */
  put(policy: DunningPolicy): Promise<void>;
}
