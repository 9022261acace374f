/**
 * One key of a list's order: a field of the entity, how it compares, and the direction.
 * `text` compares by UTF-16 code unit (PostgreSQL: `collate "C"`), so every store sorts
 * the same whatever its collation; `time` compares Dates; `number` and `boolean` compare
 * as values.
 */
export interface OrderKey<E> {
  /** The field. */
  readonly field: keyof E & string;
  /** How its values compare. */
  readonly type: 'text' | 'time' | 'number' | 'boolean';
  /** Descending when true. */
  readonly desc?: boolean | undefined;
  /** The value compared, when it is not the field itself (a normalised sort key). */
  readonly of?: ((row: E) => unknown) | undefined;
  /** The column a SQL store keeps that value in, when it is not the field's own. */
  readonly column?: string | undefined;
}

/**
 * The order of a list, declared once beside its repository port and used by every store:
 * the memory store sorts with {@link compareBy}, the PostgreSQL store writes it as
 * `order by`. Always ends with a unique field (the id), so pages are stable.
 */
export type ListOrder<E> = readonly OrderKey<E>[];

/** Compares two strings by UTF-16 code unit, as `collate "C"` does. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareValues(type: OrderKey<unknown>['type'], a: unknown, b: unknown): number {
  if (a === b) return 0;
  // Nulls last, as PostgreSQL sorts them ascending.
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  switch (type) {
    case 'text':
      return compareText(a as string, b as string);
    case 'time':
      return (a as Date).getTime() - (b as Date).getTime();
    case 'number':
      return (a as number) - (b as number);
    case 'boolean':
      return Number(a) - Number(b);
  }
}

/** The values a row is sorted by, in the order's key order. */
export function orderValues<E>(order: ListOrder<E>, row: E): unknown[] {
  return order.map((key) => (key.of === undefined ? row[key.field] : key.of(row)));
}

function compareTuples<E>(order: ListOrder<E>, a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < order.length; i++) {
    const key = order[i] as OrderKey<E>;
    const c = compareValues(key.type, a[i], b[i]);
    if (c !== 0) return key.desc === true ? -c : c;
  }
  return 0;
}

/** The comparator of an order, for stores that sort in memory. */
export function compareBy<E>(order: ListOrder<E>): (a: E, b: E) => number {
  return (a, b) => compareTuples(order, orderValues(order, a), orderValues(order, b));
}

/** True when `row` comes strictly after the row whose sort values are `position` (keyset paging). */
export function isAfter<E>(order: ListOrder<E>, row: E, position: readonly unknown[]): boolean {
  return compareTuples(order, orderValues(order, row), position) > 0;
}

/** Sorts `rows` by the order, keeps those after `position` (if given), and the first `limit`. */
export function page<E>(order: ListOrder<E>, rows: E[], limit: number, position?: readonly unknown[]): E[] {
  const kept = position === undefined ? rows : rows.filter((row) => isAfter(order, row, position));
  return kept.sort(compareBy(order)).slice(0, limit);
}

/** A row with an id. */
export interface IdentifiedRow {
  /** The row's id. */
  readonly id: string;
}

/** Ordered by id (code units): how the lists of definitions (templates, policies, automations) come. */
export function byId<E extends IdentifiedRow>(): ListOrder<E> {
  return [{ field: 'id', type: 'text' }];
}
