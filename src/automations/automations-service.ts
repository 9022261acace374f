import { connectorsOf } from '../connectors/connector-runtime';
import { z } from 'zod';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/require-customer';
import { ConflictError, NotFoundError } from '../errors';
import type { Automation } from '../model/automation';
import { idSchema, limitSchema } from '../model/common';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { tenantSettings } from '../tenants/tenant-settings';
import { automationInputSchema } from './automation-input';
import { AUTOMATION_RUN_JOB, AUTOMATION_SCHEDULE_JOB, AUTOMATION_SWEEP_JOB, runJobId, scheduleJobId, sweepJobId } from './automation-jobs';
import { planAutomation } from './automation-plan';
import type { AutomationsApi } from './automations-api';
import { commitRun, prepareRun } from './execute-run';
import { factsOf } from './facts';
import { forgetTenantAutomations } from './inactivity';
import { startRun } from './start-run';
import { nextScheduled } from './trigger-handlers';
import { automationsOf } from './automation-runtime';

const runQuerySchema = z.strictObject({
  automationId: idSchema.optional(),
  customerId: idSchema.optional(),
  status: z.enum(['waiting', 'done', 'cancelled', 'failed', 'stopped']).optional(),
  limit: limitSchema.optional(),
});

async function requireAutomation(ctx: CommandContext, id: string): Promise<Automation> {
  const automation = await ctx.tx.automations.get(ctx.tenantId, id);
  if (automation === null) throw new NotFoundError('automation', id, { path: 'id' });
  return automation;
}

/** Arms (or disarms) the timers a definition needs: a schedule's next occurrence, an inactivity sweep. */
async function armTriggers(ctx: CommandContext, automation: Automation, before: Automation | null): Promise<void> {
  const t = ctx.tenantId;
  const next = automation.enabled ? nextScheduled(automation, ctx.now) : null;
  if (next !== null) await ctx.tx.jobs.schedule({ tenantId: t, id: scheduleJobId(automation.id), kind: AUTOMATION_SCHEDULE_JOB, refId: automation.id, runAt: next });
  else if (before?.trigger.type === 'schedule') await ctx.tx.jobs.cancel(t, scheduleJobId(automation.id));
  const inactivity = automation.enabled && automation.trigger.type === 'inactivity';
  const rearm = before === null || !before.enabled || JSON.stringify(before.trigger) !== JSON.stringify(automation.trigger);
  if (inactivity && rearm) await ctx.tx.jobs.schedule({ tenantId: t, id: sweepJobId(automation.id), kind: AUTOMATION_SWEEP_JOB, refId: automation.id, runAt: ctx.now });
}

/** The automations API of one actor. */
export function createAutomationsApi(engine: Engine, actor: Actor): AutomationsApi {
  return {
    async define(input) {
      const data = parseInput(automationInputSchema, input);
      return runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('automation.define', { type: 'automation', id: data.id });
        const plan = planAutomation(data, { hostEvents: automationsOf(engine).hostEvents, hostActions: new Set(automationsOf(engine).actions.keys()), connectors: connectorsOf(engine), zone: (await tenantSettings(ctx)).timezone, now: ctx.now });
        for (const [i, action] of plan.then.entries()) {
          if (action.type === 'assignPolicy' && (await ctx.tx.dunningPolicies.get(ctx.tenantId, action.policyId)) === null) throw new NotFoundError('dunning policy', action.policyId, { path: `then.${i}.policyId` });
        }
        const before = await ctx.tx.automations.get(ctx.tenantId, data.id);
        const automation: Automation = {
          tenantId: ctx.tenantId,
          id: data.id,
          name: data.name ?? null,
          enabled: data.enabled ?? true,
          ...plan,
          rotation: before?.rotation ?? {},
          createdAt: before?.createdAt ?? ctx.now,
          updatedAt: ctx.now,
          version: (before?.version ?? 0) + 1,
        };
        const saved = before === null ? await ctx.tx.automations.insert(automation) : await ctx.tx.automations.update(automation, before.version);
        if (!saved) throw new ConflictError(`Automation "${data.id}" changed concurrently; read it again and retry.`, { path: 'id' });
        forgetTenantAutomations(ctx);
        await armTriggers(ctx, automation, before);
        await ctx.audit({ action: 'automation.defined', entityType: 'automation', entityId: automation.id, before, after: automation, reason: before === null ? 'created' : `version ${automation.version}` });
        return automation;
      });
    },

    async get(id) {
      const automationId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('automation.read', { type: 'automation', id: automationId });
        return requireAutomation(ctx, automationId);
      });
    },

    async list() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('automation.read', { type: 'automation' });
        return ctx.tx.automations.list(ctx.tenantId);
      });
    },

    async remove(id) {
      const automationId = parseInput(idSchema, id, 'id');
      await runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('automation.define', { type: 'automation', id: automationId });
        const automation = await requireAutomation(ctx, automationId);
        await ctx.tx.automations.remove(ctx.tenantId, automationId);
        forgetTenantAutomations(ctx);
        await ctx.tx.jobs.cancel(ctx.tenantId, scheduleJobId(automationId));
        await ctx.tx.jobs.cancel(ctx.tenantId, sweepJobId(automationId));
        await ctx.audit({ action: 'automation.removed', entityType: 'automation', entityId: automationId, before: automation, after: null });
      });
    },

    async run(id, options) {
      const automationId = parseInput(idSchema, id, 'id');
      const { customerId } = parseInput(z.strictObject({ customerId: idSchema }), options, 'options');
      const run = await runCommand(engine, { actor }, async (ctx) => {
        const customer = await requireCustomer(ctx, customerId);
        await ctx.authorize('automation.run', { type: 'automation', id: automationId, customer });
        const automation = await requireAutomation(ctx, automationId);
        if (!automation.enabled) throw new ConflictError(`Automation "${automationId}" is disabled; enable it (define it with enabled: true) to run it.`, { path: 'id' });
        const started = await startRun(ctx, automation, { customer, facts: factsOf({ manual: true, startedBy: ctx.actor.userId }, customer, null), trigger: 'manual', startedBy: ctx.actor.userId, now: true });
        if (started === null) throw new ConflictError(`A run of automation "${automationId}" was started concurrently with the same id; retry.`, { path: 'id' });
        return started;
      });
      // Acts at once; the run's timer (due now) stays the safety net if this process fails first.
      try {
        const prepared = await prepareRun(engine, run, 1);
        const done = await runCommand(engine, { actor }, async (ctx) => {
          await ctx.tx.jobs.cancel(ctx.tenantId, runJobId(run.id));
          return commitRun(ctx, run.id, prepared);
        });
        return done ?? run;
      } catch (error) {
        engine.logger.error({ err: error, run: run.id }, 'A manual automation run failed; the scheduler will retry it');
        await engine.bus.emit('error', { error, event: AUTOMATION_RUN_JOB, message: `Automation "${automationId}" failed for customer "${customerId}"; it will be retried.` });
        return run;
      }
    },

    async runs(query = {}) {
      const q = parseInput(runQuerySchema, query);
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('automation.read', { type: 'automation' });
        return ctx.tx.automationRuns.list(ctx.tenantId, { automationId: q.automationId, customerId: q.customerId, status: q.status, limit: q.limit ?? 50 });
      });
    },
  };
}
