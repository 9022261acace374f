import { CONNECTOR_OPERATION_LIST_FILTER, CONNECTOR_OPERATION_LIST_ORDER, type ConnectorOperationRepository } from 'tickler/adapter';
import type { PgContext } from './postgres-session';
import { TABLES } from './postgres-tables';

const operations = TABLES.connectorOperations;

/**
 * Connector operations in PostgreSQL. The unique key on (tenant, idempotency key) is what
 * makes queueing idempotent across processes: a concurrent insert of the same key waits
 * for the other transaction, then does nothing.
 */
export function postgresConnectorOperations(ctx: PgContext): ConnectorOperationRepository {
  return {
    ...operations.basics(ctx),
    getByKey: (tenantId, idempotencyKey) => operations.first(operations.select(ctx, tenantId).where('idempotency_key', '=', idempotencyKey)),
    list(tenantId, filter) {
      let q = operations.filtered(operations.select(ctx, tenantId), CONNECTOR_OPERATION_LIST_FILTER, filter);
      if (filter.cause !== undefined) q = q.where('cause_type', '=', filter.cause.type).where('cause_id', '=', filter.cause.id);
      if (filter.before !== undefined) q = operations.after(q, CONNECTOR_OPERATION_LIST_ORDER, [filter.before.createdAt, filter.before.id]);
      return operations.all(operations.ordered(q, CONNECTOR_OPERATION_LIST_ORDER).limit(filter.limit));
    },
  };
}
