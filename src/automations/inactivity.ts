import { plusInZone } from '../time/plus-in-zone';
import type { Customer } from '../model/customer';
import { tenantSettings } from '../tenants/tenant-settings';
import type { Automation } from '../model/automation';
import type { CommandContext } from '../runtime/command';
import { AUTOMATION_INACTIVITY_JOB, inactivityJobId, inactivityRef } from './automation-jobs';

/** When a customer inactive since `baseline` has been inactive for `days` days: calendar days in their zone, so DST moves nothing. */
export function inactiveAt(baseline: Date, days: number, zone: string): Date {
  return plusInZone(baseline, { days }, zone);
}

/** The automations of the tenant, read once per transaction. */
export function tenantAutomations(ctx: CommandContext): Promise<Automation[]> {
  return ctx.memo(`automations:${ctx.tenantId}`, () => ctx.tx.automations.list(ctx.tenantId));
}

/** Forgets the memoised automations after a change in this transaction. */
export function forgetTenantAutomations(ctx: CommandContext): void {
  ctx.forget(`automations:${ctx.tenantId}`);
}

/** The inactivity automations that watch activity of `kind` (null: a new customer, which resets every one). */
export function inactivityAutomations(automations: readonly Automation[], kind: string | null): Automation[] {
  return automations.filter((a) => a.enabled && a.trigger.type === 'inactivity' && (kind === null || a.trigger.activity === null || a.trigger.activity === kind));
}

/**
 * Arms a customer's inactivity timer for one automation: `days` after the baseline (the
 * last activity, else when the customer was created), but never before `notBefore` (so
 * defining an automation fires at once for customers already inactive, not in the past).
 */
export async function armInactivity(ctx: CommandContext, automation: Automation, customer: Customer, baseline: Date, notBefore: Date): Promise<void> {
  if (automation.trigger.type !== 'inactivity') return;
  const customerId = customer.id;
  const zone = customer.timezone ?? (await tenantSettings(ctx)).timezone;
  const at = Math.max(inactiveAt(baseline, automation.trigger.days, zone).getTime(), notBefore.getTime());
  await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: inactivityJobId(automation.id, customerId), kind: AUTOMATION_INACTIVITY_JOB, refId: inactivityRef(automation.id, customerId), runAt: new Date(at) });
}
