import type { ConnectorOperation, ConnectorOperationState } from '../model/connector-operation';
import type { MessageCause } from '../model/message';
import type { FilterRules } from '../storage/kit/list-filter';
import type { ListOrder } from '../storage/kit/list-order';

/** Position in an operation list: the `createdAt` and id of the last row seen. */
export interface ConnectorOperationListPosition {
  /** `createdAt` of the last row. */
  createdAt: Date;
  /** Id of the last row. */
  id: string;
}

/** The filters a store applies to a list of connector operations. */
export interface ConnectorOperationListFilter {
  /** Only this customer's operations. */
  customerId?: string | undefined;
  /** Only operations in this state. */
  state?: ConnectorOperationState | undefined;
  /** Only this connector's. */
  connector?: string | undefined;
  /** Only operations with this cause type and id. */
  cause?: Pick<MessageCause, 'type' | 'id'> | undefined;
  /** Rows strictly after this position in the order (newest first). */
  before?: ConnectorOperationListPosition | undefined;
  /** At most this many rows. */
  limit: number;
}

/**
 * Connector operations: work in external systems, each a stored row with its outcome.
 * Removing a customer removes its operations (`CustomerRepository.remove`).
 */
export interface ConnectorOperationRepository {
  /** One operation, or null. */
  get(tenantId: string, id: string): Promise<ConnectorOperation | null>;
  /** The operations with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<ConnectorOperation[]>;
  /** The operation with this idempotency key, or null. */
  getByKey(tenantId: string, idempotencyKey: string): Promise<ConnectorOperation | null>;
  /**
   * Adds an operation; false (and nothing written) when its id or its idempotency key is
   * taken in the tenant. Of concurrent inserts with the same key, exactly one MUST succeed:
   * this is what makes queueing the same work twice make one operation. Its customer,
   * when it has one, MUST exist (the caller checks it in the same transaction).
   */
  insert(operation: ConnectorOperation): Promise<boolean>;
  /** Replaces an operation only if its stored `version` is `expectedVersion`; false otherwise. */
  update(operation: ConnectorOperation, expectedVersion: number): Promise<boolean>;
  /** Operations matching the filter, newest first (`createdAt` descending, then id descending). */
  list(tenantId: string, filter: ConnectorOperationListFilter): Promise<ConnectorOperation[]>;
}

/** The order of {@link ConnectorOperationRepository.list}: newest first, ties by id descending. */
export const CONNECTOR_OPERATION_LIST_ORDER: ListOrder<ConnectorOperation> = [
  { field: 'createdAt', type: 'time', desc: true },
  { field: 'id', type: 'text', desc: true },
];

/** How the plain fields of {@link ConnectorOperationListFilter} select operations, in every store (`cause` and `before` are each store's own). */
export const CONNECTOR_OPERATION_LIST_FILTER: FilterRules<ConnectorOperation, ConnectorOperationListFilter> = {
  customerId: { column: 'customer_id', of: (o) => o.customerId },
  state: { column: 'state', of: (o) => o.state },
  connector: { column: 'connector', of: (o) => o.connector },
};
