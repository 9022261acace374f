import { MESSAGE_LIST_FILTER, MESSAGE_LIST_ORDER, type MessageRepository } from '../../messaging/message-repository';
import type { Journal } from '../kit/journal';
import { listCaused } from './memory-caused-list';
import { providerKey, type MemoryState } from './memory-state';

/** The memory store's messages, indexed by idempotency key, customer, cause and provider id. */
export function memoryMessages(state: MemoryState, journal: Journal): MessageRepository {
  const table = state.messages;
  return {
    ...table.basics(journal),
    getByKey: async (tenantId, key) => table.getUnique(tenantId, 'idempotencyKey', key),
    async getByProviderId(tenantId, channel, providerMessageId) {
      const [newest] = table.list(tenantId, { index: { name: 'provider', value: providerKey(channel, providerMessageId) }, rules: MESSAGE_LIST_FILTER, filter: { limit: 1 }, order: MESSAGE_LIST_ORDER, limit: 1 });
      return newest ?? null;
    },
    list: async (tenantId, filter) => listCaused(table, tenantId, filter, MESSAGE_LIST_FILTER, MESSAGE_LIST_ORDER),
  };
}
