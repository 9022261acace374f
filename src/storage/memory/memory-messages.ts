import { MESSAGE_LIST_FILTER, MESSAGE_LIST_ORDER, type MessageRepository } from '../../messaging/message-repository';
import type { Journal } from '../kit/journal';
import { causeKey, providerKey, type MemoryState } from './memory-state';

/** The memory store's messages, indexed by idempotency key, customer and cause. */
export function memoryMessages(state: MemoryState, journal: Journal): MessageRepository {
  const table = state.messages;
  return {
    ...table.basics(journal),
    getByKey: async (tenantId, key) => table.getUnique(tenantId, 'idempotencyKey', key),
    async getByProviderId(tenantId, channel, providerMessageId) {
      const [newest] = table.list(tenantId, { index: { name: 'provider', value: providerKey(channel, providerMessageId) }, rules: MESSAGE_LIST_FILTER, filter: { limit: 1 }, order: MESSAGE_LIST_ORDER, limit: 1 });
      return newest ?? null;
    },
    async list(tenantId, filter) {
      const index =
        filter.cause !== undefined ? { name: 'cause', value: causeKey(filter.cause) } : filter.customerId !== undefined ? { name: 'customer', value: filter.customerId } : undefined;
      const { cause } = filter;
      return table.list(tenantId, {
        index,
        rules: MESSAGE_LIST_FILTER,
        filter,
        also: (m) => cause === undefined || (m.cause.type === cause.type && m.cause.id === cause.id),
        order: MESSAGE_LIST_ORDER,
        limit: filter.limit,
        after: filter.before === undefined ? undefined : [filter.before.createdAt, filter.before.id],
      });
    },
  };
}
