import { z } from 'zod';
import type { Actor } from '../access/actor';
import { NotFoundError, ValidationError } from '../errors';
import { jsonValueSchema, type JsonObject } from '../model/json';
import { runCommand } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { automationsOf } from '../automations/automation-runtime';

/** Host events: what happened in the host's own domain (a deal reached a stage, a document was created). */
export interface EventsApi {
  /**
   * Publishes a host event declared in `createTickler({ automations: { hostEvents } })`:
   * it is recorded, audited, emitted as `event.published`, and starts the automations
   * that listen to it. A `customerId` in the payload ties it to that customer (who must
   * exist), whose fields conditions can then read.
   *
   * @example
   * ```ts
   * await acme.events.publish('deal.stage_reached', { customerId: 'c-42', stage: 'proposal' });
   * ```
   */
  publish(name: string, payload?: JsonObject): Promise<void>;
}

const payloadSchema = z.record(z.string(), jsonValueSchema, { error: 'payload is a JSON object.' }).refine((p) => JSON.stringify(p).length <= 65_536, { error: 'payload is at most 64 KiB of JSON.' });

/** The events API of one actor. */
export function createEventsApi(engine: Engine, actor: Actor): EventsApi {
  return {
    async publish(name, payload = {}) {
      const eventName = parseInput(z.string({ error: 'name is the event name as text.' }).trim(), name, 'name');
      if (!automationsOf(engine).hostEvents.has(eventName)) {
        const declared = [...automationsOf(engine).hostEvents].join(', ') || 'none';
        throw ValidationError.field('name', `"${eventName}" is not a declared host event (declared: ${declared}); declare it in createTickler({ automations: { hostEvents: [...] } }).`);
      }
      const data = parseInput(payloadSchema, payload, 'payload');
      const customerId = data.customerId;
      if (customerId !== undefined && typeof customerId !== 'string') throw ValidationError.field('payload.customerId', 'customerId is a customer id as text.');
      await runCommand(engine, { actor }, async (ctx) => {
        const customer = customerId === undefined ? null : await ctx.tx.customers.get(ctx.tenantId, customerId);
        if (customerId !== undefined && customer === null) throw new NotFoundError('customer', customerId, { path: 'payload.customerId' });
        await ctx.authorize('event.publish', { type: 'event', customer: customer ?? undefined });
        await ctx.audit({ action: 'event.published', entityType: 'event', entityId: eventName, before: null, after: data, reason: customer === null ? null : `customer ${customer.id}` });
        ctx.emit('event.published', { name: eventName, customerId: customer?.id ?? null, data });
      });
    },
  };
}
