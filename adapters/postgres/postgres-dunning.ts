import type { Selectable } from 'kysely';
import type { DunningPolicy, DunningAssignment } from 'tickler';
import type { DunningAssignmentRepository, DunningPolicyRepository } from 'tickler/adapter';


import type { DunningAssignmentsTable, DunningPoliciesTable } from './postgres-schema';
import type { PgContext } from './postgres-session';

function rowToPolicy(r: Selectable<DunningPoliciesTable>): DunningPolicy {
  return { tenantId: r.tenant_id, id: r.id, ...r.body, updatedAt: r.updated_at, version: r.version };
}

function rowToAssignment(r: Selectable<DunningAssignmentsTable>): DunningAssignment {
  return { tenantId: r.tenant_id, customerId: r.customer_id, policyId: r.policy_id, excluded: r.excluded, source: r.source as DunningAssignment['source'], updatedAt: r.updated_at };
}

/** Dunning policies in PostgreSQL: each one JSON document. */
export class PostgresDunningPolicies implements DunningPolicyRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<DunningPolicy | null> {
    const row = await this.ctx.db.selectFrom('dunning_policies').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToPolicy(row);
  }

  async list(tenantId: string): Promise<DunningPolicy[]> {
    const rows = await this.ctx.db.selectFrom('dunning_policies').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
    return rows.map(rowToPolicy);
  }

  async put(policy: DunningPolicy): Promise<void> {
    const { tenantId, id, updatedAt, version, ...body } = policy;
    const values = { body: JSON.stringify(body), updated_at: updatedAt, version };
    await this.ctx.db
      .insertInto('dunning_policies')
      .values({ tenant_id: tenantId, id, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet(values))
      .execute();
  }
}

/** Dunning assignments in PostgreSQL. */
export class PostgresDunningAssignments implements DunningAssignmentRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, customerId: string): Promise<DunningAssignment | null> {
    const row = await this.ctx.db.selectFrom('dunning_assignments').selectAll().where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).executeTakeFirst();
    return row === undefined ? null : rowToAssignment(row);
  }

  async getMany(tenantId: string, customerIds: readonly string[]): Promise<DunningAssignment[]> {
    if (customerIds.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('dunning_assignments').selectAll().where('tenant_id', '=', tenantId).where('customer_id', 'in', [...new Set(customerIds)]).execute();
    return rows.map(rowToAssignment);
  }

  async put(a: DunningAssignment): Promise<void> {
    const values = { policy_id: a.policyId, excluded: a.excluded, source: a.source, updated_at: a.updatedAt };
    await this.ctx.db
      .insertInto('dunning_assignments')
      .values({ tenant_id: a.tenantId, customer_id: a.customerId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'customer_id']).doUpdateSet(values))
      .execute();
  }

  async customersOf(tenantId: string, policyId: string): Promise<string[]> {
    const rows = await this.ctx.db.selectFrom('dunning_assignments').select('customer_id').where('tenant_id', '=', tenantId).where('policy_id', '=', policyId).orderBy('customer_id').execute();
    return rows.map((r) => r.customer_id);
  }
}
