// A small reader of the SOQL the activity source sends, as the SOQL and SOSL Reference
// describes it (developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta): SELECT fields
// FROM an object, WHERE with AND, OR, NOT and parentheses, comparison operators (=, !=, <,
// <=, >, >=, IN), null, quoted strings, date (YYYY-MM-DD) and dateTime literals
// (YYYY-MM-DDThh:mm:ssZ or ±hh:mm: the reference lists no fractional seconds), ORDER BY
// fields ASC or DESC, and LIMIT.

/** A literal value of a condition. */
export type SoqlValue = { kind: 'null' } | { kind: 'string'; value: string } | { kind: 'date'; value: string } | { kind: 'datetime'; ms: number } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean };

/** A WHERE condition. */
export type SoqlCondition =
  | { op: 'and' | 'or'; left: SoqlCondition; right: SoqlCondition }
  | { op: 'not'; inner: SoqlCondition }
  | { op: '=' | '!=' | '<' | '<=' | '>' | '>='; field: string; value: SoqlValue }
  | { op: 'in'; field: string; values: SoqlValue[] };

/** A parsed SELECT. */
export interface SoqlQuery {
  fields: string[];
  object: string;
  where: SoqlCondition | null;
  orderBy: { field: string; descending: boolean }[];
  limit: number | null;
}

/** What Salesforce answers a query it cannot parse: `MALFORMED_QUERY`. */
export class SoqlError extends Error {}

const TOKEN = /\s*(\(|\)|,|!=|<=|>=|=|<|>|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_.]*|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})|\d{4}-\d{2}-\d{2}|-?\d+(?:\.\d+)?)/y;

function tokenize(soql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < soql.length) {
    if (/^\s*$/.test(soql.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(soql);
    if (match === null) throw new SoqlError(`unexpected token: '${soql.slice(index).trim().slice(0, 20)}'`);
    tokens.push(match[1] as string);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

/** Parses one SELECT; throws {@link SoqlError} as Salesforce would answer MALFORMED_QUERY. */
export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const is = (word: string): boolean => peek()?.toUpperCase() === word;
  const take = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new SoqlError('unexpected end of query');
    return t;
  };
  const expect = (word: string): void => {
    const t = take();
    if (t.toUpperCase() !== word) throw new SoqlError(`unexpected token: '${t}', expected ${word}`);
  };
  const identifier = (): string => {
    const t = take();
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(t)) throw new SoqlError(`unexpected token: '${t}'`);
    return t;
  };
  const value = (): SoqlValue => {
    const t = take();
    if (t.toLowerCase() === 'null') return { kind: 'null' };
    if (t.toLowerCase() === 'true' || t.toLowerCase() === 'false') return { kind: 'boolean', value: t.toLowerCase() === 'true' };
    if (t.startsWith("'")) return { kind: 'string', value: t.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (/^\d{4}-\d{2}-\d{2}T/.test(t)) return { kind: 'datetime', ms: Date.parse(t) };
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return { kind: 'date', value: t };
    if (/^-?\d/.test(t)) return { kind: 'number', value: Number(t) };
    throw new SoqlError(`unexpected token: '${t}'`);
  };
  const factor = (): SoqlCondition => {
    if (peek() === '(') {
      take();
      const inner = or();
      expect(')');
      return inner;
    }
    if (is('NOT')) {
      take();
      return { op: 'not', inner: factor() };
    }
    const field = identifier();
    const op = take();
    if (op.toUpperCase() === 'IN') {
      expect('(');
      const values = [value()];
      while (peek() === ',') {
        take();
        values.push(value());
      }
      expect(')');
      return { op: 'in', field, values };
    }
    if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw new SoqlError(`unexpected token: '${op}'`);
    return { op: op as '=', field, value: value() };
  };
  const and = (): SoqlCondition => {
    let left = factor();
    while (is('AND')) {
      take();
      left = { op: 'and', left, right: factor() };
    }
    return left;
  };
  const or = (): SoqlCondition => {
    let left = and();
    while (is('OR')) {
      take();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };

  expect('SELECT');
  const fields = [identifier()];
  while (peek() === ',') {
    take();
    fields.push(identifier());
  }
  expect('FROM');
  const object = identifier();
  let where: SoqlCondition | null = null;
  if (is('WHERE')) {
    take();
    where = or();
  }
  const orderBy: SoqlQuery['orderBy'] = [];
  if (is('ORDER')) {
    take();
    expect('BY');
    do {
      if (peek() === ',') take();
      const field = identifier();
      let descending = false;
      if (is('ASC') || is('DESC')) descending = take().toUpperCase() === 'DESC';
      orderBy.push({ field, descending });
    } while (peek() === ',');
  }
  let limit: number | null = null;
  if (is('LIMIT')) {
    take();
    const n = value();
    if (n.kind !== 'number' || !Number.isInteger(n.value) || n.value < 0) throw new SoqlError('LIMIT takes a whole number');
    limit = n.value;
  }
  if (i < tokens.length) throw new SoqlError(`unexpected token: '${tokens[i]}'`);
  return { fields, object, where, orderBy, limit };
}

/** The fields a condition names, to answer INVALID_FIELD for one the object does not have. */
export function conditionFields(condition: SoqlCondition | null): string[] {
  if (condition === null) return [];
  if ('left' in condition) return [...conditionFields(condition.left), ...conditionFields(condition.right)];
  if ('inner' in condition) return conditionFields(condition.inner);
  return [condition.field];
}

/** A record's field as the reader compares it: text, a number of ms for a dateTime, or null. */
export type SoqlFieldValue = string | number | boolean | null;

const comparable = (v: SoqlValue): SoqlFieldValue => (v.kind === 'null' ? null : v.kind === 'datetime' ? v.ms : v.value);

/** Whether `get(field)` satisfies the condition. A comparison with null is false, as in SOQL. */
export function matches(condition: SoqlCondition | null, get: (field: string) => SoqlFieldValue): boolean {
  if (condition === null) return true;
  switch (condition.op) {
    case 'and':
      return matches(condition.left, get) && matches(condition.right, get);
    case 'or':
      return matches(condition.left, get) || matches(condition.right, get);
    case 'not':
      return !matches(condition.inner, get);
    case 'in': {
      const actual = get(condition.field);
      return condition.values.some((v) => actual === comparable(v));
    }
    default: {
      const actual = get(condition.field);
      const wanted = comparable(condition.value);
      if (condition.op === '=') return actual === wanted;
      if (condition.op === '!=') return actual !== wanted;
      if (actual === null || wanted === null) return false;
      if (condition.op === '<') return actual < wanted;
      if (condition.op === '<=') return actual <= wanted;
      if (condition.op === '>') return actual > wanted;
      return actual >= wanted;
    }
  }
}
