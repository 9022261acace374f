import { CONNECTOR_OPERATION_LIST_FILTER, CONNECTOR_OPERATION_LIST_ORDER, type ConnectorOperationRepository } from '../../connectors/connector-operation-repository';
import type { Journal } from '../kit/journal';
import { causeKey, type MemoryState } from './memory-state';

/** The memory store's connector operations, indexed by idempotency key, customer and cause. */
export function memoryConnectorOperations(state: MemoryState, journal: Journal): ConnectorOperationRepository {
  const table = state.connectorOperations;
  return {
    ...table.basics(journal),
    getByKey: async (tenantId, key) => table.getUnique(tenantId, 'idempotencyKey', key),
    async list(tenantId, filter) {
      const index =
        filter.cause !== undefined ? { name: 'cause', value: causeKey(filter.cause) } : filter.customerId !== undefined ? { name: 'customer', value: filter.customerId } : undefined;
      const { cause } = filter;
      return table.list(tenantId, {
        index,
        rules: CONNECTOR_OPERATION_LIST_FILTER,
        filter,
        also: (o) => cause === undefined || (o.cause.type === cause.type && o.cause.id === cause.id),
        order: CONNECTOR_OPERATION_LIST_ORDER,
        limit: filter.limit,
        after: filter.before === undefined ? undefined : [filter.before.createdAt, filter.before.id],
      });
    },
  };
}
