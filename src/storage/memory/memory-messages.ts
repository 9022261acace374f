import type { Message } from '../../model/message';
import { MESSAGE_LIST_ORDER, type MessageListFilter, type MessageRepository } from '../../messaging/message-repository';
import type { Journal } from '../kit/journal';
import { page } from '../kit/list-order';
import { causeKey, type MemoryState } from './memory-state';

function matches(m: Message, f: MessageListFilter): boolean {
  if (f.customerId !== undefined && m.customerId !== f.customerId) return false;
  if (f.state !== undefined && m.state !== f.state) return false;
  if (f.direction !== undefined && m.direction !== f.direction) return false;
  if (f.kind !== undefined && m.kind !== f.kind) return false;
  if (f.cause !== undefined && (m.cause.type !== f.cause.type || m.cause.id !== f.cause.id)) return false;
  return true;
}

/** The memory store's messages, indexed by idempotency key, customer and cause. */
export function memoryMessages(state: MemoryState, journal: Journal): MessageRepository {
  const table = state.messages;
  return {
    get: async (tenantId, id) => table.get(tenantId, id),
    getMany: async (tenantId, ids) => table.getMany(tenantId, ids),
    getByKey: async (tenantId, key) => table.getUnique(tenantId, 'idempotencyKey', key),
    insert: async (message) => table.insert(journal, message),
    update: async (message, expectedVersion) => table.update(journal, message, expectedVersion),
    async list(tenantId, filter) {
      const index =
        filter.cause !== undefined ? { name: 'cause', value: causeKey(filter.cause) } : filter.customerId !== undefined ? { name: 'customer', value: filter.customerId } : undefined;
      const rows = table.rows(tenantId, index).filter((m) => matches(m, filter));
      const before = filter.before === undefined ? undefined : [filter.before.createdAt, filter.before.id];
      return page(MESSAGE_LIST_ORDER, rows, filter.limit, before).map((m) => table.out(m));
    },
  };
}
