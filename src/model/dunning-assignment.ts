/** Which dunning policy a customer follows, or that it is excluded from dunning. */
export interface DunningAssignment {
  /** The tenant. */
  tenantId: string;
  /** The customer. */
  customerId: string;
  /** The policy, or null for none. */
  policyId: string | null;
  /** True when the customer is excluded from dunning, whatever its policy. */
  excluded: boolean;
  /** `assigned` by `dunning.assign`, or `default` when the tenant default was given at creation. */
  source: 'assigned' | 'default';
  /** When it last changed. */
  updatedAt: Date;
}
