import { ConflictError } from '../errors';
import type { Automation, AutomationRun } from '../model/automation';
import type { Customer } from '../model/customer';
import type { CommandContext } from '../runtime/command';
import { tenantSettings } from '../tenants/tenant-settings';
import type { Facts } from './conditions';
import { AUTOMATION_RUN_JOB, runJobId } from './automation-jobs';
import { waitEnd } from './matcher';
import { automationsOf } from './automation-runtime';

/** What starts a run. */
export interface RunStart {
  /** The customer it acts for, or null. */
  customer: Customer | null;
  /** The facts at the trigger. */
  facts: Facts;
  /** An event name, `schedule`, `inactivity` or `manual`. */
  trigger: string;
  /** A deterministic id where the trigger could repeat; a new id otherwise. */
  id?: string | undefined;
  /** Who started it by hand. */
  startedBy?: string | null | undefined;
  /** Skip the wait (a manual run acts now). */
  now?: boolean | undefined;
}

/** The run as an audit entry shows it (the facts are in the event record). */
function runView(run: AutomationRun): Record<string, unknown> {
  return { automationId: run.automationId, customerId: run.customerId, trigger: run.trigger, depth: run.depth, status: run.status, runAt: run.runAt, reason: run.reason };
}

/** Records a run's change in the audit trail and as an event. */
export async function recordRun(ctx: CommandContext, run: AutomationRun, before: AutomationRun | null, action: 'triggered' | 'completed' | 'cancelled' | 'failed' | 'stopped', reason: string | null): Promise<void> {
  await ctx.audit({ action: `automation.${action}`, entityType: 'automation', entityId: run.automationId, before: before === null ? null : runView(before), after: { run: run.id, ...runView(run), result: run.result }, reason });
  ctx.emit(`automation.${action}`, { run });
}

/**
 * Cancels a customer's waiting runs in the caller's transaction, before the customer is
 * removed (their rows go with it): each gets its `automation.cancelled` audit entry and
 * event, and its timer is dropped.
 */
export async function cancelCustomerRuns(ctx: CommandContext, customerId: string): Promise<void> {
  const reason = 'the customer was removed';
  for (;;) {
    const waiting = await ctx.tx.automationRuns.list(ctx.tenantId, { customerId, status: 'waiting', limit: 500 });
    if (waiting.length === 0) return;
    for (const run of waiting) {
      const next: AutomationRun = { ...run, status: 'cancelled', reason, updatedAt: ctx.now, version: run.version + 1 };
      if (!(await ctx.tx.automationRuns.update(next, run.version))) throw new ConflictError(`Automation run "${run.id}" changed while customer "${customerId}" was being removed; retry the removal.`);
      await ctx.tx.jobs.cancel(ctx.tenantId, runJobId(run.id));
      await recordRun(ctx, next, run, 'cancelled', reason);
    }
  }
}

/**
 * Starts a run of `automation` in the caller's transaction: a stored row and a timer at
 * the end of its wait, or a `stopped` row when the chain of automations is too deep. A
 * deterministic id that exists already starts nothing (the trigger repeated). Returns the
 * run, or null when it existed.
 */
export async function startRun(ctx: CommandContext, automation: Automation, start: RunStart): Promise<AutomationRun | null> {
  const maxDepth = automationsOf(ctx.engine).maxDepth;
  const zone = start.customer?.timezone ?? (await tenantSettings(ctx)).timezone;
  const waited = start.now === true ? { at: ctx.now } : waitEnd(automation.wait, start.facts, ctx.now, zone);
  const run: AutomationRun = {
    tenantId: ctx.tenantId,
    id: start.id ?? ctx.engine.newId(),
    automationId: automation.id,
    customerId: start.customer?.id ?? null,
    trigger: start.trigger,
    facts: { ...start.facts },
    depth: ctx.depth,
    status: 'waiting',
    runAt: 'at' in waited ? waited.at : ctx.now,
    result: null,
    reason: null,
    startedBy: start.startedBy ?? null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 1,
  };
  if (ctx.depth >= maxDepth) {
    run.status = 'stopped';
    run.reason = `loop guard: ${ctx.depth} automations in a row led here; chains stop at depth ${maxDepth}`;
  } else if ('error' in waited) {
    run.status = 'cancelled';
    run.reason = `the wait cannot end: ${waited.error}`;
  }
  if (!(await ctx.tx.automationRuns.insert(run))) return null;
  if (run.status === 'waiting') {
    await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: runJobId(run.id), kind: AUTOMATION_RUN_JOB, refId: run.id, runAt: run.runAt });
    await recordRun(ctx, run, null, 'triggered', `${start.trigger}${run.runAt.getTime() > ctx.now.getTime() ? `; acts at ${run.runAt.toISOString()}` : ''}`);
  } else {
    await recordRun(ctx, run, null, run.status === 'stopped' ? 'stopped' : 'cancelled', run.reason);
  }
  return run;
}
