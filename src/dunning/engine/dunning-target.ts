import type { Customer } from '../../model/customer';
import type { DunningAssignment } from '../../model/dunning-assignment';
import type { Invoice } from '../../model/invoice';
import type { CommandContext } from '../../runtime/command';
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

/** A policy of the tenant, read once per transaction. */
export function policyById(ctx: CommandContext, id: string): Promise<DunningPolicy | null> {
  return ctx.memo(`dunning-policy\u0000${ctx.tenantId}\u0000${id}`, () => ctx.tx.dunningPolicies.get(ctx.tenantId, id));
}

/**
 * The policy in force for an invoice: none when its customer is excluded, else its own
 * override, else the customer's assignment, else none. `assignment` is the customer's
 * when the caller already has it (undefined: read it).
 */
export async function policyFor(ctx: CommandContext, invoice: Invoice, assignment?: DunningAssignment | null): Promise<DunningPolicy | null> {
  const a = assignment === undefined ? await ctx.tx.dunningAssignments.get(invoice.tenantId, invoice.customerId) : assignment;
  // An excluded customer is never dunned, whatever an invoice's own policy says.
  if (a?.excluded === true) return null;
  const id = invoice.policyOverride ?? a?.policyId ?? null;
  return id === null ? null : policyById(ctx, id);
}
