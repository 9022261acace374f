import type { Invoice } from '../../model/invoice';
import type { CommandContext } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import type { JobHandler, JobResult, PreparedJob } from '../../scheduler/job-handler';
import { transition, type DunningContext } from '../machine/dunning-machine';
import { localDate, stepInstant } from '../policy/step-plan';
import { applyDunning, type MessageGrouping } from './apply-dunning';
import { dunningJobId, DUNNING_TICK_JOB } from './dunning-jobs';
import type { DunningTarget } from './dunning-target';
import { targetOf } from '../invoice-command';

/** When the customer last wrote in, if it matters now (an escalation check is due). */
async function lastReplyAt(ctx: CommandContext, invoice: Invoice): Promise<Date | null> {
  const at = invoice.dunning.escalateAt;
  if (at === null || Date.parse(at) > ctx.now.getTime()) return null;
  const [last] = await ctx.tx.messages.list(ctx.tenantId, { customerId: invoice.customerId, direction: 'inbound', limit: 1 });
  return last?.createdAt ?? null;
}

function machineContext(ctx: CommandContext, target: DunningTarget, extra: Partial<DunningContext>): DunningContext {
  const i = target.invoice;
  return { now: ctx.now, zone: target.zone, policy: target.policy, invoice: { dueDate: i.dueDate, currency: i.currency, amountMinor: i.amountMinor, paidMinor: i.paidMinor, status: i.status }, ...extra };
}

/**
 * Moves a woken invoice's timer to where its state says. The apply step moves it only
 * when the wake time changed; a timer that fired must be re-armed or removed either way.
 */
async function settle(ctx: CommandContext, before: Invoice, invoice: Invoice): Promise<void> {
  const at = invoice.dunning.wakeAt;
  if (at !== before.dunning.wakeAt) return; // already moved by applyDunning
  if (at === null) await ctx.tx.jobs.cancel(ctx.tenantId, dunningJobId(invoice.id));
  else await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: dunningJobId(invoice.id), kind: DUNNING_TICK_JOB, refId: invoice.id, runAt: new Date(at) });
}

/**
 * The other open invoices of the customer, under the same per-customer policy, whose same
 * step falls due today: they run together, and the customer gets one message listing them.
 */
async function siblingsDueToday(ctx: CommandContext, target: DunningTarget, stepId: string): Promise<DunningTarget[]> {
  const policy = target.policy;
  if (policy === null || policy.grouping !== 'customer') return [];
  const today = localDate(ctx.now, target.zone);
  const endOfDay = stepInstant(today, '23:59', target.zone);
  const others = await ctx.tx.invoices.list(ctx.tenantId, { customerId: target.invoice.customerId, status: 'open', policyId: policy.id, limit: 500 });
  return others
    .filter((i) => i.id !== target.invoice.id && i.dunning.phase === 'active' && i.dunning.next?.stepId === stepId && Date.parse(i.dunning.next.at) <= endOfDay.getTime())
    .map((invoice) => ({ ...target, invoice }));
}

/**
 * Wakes an invoice's dunning: feeds `due` to the machine and applies the result (the
 * step's messages, charges, audit entries, the next timer) in the job's commit, so a
 * crash before it changes nothing and the step runs on the next claim.
 */
export function createDunningTickHandler(engine: Engine): JobHandler {
  return async (job, _now, batch): Promise<PreparedJob> => {
    // One read per batch (and tenant) for the invoices, their customers and assignments.
    const loaded = await batch.once(`dunning:${job.tenantId}`, async () => {
      const ids = batch.jobs.filter((j) => j.kind === job.kind && j.tenantId === job.tenantId).map((j) => j.refId);
      const invoices = await engine.store.invoices.getMany(job.tenantId, ids);
      const customerIds = [...new Set(invoices.map((i) => i.customerId))];
      const [customers, assignments] = await Promise.all([engine.store.customers.getMany(job.tenantId, customerIds), engine.store.dunningAssignments.getMany(job.tenantId, customerIds)]);
      return {
        invoices: new Map(invoices.map((i) => [i.id, i])),
        customers: new Map(customers.map((c) => [c.id, c])),
        assignments: new Map(assignments.map((a) => [a.customerId, a])),
      };
    });
    const found = loaded.invoices.get(job.refId);
    if (found === undefined || found.dunning.phase === 'closed') {
      await engine.store.jobs.complete(job);
      return { result: { outcome: 'stale' } };
    }
    return {
      commit: async (ctx, attempt): Promise<JobResult> => {
        // In the batch's shared transaction, what the batch read stands (the update checks its version); alone, read again.
        const invoice = attempt === 1 ? found : await ctx.tx.invoices.get(job.tenantId, job.refId);
        if (invoice === null) return { outcome: 'stale' };
        const known = attempt === 1 ? { customer: loaded.customers.get(invoice.customerId), assignment: loaded.assignments.get(invoice.customerId) ?? null } : {};
        const target = await targetOf(ctx, invoice, known);
        const result = transition(invoice.dunning, { type: 'due' }, machineContext(ctx, target, { lastReplyAt: await lastReplyAt(ctx, invoice) }));
        const run = result.effects.find((e) => e.type === 'run_step');
        const messages = run !== undefined && run.actions.some((a) => a.type === 'message');
        const siblings = messages && run !== undefined ? await siblingsDueToday(ctx, target, run.stepId) : [];
        let grouping: MessageGrouping | undefined;
        if (target.policy?.grouping === 'customer' && messages) {
          const others: Invoice[] = [];
          for (const sibling of siblings) {
            const dueBy = new Date(Date.parse(sibling.invoice.dunning.next?.at ?? ctx.now.toISOString()));
            const r = transition(sibling.invoice.dunning, { type: 'due' }, machineContext(ctx, sibling, { dueBy }));
            const applied = await applyDunning(ctx, sibling, r, { invoices: [], sends: false });
            others.push(applied);
          }
          grouping = { invoices: [{ ...invoice, dunning: result.state }, ...others], sends: true };
        }
        const after = await applyDunning(ctx, target, result, grouping);
        await settle(ctx, invoice, after);
        return { outcome: run === undefined ? 'stale' : 'done' };
      },
    };
  };
}
