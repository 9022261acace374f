import type { DunningAssignment } from '../model/dunning-assignment';

/** Which policy each customer follows. */
export interface DunningAssignmentRepository {
  /** The customer's assignment, or null. */
  get(tenantId: string, customerId: string): Promise<DunningAssignment | null>;
  /** The assignments of these customers that exist, in any order. */
  getMany(tenantId: string, customerIds: readonly string[]): Promise<DunningAssignment[]>;
  /** Creates or replaces the customer's assignment. Its customer MUST exist. */
  put(assignment: DunningAssignment): Promise<void>;
  /** Ids of the customers following a policy. */
  customersOf(tenantId: string, policyId: string): Promise<string[]>;
}
