import { z } from 'zod';
import type { Actor } from '../access/actor';
import { armInactivity, inactivityAutomations, tenantAutomations } from '../automations/inactivity';
import { ValidationError } from '../errors';
import { idSchema } from '../model/common';
import { runCommand } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { instantOf } from '../time/instant';
import { requireCustomer } from './require-customer';

/** What `customers.recordActivity` takes. */
export interface ActivityInput {
  /** The host's kind of activity, such as `purchase` or `login`. */
  kind: string;
  /** When it happened (a Date or an ISO string with an offset); default now. */
  at?: Date | string | undefined;
}

const activitySchema = z.strictObject({
  kind: z.string({ error: 'kind is the kind of activity as text, such as purchase.' }).trim().min(1, { error: 'kind is empty.' }).max(100, { error: 'kind is at most 100 characters.' }),
  at: z.union([z.date(), z.string()], { error: 'at is a Date or an ISO string with an offset.' }).optional(),
});

/**
 * Records a customer's activity and moves the inactivity timers that watch it. An
 * activity recorded late (older than one already recorded) changes nothing but the audit
 * trail.
 */
export async function recordActivity(engine: Engine, actor: Actor, id: string, input: ActivityInput): Promise<Date> {
  const customerId = parseInput(idSchema, id, 'id');
  const data = parseInput(activitySchema, input);
  const at = data.at === undefined ? null : instantOf(data.at, 'at');
  return runCommand(engine, { actor }, async (ctx) => {
    const customer = await requireCustomer(ctx, customerId);
    await ctx.authorize('activity.record', { type: 'customer', id: customerId, customer });
    const when = at ?? ctx.now;
    if (when.getTime() > ctx.now.getTime() + 60_000) throw ValidationError.field('at', `${when.toISOString()} is in the future; record an activity once it happened.`);
    const latest = await ctx.tx.activities.record({ tenantId: ctx.tenantId, customerId, kind: data.kind, at: when });
    await ctx.audit({ action: 'customer.activity_recorded', entityType: 'customer', entityId: customerId, before: null, after: { kind: data.kind, at: when }, reason: latest.getTime() > when.getTime() ? 'older than the last one recorded' : null });
    ctx.emit('customer.activity_recorded', { customer, kind: data.kind, activityAt: when });
    // Automations watching any kind measure from the latest activity of every kind, read once.
    let anyKind: Promise<Date | null> | null = null;
    for (const automation of inactivityAutomations(await tenantAutomations(ctx), data.kind)) {
      const watchesAny = automation.trigger.type === 'inactivity' && automation.trigger.activity === null;
      if (watchesAny) anyKind ??= ctx.tx.activities.last(ctx.tenantId, customerId, null);
      const baseline = watchesAny && anyKind !== null ? ((await anyKind) ?? latest) : latest;
      await armInactivity(ctx, automation, customer, baseline, ctx.now);
    }
    return latest;
  });
}
