import { MESSAGE_LIST_FILTER, MESSAGE_LIST_ORDER, type MessageRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

const messages = TABLES.messages;

/** Messages in PostgreSQL. The unique key on (tenant, idempotency key) is what makes queueing idempotent across processes: a concurrent insert of the same key waits for the other transaction, then does nothing. */
export function postgresMessages(ctx: PgContext): MessageRepository {
  return {
    ...messages.basics(ctx),
    getByKey: (tenantId, idempotencyKey) => messages.first(messages.select(ctx, tenantId).where('idempotency_key', '=', idempotencyKey)),
    getByProviderId: (tenantId, channel, providerMessageId) =>
      messages.first(messages.ordered(messages.select(ctx, tenantId).where('channel', '=', channel).where('provider_message_id', '=', providerMessageId).where('direction', '=', 'outbound'), MESSAGE_LIST_ORDER).limit(1)),
    list(tenantId, filter) {
      let q = messages.filtered(messages.select(ctx, tenantId), MESSAGE_LIST_FILTER, filter);
      if (filter.cause !== undefined) q = q.where('cause_type', '=', filter.cause.type).where('cause_id', '=', filter.cause.id);
      if (filter.before !== undefined) q = messages.after(q, MESSAGE_LIST_ORDER, [filter.before.createdAt, filter.before.id]);
      return messages.all(messages.ordered(q, MESSAGE_LIST_ORDER).limit(filter.limit));
    },
  };
}
