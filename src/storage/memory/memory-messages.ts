import type { Message } from '../../model/message';
import type { MessageListFilter, MessageRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

/** The memory store's messages, indexed by idempotency key and by customer. */
export class MemoryMessages implements MessageRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<Message | null> {
    this.journal.assertOpen();
    const m = this.state.messages.get(tenantId)?.get(id);
    return Promise.resolve(m === undefined ? null : structuredClone(m));
  }

  getMany(tenantId: string, ids: readonly string[]): Promise<Message[]> {
    this.journal.assertOpen();
    const table = this.state.messages.get(tenantId);
    const out: Message[] = [];
    for (const id of new Set(ids)) {
      const m = table?.get(id);
      if (m !== undefined) out.push(structuredClone(m));
    }
    return Promise.resolve(out);
  }

  getByKey(tenantId: string, idempotencyKey: string): Promise<Message | null> {
    this.journal.assertOpen();
    const id = this.state.messageKeys.get(tenantId)?.get(idempotencyKey);
    return id === undefined ? Promise.resolve(null) : this.get(tenantId, id);
  }

  insert(message: Message): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.tenantMap(this.state.messages, message.tenantId);
    const keys = this.state.tenantMap(this.state.messageKeys, message.tenantId);
    if (table.has(message.id) || keys.has(message.idempotencyKey)) return Promise.resolve(false);
    table.set(message.id, structuredClone(message));
    keys.set(message.idempotencyKey, message.id);
    const byCustomer = message.customerId === null ? null : this.state.customerMessageIds(message.tenantId, message.customerId);
    byCustomer?.add(message.id);
    const byCause = this.state.idsOf(this.state.messagesByCause, message.tenantId, causeKey(message.cause));
    byCause.add(message.id);
    this.journal.record(() => {
      table.delete(message.id);
      keys.delete(message.idempotencyKey);
      byCustomer?.delete(message.id);
      byCause.delete(message.id);
    });
    return Promise.resolve(true);
  }

  update(message: Message, expectedVersion: number): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.messages.get(message.tenantId);
    const current = table?.get(message.id);
    if (table === undefined || current === undefined || current.version !== expectedVersion) return Promise.resolve(false);
    // The key and the customer are fixed at insert; an update cannot move them.
    table.set(message.id, structuredClone({ ...message, idempotencyKey: current.idempotencyKey, customerId: current.customerId }));
    this.journal.record(() => table.set(message.id, current));
    return Promise.resolve(true);
  }

  list(tenantId: string, filter: MessageListFilter): Promise<Message[]> {
    this.journal.assertOpen();
    const table = this.state.messages.get(tenantId);
    if (table === undefined) return Promise.resolve([]);
    const none = new Set<string>();
    const ids =
      filter.cause !== undefined
        ? (this.state.messagesByCause.get(tenantId)?.get(causeKey(filter.cause)) ?? none)
        : filter.customerId !== undefined
          ? (this.state.messagesByCustomer.get(tenantId)?.get(filter.customerId) ?? none)
          : table.keys();
    const rows: Message[] = [];
    for (const id of ids) {
      const m = table.get(id);
      if (m !== undefined && matches(m, filter)) rows.push(m);
    }
    rows.sort(newestFirst);
    return Promise.resolve(rows.slice(0, filter.limit).map((m) => structuredClone(m)));
  }
}

function causeKey(cause: { type: string; id: string }): string {
  return `${cause.type}\u0000${cause.id}`;
}

function newestFirst(a: Message, b: Message): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function matches(m: Message, f: MessageListFilter): boolean {
  if (f.customerId !== undefined && m.customerId !== f.customerId) return false;
  if (f.state !== undefined && m.state !== f.state) return false;
  if (f.direction !== undefined && m.direction !== f.direction) return false;
  if (f.kind !== undefined && m.kind !== f.kind) return false;
  if (f.cause !== undefined && (m.cause.type !== f.cause.type || m.cause.id !== f.cause.id)) return false;
  if (f.before !== undefined) {
    const t = m.createdAt.getTime();
    const b = f.before.createdAt.getTime();
    if (t > b || (t === b && m.id >= f.before.id)) return false;
  }
  return true;
}

/** Removes a customer's messages from the memory tables (inside the caller's journal). */
export function removeCustomerMessages(state: MemoryState, journal: Journal, tenantId: string, customerId: string): void {
  const ids = state.messagesByCustomer.get(tenantId)?.get(customerId);
  const table = state.messages.get(tenantId);
  const keys = state.messageKeys.get(tenantId);
  if (ids === undefined || table === undefined || keys === undefined) return;
  for (const id of [...ids]) {
    const m = table.get(id);
    if (m === undefined) continue;
    const byCause = state.messagesByCause.get(tenantId)?.get(causeKey(m.cause));
    table.delete(id);
    keys.delete(m.idempotencyKey);
    ids.delete(id);
    byCause?.delete(id);
    journal.record(() => {
      table.set(id, m);
      keys.set(m.idempotencyKey, id);
      ids.add(id);
      byCause?.add(id);
    });
  }
}
