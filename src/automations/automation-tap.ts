import type { EventTap, PendingEvent } from '../runtime/command';
import { TRIGGER_EVENTS } from './trigger-catalog';
import { occurrenceOf, triggerName } from './facts';
import { armInactivity, inactivityAutomations, tenantAutomations } from './inactivity';
import { matchAutomations } from './matcher';
import { startRun } from './start-run';
import type { Engine } from '../runtime/engine';
import { automationsOf } from './automation-runtime';

function concerns(engine: Engine, event: PendingEvent): boolean {
  const name = triggerName(event);
  return TRIGGER_EVENTS[name] !== undefined || (event.name === 'event.published' && automationsOf(engine).hostEvents.has(name));
}

/**
 * The automation matcher at the end of every transaction: each event that can start an
 * automation is matched against the tenant's automations, and the runs it starts are
 * written in the same transaction, so a change and its follow-ups commit together or not
 * at all. A new customer also gets its inactivity timers here.
 */
export function createAutomationTap(engine: Engine): EventTap {
  return async (events, contextFor) => {
    for (const event of events) {
      if (!concerns(engine, event)) continue;
      const ctx = contextFor(event.payload.tenantId, event.depth);
      const automations = await tenantAutomations(ctx);
      if (automations.length === 0) continue;
      if (event.name === 'customer.created') {
        for (const a of inactivityAutomations(automations, null)) await armInactivity(ctx, a, event.payload.customer, event.payload.customer.createdAt, ctx.now);
      }
      const name = triggerName(event);
      if (!automations.some((a) => a.enabled && a.trigger.type === 'event' && a.trigger.event === name)) continue;
      const occurrence = await occurrenceOf(ctx, event);
      for (const automation of matchAutomations(automations, occurrence)) {
        await startRun(ctx, automation, { customer: occurrence.customer, facts: occurrence.facts, trigger: name });
      }
    }
  };
}
