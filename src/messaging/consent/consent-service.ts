import type { Actor } from '../../access/actor';
import { requireCustomer } from '../../customers/require-customer';
import { idSchema } from '../../model/common';
import type { ConsentRecord, ConsentStatus } from '../../model/consent';
import type { Customer } from '../../model/customer';
import { runCommand, runRead, type CommandContext } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import { parseInput } from '../../runtime/parse-input';
import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelKind } from '../../model/channel-kind';
import type { ConsentApi } from '../messaging-apis';

const kindSchema = z.enum(CHANNEL_KINDS as [ChannelKind, ...ChannelKind[]], { error: `channel is one of ${CHANNEL_KINDS.join(', ')}.` });
const optionsSchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional();

/**
 * Sets a customer's consent for a channel kind in the caller's transaction, with its
 * audit entry and `consent.changed` event. Setting the status it already has changes nothing.
 */
export async function setConsent(ctx: CommandContext, customer: Customer, channel: ChannelKind, status: ConsentStatus, source: string, detail: string | null): Promise<ConsentRecord> {
  const current = (await ctx.tx.consents.list(ctx.tenantId, customer.id)).find((c) => c.channel === channel) ?? null;
  if (current !== null && current.status === status) return current;
  const record: ConsentRecord = { tenantId: ctx.tenantId, customerId: customer.id, channel, status, at: ctx.now, source, detail };
  await ctx.tx.consents.put(record);
  await ctx.audit({ action: status === 'opted_out' ? 'consent.opted_out' : 'consent.opted_in', entityType: 'customer', entityId: customer.id, before: current, after: record, reason: `${channel} via ${source}${detail === null ? '' : `: ${detail}`}` });
  ctx.emit('consent.changed', { customer, consent: record });
  return record;
}

/** The consent API of one actor. */
export function createConsentApi(engine: Engine, actor: Actor): ConsentApi {
  const change = async (customerId: string, channel: ChannelKind, status: ConsentStatus, options?: { reason?: string | undefined }): Promise<ConsentRecord> => {
    const id = parseInput(idSchema, customerId, 'customerId');
    const kind = parseInput(kindSchema, channel, 'channel');
    const opts = parseInput(optionsSchema, options, 'options');
    return runCommand(engine, { actor }, async (ctx) => {
      const customer = await requireCustomer(ctx, id);
      await ctx.authorize('consent.write', { type: 'consent', id, customer });
      return setConsent(ctx, customer, kind, status, 'api', opts?.reason ?? null);
    });
  };
  return {
    async get(customerId) {
      const id = parseInput(idSchema, customerId, 'customerId');
      return runRead(engine, actor, async (ctx) => {
        const customer = await requireCustomer(ctx, id);
        await ctx.authorize('consent.read', { type: 'consent', id, customer });
        return ctx.tx.consents.list(ctx.tenantId, id);
      });
    },
    optOut: (customerId, channel, options) => change(customerId, channel, 'opted_out', options),
    optIn: (customerId, channel, options) => change(customerId, channel, 'opted_in', options),
  };
}
