import { z } from 'zod';
import type { Actor } from '../access/actor';
import type { Page } from '../customers/customers-api';
import { requireCustomer } from '../customers/require-customer';
import { decodeMessageCursor, encodeMessageCursor } from '../messaging/outbox/message-cursor';
import { idSchema, limitSchema } from '../model/common';
import type { ConnectorOperation } from '../model/connector-operation';
import type { Message } from '../model/message';
import { runRead } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';

/** One entry of a customer's timeline, at the time tickler recorded it. */
export type TimelineEntry = TimelineMessageEntry | TimelineConnectorEntry;

/** A message to or from the customer (or about them, to staff). */
export interface TimelineMessageEntry {
  /** Tells the entry kinds apart. */
  kind: 'message';
  /** When tickler recorded the message: the timeline's order. */
  at: Date;
  /** The message. */
  message: Message;
}

/** Work done for the customer in one of the business's tools: a task, a ticket, an event, a record. */
export interface TimelineConnectorEntry {
  /** Tells the entry kinds apart. */
  kind: 'connector';
  /** When tickler queued the work: the timeline's order. */
  at: Date;
  /** The connector operation, with its state and the external id once done. */
  operation: ConnectorOperation;
}

/** A page of `timeline.list`. */
export interface TimelineQuery {
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 500 (default 50). */
  limit?: number | undefined;
}

/** Everything tickler did with or for a customer, newest first. */
export interface TimelineApi {
  /**
   * A customer's timeline, newest first: the messages (`communications.list` has them
   * alone) and the work done in the business's tools, each with its outcome. Needs
   * `message.read` and `connector.read`.
   *
   * @example
   * ```ts
   * import type { TicklerScope } from 'tickler';
   *
   * declare const acme: TicklerScope;
   * const { items } = await acme.timeline.list('c-42');
   * for (const entry of items) console.log(entry.at.toISOString(), entry.kind === 'message' ? entry.message.state : entry.operation.state);
   * ```
   */
  list(customerId: string, query?: TimelineQuery): Promise<Page<TimelineEntry>>;
}

const querySchema = z.strictObject({ cursor: z.string().max(500).optional(), limit: limitSchema.optional() });

/** Newest first, then by id descending: the order both lists share. */
const newerFirst = (a: { at: Date; id: string }, b: { at: Date; id: string }): number => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The timeline API of one actor. */
export function createTimelineApi(engine: Engine, actor: Actor): TimelineApi {
  return {
    async list(customerId, query = {}) {
      const id = parseInput(idSchema, customerId, 'customerId');
      const q = parseInput(querySchema, query);
      const before = q.cursor === undefined ? undefined : decodeMessageCursor(q.cursor);
      const limit = q.limit ?? 50;
      return runRead(engine, actor, async (ctx) => {
        const customer = await requireCustomer(ctx, id);
        await ctx.authorize('message.read', { type: 'message', customer });
        await ctx.authorize('connector.read', { type: 'connector', customer });
        // Each list a page ahead, merged: the page is the newest `limit` of both.
        const [messages, operations] = await Promise.all([
          ctx.tx.messages.list(ctx.tenantId, { customerId: id, before, limit: limit + 1 }),
          ctx.tx.connectorOperations.list(ctx.tenantId, { customerId: id, before, limit: limit + 1 }),
        ]);
        type Row = { at: Date; id: string; entry: TimelineEntry };
        const merged = [
          ...messages.map((message): Row => ({ at: message.createdAt, id: message.id, entry: { kind: 'message', at: message.createdAt, message } })),
          ...operations.map((operation): Row => ({ at: operation.createdAt, id: operation.id, entry: { kind: 'connector', at: operation.createdAt, operation } })),
        ].sort(newerFirst);
        const page = merged.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page.map((p) => p.entry), nextCursor: merged.length > limit && last !== undefined ? encodeMessageCursor({ createdAt: last.at, id: last.id }) : null };
      });
    },
  };
}
