import { CONNECTOR_OPERATION_LIST_FILTER, CONNECTOR_OPERATION_LIST_ORDER, type ConnectorOperationRepository } from '../../connectors/connector-operation-repository';
import type { Journal } from '../kit/journal';
import { listCaused } from './memory-caused-list';
import type { MemoryState } from './memory-state';

/** The memory store's connector operations, indexed by idempotency key, customer and cause. */
export function memoryConnectorOperations(state: MemoryState, journal: Journal): ConnectorOperationRepository {
  const table = state.connectorOperations;
  return {
    ...table.basics(journal),
    getByKey: async (tenantId, key) => table.getUnique(tenantId, 'idempotencyKey', key),
    list: async (tenantId, filter) => listCaused(table, tenantId, filter, CONNECTOR_OPERATION_LIST_FILTER, CONNECTOR_OPERATION_LIST_ORDER),
  };
}
