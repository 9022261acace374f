import { z } from 'zod';
import type { Actor } from '../../access/actor';
import { requireCustomer } from '../../customers/require-customer';
import { ConflictError, NotFoundError } from '../../errors';
import { idSchema, limitSchema } from '../../model/common';
import type { Message } from '../../model/message';
import { runCommand, runRead, type CommandContext } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import { parseInput } from '../../runtime/parse-input';
import { CHANNEL_KINDS, type ChannelKind } from '../../model/channel-kind';
import { handleWebhook } from '../inbound/handle-webhook';
import { receiveMessage } from '../inbound/receive-message';
import type { MessagesApi } from '../messaging-apis';
import { markSkipped } from './message-transitions';
import { decodeMessageCursor, encodeMessageCursor } from './message-cursor';
import { messageJobId } from './message-jobs';
import { queueMessages } from './queue-messages';
import { sendMessageSchema } from './send-request';
import { messagingOf } from '../messaging-runtime';

const listSchema = z.strictObject({
  state: z.enum(['queued', 'sending', 'sent', 'failed', 'skipped', 'received']).optional(),
  customerId: idSchema.optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
  kind: z.enum(CHANNEL_KINDS as [ChannelKind, ...ChannelKind[]]).optional(),
  cursor: z.string().max(500).optional(),
  limit: limitSchema.optional(),
});

/** Loads a message of the command's tenant or throws NotFoundError. */
export async function requireMessage(ctx: CommandContext, id: string): Promise<Message> {
  const message = await ctx.tx.messages.get(ctx.tenantId, id);
  if (message === null) throw new NotFoundError('message', id, { path: 'id' });
  return message;
}

/** The messages API of one actor. */
export function createMessagesApi(engine: Engine, actor: Actor): MessagesApi {
  return {
    async send(input) {
      const data = parseInput(sendMessageSchema, input);
      return runCommand(engine, { actor }, async (ctx) => {
        const customer = data.customerId === undefined || data.customerId === null ? null : await requireCustomer(ctx, data.customerId);
        await ctx.authorize('message.send', { type: 'message', customer: customer ?? undefined });
        return queueMessages(ctx, messagingOf(engine), {
          channel: data.channel,
          customer,
          template: data.template ?? null,
          inline: data.content ?? null,
          variables: data.variables ?? {},
          to: data.to ?? [{ customer: true }],
          cause: data.cause === undefined ? { type: 'manual', id: engine.newId(), step: null } : { type: data.cause.type, id: data.cause.id, step: data.cause.step ?? null },
          notBefore: data.sendAt ?? ctx.now,
          sendWindows: data.sendWindow === undefined || data.sendWindow === null ? [] : [data.sendWindow],
          fallback: data.fallback ?? null,
          locale: data.locale ?? null,
          replyTo: data.replyTo ?? null,
          categories: data.categories ?? [],
          fallbackOf: null,
        });
      });
    },

    async get(id) {
      const messageId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        const message = await requireMessage(ctx, messageId);
        await ctx.authorize('message.read', { type: 'message', id: messageId, message });
        return message;
      });
    },

    async list(query = {}) {
      const q = parseInput(listSchema, query);
      const before = q.cursor === undefined ? undefined : decodeMessageCursor(q.cursor);
      const limit = q.limit ?? 50;
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('message.read', { type: 'message' });
        const rows = await ctx.tx.messages.list(ctx.tenantId, { state: q.state, customerId: q.customerId, direction: q.direction, kind: q.kind, before, limit: limit + 1 });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return { items, nextCursor: rows.length > limit && last !== undefined ? encodeMessageCursor(last) : null };
      });
    },

    async cancel(id, reason) {
      const messageId = parseInput(idSchema, id, 'id');
      const why = parseInput(z.string().trim().min(1).max(500).optional(), reason, 'reason');
      return runCommand(engine, { actor }, async (ctx) => {
        const current = await requireMessage(ctx, messageId);
        await ctx.authorize('message.cancel', { type: 'message', id: messageId, message: current });
        if (current.state === 'skipped' && current.reason === 'cancelled') return current;
        if (current.state !== 'queued') {
          throw new ConflictError(`Message "${messageId}" is ${current.state}; only a queued message can be cancelled.`, { path: 'id' });
        }
        const after = markSkipped(current, 'cancelled', why ?? `Cancelled by ${ctx.actor.userId}.`, ctx.now);
        if (!(await ctx.tx.messages.update(after, current.version))) throw new ConflictError(`Message "${messageId}" changed concurrently; read it again and retry.`);
        await ctx.tx.jobs.cancel(ctx.tenantId, messageJobId(messageId));
        await ctx.audit({ action: 'message.skipped', entityType: 'message', entityId: messageId, before: current, after, reason: `cancelled${why === undefined ? '' : `: ${why}`}` });
        ctx.emit('message.skipped', { message: after, reason: 'cancelled' });
        return after;
      });
    },

    receive: (input) => receiveMessage(engine, actor, input),
    handleWebhook: (channel, request) => handleWebhook(engine, actor, channel, request),
  };
}
