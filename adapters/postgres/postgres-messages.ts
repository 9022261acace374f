import { sql } from 'kysely';
import type { Message } from 'tickler';
import type { MessageListFilter, MessageRepository } from 'tickler/adapter';
import { messageToRow, rowToMessage } from './postgres-message-rows';
import type { PgContext } from './postgres-session';

/** Messages in PostgreSQL. The unique key on (tenant, idempotency key) is what makes queueing idempotent across processes. */
export class PostgresMessages implements MessageRepository {
  constructor(private readonly ctx: PgContext) {}

  async get(tenantId: string, id: string): Promise<Message | null> {
    const row = await this.ctx.db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : rowToMessage(row);
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(rowToMessage);
  }

  async getByKey(tenantId: string, idempotencyKey: string): Promise<Message | null> {
    const row = await this.ctx.db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    return row === undefined ? null : rowToMessage(row);
  }

  async insert(message: Message): Promise<boolean> {
    // A concurrent insert of the same key waits for the other transaction, then does nothing.
    const result = await this.ctx.db.insertInto('messages').values(messageToRow(message)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(message: Message, expectedVersion: number): Promise<boolean> {
    const { tenant_id, id, idempotency_key: _key, customer_id: _customer, ...rest } = messageToRow(message);
    const result = await this.ctx.db.updateTable('messages').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(tenantId: string, filter: MessageListFilter): Promise<Message[]> {
    let q = this.ctx.db.selectFrom('messages').selectAll().where('tenant_id', '=', tenantId);
    if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.direction !== undefined) q = q.where('direction', '=', filter.direction);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.cause !== undefined) q = q.where('cause_type', '=', filter.cause.type).where('cause_id', '=', filter.cause.id);
    if (filter.before !== undefined) q = q.where(sql<boolean>`(created_at, id) < (${filter.before.createdAt}, ${filter.before.id})`);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(rowToMessage);
  }
}
