import { z } from 'zod';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/require-customer';
import { idSchema, limitSchema } from '../model/common';
import { runRead } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import type { CommunicationsApi } from './messaging-apis';
import { decodeMessageCursor, encodeMessageCursor } from './outbox/message-cursor';

const querySchema = z.strictObject({ cursor: z.string().max(500).optional(), limit: limitSchema.optional() });

/** The communications timeline API of one actor. */
export function createCommunicationsApi(engine: Engine, actor: Actor): CommunicationsApi {
  return {
    async list(customerId, query = {}) {
      const id = parseInput(idSchema, customerId, 'customerId');
      const q = parseInput(querySchema, query);
      const before = q.cursor === undefined ? undefined : decodeMessageCursor(q.cursor);
      const limit = q.limit ?? 50;
      return runRead(engine, actor, async (ctx) => {
        const customer = await requireCustomer(ctx, id);
        await ctx.authorize('message.read', { type: 'message', customer });
        const rows = await ctx.tx.messages.list(ctx.tenantId, { customerId: id, before, limit: limit + 1 });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return { items, nextCursor: rows.length > limit && last !== undefined ? encodeMessageCursor(last) : null };
      });
    },
  };
}
