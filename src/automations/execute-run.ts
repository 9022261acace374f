import { auditSnapshot } from '../audit/audit-snapshot';
import { ConflictError } from '../errors';
import type { Automation, AutomationRun } from '../model/automation';
import type { JsonObject, JsonValue } from '../model/json';
import { AUTOMATION_ACTOR, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { runActions } from './actions/run-actions';
import { evaluateCondition, type Facts } from './conditions';
import { recordRun } from './start-run';
import { automationsOf } from './automation-runtime';

/** What was decided about a due run before its transaction: cancel it, or act (with the host actions' results). */
export type PreparedRun = { cancel: string } | { fail: string } | { automation: Automation; hostResults: Map<number, JsonValue> };

function objectOr(value: JsonValue | undefined): JsonObject | null {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** The facts kept on a run. */
export function runFacts(run: AutomationRun): Facts {
  const facts = objectOr(run.facts) ?? {};
  return { event: objectOr(facts.event) ?? {}, customer: objectOr(facts.customer), invoice: objectOr(facts.invoice) };
}

/**
 * Decides a due run outside any transaction: cancelled if the automation went away or
 * was disabled, the customer was removed, or `unless` now holds (re-checked against the
 * customer and invoice as they are, `changed` meaning since the trigger); otherwise the
 * host actions are called (at least once: a crash before the commit calls them again
 * with the same run id).
 */
export async function prepareRun(engine: Engine, run: AutomationRun, attempt: number): Promise<PreparedRun> {
  if (attempt > automationsOf(engine).maxAttempts) return { fail: `gave up after ${automationsOf(engine).maxAttempts} attempts; the error events and logs say why each failed` };
  const store = engine.store;
  const automation = await store.automations.get(run.tenantId, run.automationId);
  if (automation === null) return { cancel: 'the automation was removed' };
  if (!automation.enabled) return { cancel: 'the automation is disabled' };
  const customer = run.customerId === null ? null : await store.customers.get(run.tenantId, run.customerId);
  if (run.customerId !== null && customer === null) return { cancel: 'the customer was removed' };
  const then = runFacts(run);
  if (automation.unless !== null && run.trigger !== 'manual') {
    const invoiceId = then.invoice?.id;
    const invoice = typeof invoiceId === 'string' ? await store.invoices.get(run.tenantId, invoiceId) : null;
    const now: Facts = { event: then.event, customer: customer === null ? null : objectOr(auditSnapshot(customer)), invoice: invoice === null ? then.invoice : objectOr(auditSnapshot(invoice)) };
    if (evaluateCondition(automation.unless, now, { customer: then.customer, invoice: then.invoice })) return { cancel: '`unless` held when the wait ended' };
  }
  const hostResults = new Map<number, JsonValue>();
  for (const [index, action] of automation.then.entries()) {
    if (action.type !== 'hostAction') continue;
    const handler = automationsOf(engine).actions.get(action.name);
    if (handler === undefined) throw new Error(`Host action "${action.name}" is not registered in this process; register it in createTickler({ automations: { actions } }).`);
    const value = await handler({ tenantId: run.tenantId, automationId: run.automationId, runId: run.id, customer, params: action.params, facts: run.facts });
    hostResults.set(index, value === undefined ? null : (auditSnapshot(value) ?? null));
  }
  return { automation, hostResults };
}

/**
 * Records a prepared run in the caller's transaction: its actions (as the automation
 * actor, one level deeper in the chain), then the run as done, cancelled or failed.
 * Returns null when the run is no longer waiting (another worker or a manual run did it).
 */
export async function commitRun(ctx: CommandContext, runId: string, prepared: PreparedRun): Promise<AutomationRun | null> {
  const current = await ctx.tx.automationRuns.get(ctx.tenantId, runId);
  if (current === null || current.status !== 'waiting') return null;
  const actx = ctx.derive(AUTOMATION_ACTOR, current.depth + 1);
  const next: AutomationRun = { ...current, updatedAt: ctx.now, version: current.version + 1 };
  if ('cancel' in prepared || 'fail' in prepared) {
    next.status = 'cancel' in prepared ? 'cancelled' : 'failed';
    next.reason = 'cancel' in prepared ? prepared.cancel : prepared.fail;
  } else {
    const results = await runActions(actx, { run: current, automation: prepared.automation, facts: { ...runFacts(current) }, hostResults: prepared.hostResults });
    next.status = 'done';
    next.result = results;
  }
  // The actions are already written: a run changed meanwhile must roll them back, not commit them.
  if (!(await ctx.tx.automationRuns.update(next, current.version))) throw new ConflictError(`Automation run "${runId}" changed while it ran; it is retried.`);
  await recordRun(actx, next, current, next.status === 'done' ? 'completed' : next.status === 'failed' ? 'failed' : 'cancelled', next.reason);
  return next;
}
