import type { Action } from '../access/access-policy';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/require-customer';
import { NotFoundError } from '../errors';
import type { Invoice } from '../model/invoice';
import { runCommand, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { tenantSettings } from '../tenants/tenant-settings';
import type { Customer } from '../model/customer';
import type { DunningAssignment } from '../model/dunning-assignment';
import { applyDunning, type MessageGrouping } from './engine/apply-dunning';
import { policyFor, type DunningTarget } from './engine/dunning-target';
import type { DunningEvent } from './machine/dunning-event';
import { transition } from './machine/dunning-machine';

/** Loads an invoice of the command's tenant or throws NotFoundError. */
export async function requireInvoice(ctx: CommandContext, id: string): Promise<Invoice> {
  const invoice = await ctx.tx.invoices.get(ctx.tenantId, id);
  if (invoice === null) throw new NotFoundError('invoice', id, { path: 'id' });
  return invoice;
}

/**
 * Loads what an invoice's dunning needs, for `invoice` as it will be once changed. The
 * caller may pass the customer and its assignment it already has (a batch loads them at once).
 */
export async function targetOf(ctx: CommandContext, invoice: Invoice, known: { customer?: Customer; assignment?: DunningAssignment | null } = {}): Promise<DunningTarget> {
  const customer = known.customer ?? (await requireCustomer(ctx, invoice.customerId));
  const tenant = await tenantSettings(ctx);
  // An assignment the caller read (null: none) saves a read; undefined means not read.
  return { invoice, customer, policy: await policyFor(ctx, invoice, known.assignment), zone: customer.timezone ?? tenant.timezone };
}

/** Feeds an event to the machine for `invoice` (already changed by the caller) and applies it. */
export async function advance(
  ctx: CommandContext,
  invoice: Invoice,
  event: DunningEvent,
  extra: { lastReplyAt?: Date | null; dueBy?: Date; grouping?: MessageGrouping } = {},
): Promise<{ invoice: Invoice; target: DunningTarget }> {
  const target = await targetOf(ctx, invoice);
  const result = transition(invoice.dunning, event, {
    now: ctx.now,
    zone: target.zone,
    policy: target.policy,
    invoice: { dueDate: invoice.dueDate, currency: invoice.currency, amountMinor: invoice.amountMinor, paidMinor: invoice.paidMinor, status: invoice.status },
    lastReplyAt: extra.lastReplyAt,
    dueBy: extra.dueBy,
  });
  return { invoice: await applyDunning(ctx, target, result, extra.grouping), target };
}

/**
 * Runs a command on one invoice: loads it, asks the policy, lets `change` record what
 * happened (a payment, a status) and name the machine event (null for a repeat that changes
 * nothing), applies the transition,
 * then audits and emits what `change` returns.
 */
export function invoiceCommand<T extends object>(
  engine: Engine,
  actor: Actor,
  id: string,
  action: Action,
  change: (ctx: CommandContext, current: Invoice) => Promise<{ invoice: Invoice; event: DunningEvent | null; detail: T }> | { invoice: Invoice; event: DunningEvent | null; detail: T },
  after: (ctx: CommandContext, before: Invoice, invoice: Invoice, detail: T) => Promise<void>,
): Promise<Invoice> {
  return runCommand(engine, { actor }, async (ctx) => {
    const current = await requireInvoice(ctx, id);
    await ctx.authorize(action, { type: 'invoice', id, invoice: current });
    const { invoice, event, detail } = await change(ctx, current);
    if (event === null) return current; // nothing to do: the command was a repeat
    const result = await advance(ctx, invoice, event);
    await after(ctx, current, result.invoice, detail);
    return result.invoice;
  });
}
