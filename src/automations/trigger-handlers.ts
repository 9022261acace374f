import { addDays, stepInstant } from '../dunning/policy/step-plan';
import { remainingMinor } from '../model/invoice';
import type { Automation } from '../model/automation';
import type { Engine } from '../runtime/engine';
import type { JobHandler, PreparedJob } from '../scheduler/job-handler';
import { loadTenantSettings, tenantSettings } from '../tenants/tenant-settings';
import { parseLocalDateTime } from '../time/local-date-time';
import { nextOccurrence } from '../time/recurrence';
import { evaluateCondition } from './conditions';
import { eachCustomerPage } from './customer-pages';
import { factsOf } from './facts';
import { armInactivity, inactiveAt } from './inactivity';
import { startRun } from './start-run';

const stale = async (engine: Engine, job: Parameters<JobHandler>[0]): Promise<PreparedJob> => {
  await engine.store.jobs.complete(job);
  return { result: { outcome: 'stale' } };
};

/** The next occurrence of a schedule automation after `after`, or null when its RRULE ended. */
export function nextScheduled(automation: Automation, after: Date): Date | null {
  if (automation.trigger.type !== 'schedule') return null;
  const start = parseLocalDateTime(automation.trigger.start);
  return start === null ? null : nextOccurrence(automation.trigger.rrule, start, automation.trigger.zone, after);
}

/**
 * A schedule automation's occurrence: one run for every customer matching `if`, with an
 * id made of the occurrence and the customer, so a retried occurrence starts nothing
 * twice; then the timer moves to the next occurrence.
 */
export function createScheduleHandler(engine: Engine): JobHandler {
  return async (job, now) => {
    const automation = await engine.store.automations.get(job.tenantId, job.refId);
    if (automation === null || !automation.enabled || automation.trigger.type !== 'schedule') return stale(engine, job);
    const occurrence = job.runAt;
    await eachCustomerPage(engine, job.tenantId, async (ctx, customers) => {
      for (const customer of customers) {
        const facts = factsOf({ occurrence }, customer, null);
        if (automation.if !== null && !evaluateCondition(automation.if, facts, null)) continue;
        await startRun(ctx, automation, { customer, facts, trigger: 'schedule', id: `${automation.id}@${occurrence.toISOString()}:${customer.id}` });
      }
    });
    const next = nextScheduled(automation, new Date(Math.max(now.getTime(), occurrence.getTime())));
    return { settle: { runAt: next, then: async (_ctx, held) => ({ outcome: held ? 'done' : 'superseded' }) }, commit: async (ctx) => {
      const held = next === null ? await ctx.tx.jobs.complete(job) : await ctx.tx.jobs.reschedule(job, next);
      return { outcome: held ? 'done' : 'superseded' };
    } };
  };
}

function parseRef(ref: string): [string, string] | null {
  try {
    const value: unknown = JSON.parse(ref);
    return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' ? [value[0], value[1]] : null;
  } catch {
    return null;
  }
}

/**
 * A customer's inactivity timer: if no activity came since it was armed, one run for this
 * period of inactivity (its id names the last activity, so the period runs once); an
 * activity since moves the timer instead.
 */
export function createInactivityHandler(engine: Engine): JobHandler {
  return async (job, now) => {
    const ref = parseRef(job.refId);
    if (ref === null) return stale(engine, job);
    const [automationId, customerId] = ref;
    const [automation, customer] = await Promise.all([engine.store.automations.get(job.tenantId, automationId), engine.store.customers.get(job.tenantId, customerId)]);
    if (automation === null || customer === null || !automation.enabled || automation.trigger.type !== 'inactivity') return stale(engine, job);
    const days = automation.trigger.days;
    const last = (await engine.store.activities.last(job.tenantId, customerId, automation.trigger.activity)) ?? customer.createdAt;
    const zone = customer.timezone ?? (await loadTenantSettings(engine.store, job.tenantId, engine.defaults)).timezone;
    const due = inactiveAt(last, days, zone).getTime();
    if (due > now.getTime()) {
      await engine.store.jobs.reschedule(job, new Date(due));
      return { result: { outcome: 'stale' } };
    }
    const then = async (ctx: Parameters<typeof startRun>[0]) => {
      const facts = factsOf({ days, activity: automation.trigger.type === 'inactivity' ? automation.trigger.activity : null, lastActivityAt: last }, customer, null);
      if (automation.if === null || evaluateCondition(automation.if, facts, null)) {
        await startRun(ctx, automation, { customer, facts, trigger: 'customer.inactive', id: `${automation.id}:inactive:${customer.id}:${last.toISOString()}` });
      }
      return { outcome: 'done' as const };
    };
    return {
      settle: { runAt: null, then: async (ctx, held) => (held ? then(ctx) : { outcome: 'superseded' }) },
      commit: async (ctx) => ((await ctx.tx.jobs.complete(job)) ? then(ctx) : { outcome: 'superseded' }),
    };
  };
}

/** Arms the inactivity timers of the customers that existed when an inactivity automation was defined. */
export function createSweepHandler(engine: Engine): JobHandler {
  return async (job, now) => {
    const automation = await engine.store.automations.get(job.tenantId, job.refId);
    if (automation === null || !automation.enabled || automation.trigger.type !== 'inactivity') return stale(engine, job);
    const kind = automation.trigger.activity;
    await eachCustomerPage(engine, job.tenantId, async (ctx, customers) => {
      for (const customer of customers) {
        const last = (await ctx.tx.activities.last(ctx.tenantId, customer.id, kind)) ?? customer.createdAt;
        await armInactivity(ctx, automation, customer, last, now);
      }
    });
    await engine.store.jobs.complete(job);
    return { result: { outcome: 'done' } };
  };
}

/**
 * Fires `invoice.overdue` once the day after an open invoice's due date has begun in the
 * customer's zone. A due date moved later moves the timer; a paid, voided or written-off
 * invoice fires nothing.
 */
export function createOverdueHandler(engine: Engine): JobHandler {
  return async (job, now) => {
    const invoice = await engine.store.invoices.get(job.tenantId, job.refId);
    if (invoice === null || invoice.status !== 'open' || remainingMinor(invoice) <= 0) return stale(engine, job);
    const customer = await engine.store.customers.get(job.tenantId, invoice.customerId);
    if (customer === null) return stale(engine, job);
    const then = async (ctx: Parameters<typeof startRun>[0]) => {
      const zone = customer.timezone ?? (await tenantSettings(ctx)).timezone;
      const overdueAt = stepInstant(addDays(invoice.dueDate, 1), '00:00', zone);
      if (overdueAt.getTime() > now.getTime()) {
        await ctx.tx.jobs.schedule({ tenantId: job.tenantId, id: job.id, kind: job.kind, refId: job.refId, runAt: overdueAt });
        return { outcome: 'stale' as const };
      }
      // A fact, not a decision: recorded with the events, and what automations make of it is audited.
      ctx.emit('invoice.overdue', { invoice, customer });
      return { outcome: 'done' as const };
    };
    return {
      settle: { runAt: null, then: async (ctx, held) => (held ? then(ctx) : { outcome: 'superseded' }) },
      commit: async (ctx) => ((await ctx.tx.jobs.complete(job)) ? then(ctx) : { outcome: 'superseded' }),
    };
  };
}
