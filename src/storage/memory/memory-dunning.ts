import type { DunningPolicy } from '../../dunning/policy/dunning-policy';
import type { DunningAssignment } from '../../model/dunning-assignment';
import type { DunningAssignmentRepository, DunningPolicyRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** Sets `key` in `table` inside the journal. */
function put<V>(journal: Journal, table: Map<string, V>, key: string, value: V): void {
  const previous = table.get(key);
  table.set(key, value);
  journal.record(() => {
    if (previous === undefined) table.delete(key);
    else table.set(key, previous);
  });
}

/** The memory store's dunning policies. */
export class MemoryDunningPolicies implements DunningPolicyRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<DunningPolicy | null> {
    this.journal.assertOpen();
    const p = this.state.dunningPolicies.get(tenantId)?.get(id);
    return Promise.resolve(p === undefined ? null : structuredClone(p));
  }

  list(tenantId: string): Promise<DunningPolicy[]> {
    this.journal.assertOpen();
    const all = [...(this.state.dunningPolicies.get(tenantId)?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(all.map((p) => structuredClone(p)));
  }

  put(policy: DunningPolicy): Promise<void> {
    this.journal.assertOpen();
    put(this.journal, this.state.tenantMap(this.state.dunningPolicies, policy.tenantId), policy.id, structuredClone(policy));
    return Promise.resolve();
  }
}

/** The memory store's dunning assignments. */
export class MemoryDunningAssignments implements DunningAssignmentRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, customerId: string): Promise<DunningAssignment | null> {
    this.journal.assertOpen();
    const a = this.state.dunningAssignments.get(tenantId)?.get(customerId);
    return Promise.resolve(a === undefined ? null : structuredClone(a));
  }

  getMany(tenantId: string, customerIds: readonly string[]): Promise<DunningAssignment[]> {
    this.journal.assertOpen();
    const table = this.state.dunningAssignments.get(tenantId);
    const out: DunningAssignment[] = [];
    for (const id of new Set(customerIds)) {
      const a = table?.get(id);
      if (a !== undefined) out.push(structuredClone(a));
    }
    return Promise.resolve(out);
  }

  put(assignment: DunningAssignment): Promise<void> {
    this.journal.assertOpen();
    put(this.journal, this.state.tenantMap(this.state.dunningAssignments, assignment.tenantId), assignment.customerId, structuredClone(assignment));
    return Promise.resolve();
  }

  customersOf(tenantId: string, policyId: string): Promise<string[]> {
    this.journal.assertOpen();
    const ids: string[] = [];
    for (const a of this.state.dunningAssignments.get(tenantId)?.values() ?? []) if (a.policyId === policyId) ids.push(a.customerId);
    return Promise.resolve(ids.sort());
  }
}

/** Removes a customer's assignment (inside the caller's journal). */
export function removeCustomerAssignment(state: MemoryState, journal: Journal, tenantId: string, customerId: string): void {
  const table = state.dunningAssignments.get(tenantId);
  const previous = table?.get(customerId);
  if (table === undefined || previous === undefined) return;
  table.delete(customerId);
  journal.record(() => table.set(customerId, previous));
}
