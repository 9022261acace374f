/**
 * How one field of a list filter selects rows, declared once beside the repository port
 * and applied by every store: the memory store compares `of(row)` with the filter's
 * value, a SQL store writes `column op value`. Ops: `=`, `<>`, `>=`, and `contains`
 * (the row's array holds the value; in SQL a `jsonb` array column).
 */
export interface FilterRule<E, V> {
  /** The column a SQL store compares. */
  readonly column: string;
  /** The row's value, for stores that compare in memory. */
  readonly of: (row: E) => unknown;
  /**
   * The comparison: `=` unless given; a function turns the filter's value into the
   * comparison and its operand (a flag that selects one value or all others).
   */
  readonly compare?: FilterOp | ((value: V) => readonly [FilterOp, unknown]) | undefined;
}

/** A comparison of a {@link FilterRule}. */
export type FilterOp = '=' | '<>' | '>=' | 'contains';

/** The rules of a list filter, by the filter's field; fields without a rule are the store's own (positions, limits, free text). */
export type FilterRules<E, F> = { readonly [K in keyof F]?: FilterRule<E, Exclude<F[K], undefined>> };

/** One condition of a filter as a store applies it: the column, the comparison, the operand and the row's value. */
export interface FilterCondition<E> {
  /** The column a SQL store compares. */
  readonly column: string;
  /** The comparison. */
  readonly op: FilterOp;
  /** What the row's value is compared with. */
  readonly operand: unknown;
  /** The row's value. */
  readonly of: (row: E) => unknown;
}

/** The conditions a filter sets: one per field that has a rule and a value. */
export function filterConditions<E, F extends object>(rules: FilterRules<E, F>, filter: F): FilterCondition<E>[] {
  const out: FilterCondition<E>[] = [];
  for (const field of Object.keys(rules) as (keyof F)[]) {
    const value = filter[field];
    const rule = rules[field] as FilterRule<E, unknown> | undefined;
    if (value === undefined || rule === undefined) continue;
    const [op, operand] = typeof rule.compare === 'function' ? rule.compare(value) : [rule.compare ?? '=', value];
    out.push({ column: rule.column, op, operand, of: rule.of });
  }
  return out;
}

/** Whether a row meets a condition, compared as the SQL store does. */
export function meets<E>(row: E, condition: FilterCondition<E>): boolean {
  const value = condition.of(row);
  switch (condition.op) {
    case '=':
      return value === condition.operand;
    case '<>':
      return value !== condition.operand && value !== null;
    case '>=':
      return value !== null && (value as number) >= (condition.operand as number);
    case 'contains':
      return Array.isArray(value) && value.includes(condition.operand);
  }
}

/** Whether a row meets every condition of a filter. */
export function matchesFilter<E, F extends object>(rules: FilterRules<E, F>, filter: F, row: E): boolean {
  return filterConditions(rules, filter).every((condition) => meets(row, condition));
}
