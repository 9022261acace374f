import type { Customer } from '../../model/customer';
import type { Invoice } from '../../model/invoice';
import type { StoreSession } from '../../storage/store';
import type { TenantSettings } from '../../model/tenant';
import type { DunningPolicy } from '../policy/dunning-policy';

/** An invoice with what its dunning depends on. */
export interface DunningTarget {
  /** The invoice as stored. */
  invoice: Invoice;
  /** Its customer. */
  customer: Customer;
  /** The policy in force, or null. */
  policy: DunningPolicy | null;
  /** The customer's zone (else the tenant's). */
  zone: string;
}

/**
 * The policy in force for an invoice: its own override, else the customer's assignment
 * (unless the customer is excluded), else none.
 */
export async function policyFor(session: StoreSession, invoice: Invoice, cache: Map<string, Promise<DunningPolicy | null>> = new Map()): Promise<DunningPolicy | null> {
  let id = invoice.policyOverride;
  if (id === null) {
    const assignment = await session.dunningAssignments.get(invoice.tenantId, invoice.customerId);
    if (assignment === null || assignment.excluded) return null;
    id = assignment.policyId;
  }
  if (id === null) return null;
  const key = `${invoice.tenantId}\u0000${id}`;
  let found = cache.get(key);
  if (found === undefined) {
    found = session.dunningPolicies.get(invoice.tenantId, id);
    cache.set(key, found);
  }
  return found;
}

/** Loads what an invoice's dunning depends on. */
export async function loadTarget(session: StoreSession, invoice: Invoice, customer: Customer, tenant: TenantSettings): Promise<DunningTarget> {
  return { invoice, customer, policy: await policyFor(session, invoice), zone: customer.timezone ?? tenant.timezone };
}
