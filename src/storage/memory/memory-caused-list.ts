import type { FilterRules } from '../kit/list-filter';
import type { ListOrder } from '../kit/list-order';
import type { MemoryTable } from '../kit/memory-table';
import { causeKey } from './memory-state';

/** A row that something caused and that may belong to a customer: a message, a connector operation. */
interface CausedRow {
  tenantId: string;
  customerId: string | null;
  cause: { type: string; id: string };
}

/** The list filter such rows share: by cause or customer, after a (createdAt, id) position. */
interface CausedFilter {
  customerId?: string | undefined;
  cause?: { type: string; id: string } | undefined;
  before?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

/**
 * A page of caused rows, read through the `cause` index when the filter names a cause,
 * else the `customer` index when it names a customer, else every row of the tenant.
 */
export function listCaused<E extends CausedRow, F extends CausedFilter>(table: MemoryTable<E>, tenantId: string, filter: F, rules: FilterRules<E, F>, order: ListOrder<E>): E[] {
  const { cause } = filter;
  const index = cause !== undefined ? { name: 'cause', value: causeKey(cause) } : filter.customerId !== undefined ? { name: 'customer', value: filter.customerId } : undefined;
  return table.list(tenantId, {
    index,
    rules,
    filter,
    also: (row) => cause === undefined || (row.cause.type === cause.type && row.cause.id === cause.id),
    order,
    limit: filter.limit,
    after: filter.before === undefined ? undefined : [filter.before.createdAt, filter.before.id],
  });
}
