/**
 * The part of OData V2's `$filter` language (OData V2 URI conventions, section 4.5) the SAP
 * double answers: `eq ne gt ge lt le`, `and or not`, parentheses, and the literals
 * `'text'` (quotes doubled), `datetime'2026-11-01T00:00:00'`, `time'PT10H00M05S'`, `true`,
 * `false`, `null` and numbers. A property the entity type does not have is refused, as SAP
 * Gateway refuses it.
 */

/** A value as the double keeps it: dates `YYYY-MM-DD`, times `HH:MM:SS`, decimals as text. */
export type Value = string | number | boolean | null;

/** How a property compares: `date` and `time` as SAP's `Edm.DateTime` and `Edm.Time`, `decimal` numerically. */
export type FieldKind = 'string' | 'date' | 'time' | 'boolean' | 'decimal';

type Node = { op: 'and' | 'or'; left: Node; right: Node } | { op: 'not'; arg: Node } | { op: 'cmp'; cmp: string; left: Operand; right: Operand };
type Operand = { field: string } | { value: Value; kind: FieldKind | null };

/** A `$filter` the double cannot read; answered as SAP's 400. */
export class FilterError extends Error {}

const TOKEN = /\s*(\(|\)|datetime'[^']*'|time'[^']*'|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_/]*|-?\d+(?:\.\d+)?)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) throw new FilterError(`Invalid token at position ${at} in $filter`);
    tokens.push(match[1] ?? '');
  }
  return tokens;
}

const TIME = /^PT(\d{1,2})H(\d{1,2})M(\d{1,2})S$/;

function operand(token: string, kinds: Readonly<Record<string, FieldKind>>): Operand {
  if (token.startsWith("datetime'")) {
    const text = token.slice(9, -1);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) throw new FilterError(`Invalid datetime literal ${token}`);
    return { value: text.length === 16 ? `${text}:00` : text, kind: 'date' };
  }
  if (token.startsWith("time'")) {
    const match = TIME.exec(token.slice(5, -1));
    if (match === null) throw new FilterError(`Invalid time literal ${token}`);
    return { value: match.slice(1, 4).map((p) => p.padStart(2, '0')).join(':'), kind: 'time' };
  }
  if (token.startsWith("'")) return { value: token.slice(1, -1).replace(/''/g, "'"), kind: 'string' };
  if (token === 'true' || token === 'false') return { value: token === 'true', kind: 'boolean' };
  if (token === 'null') return { value: null, kind: null };
  if (/^-?\d/.test(token)) return { value: token, kind: 'decimal' };
  if (!(token in kinds)) throw new FilterError(`Property ${token} not found in type`);
  return { field: token };
}

/** Parses a `$filter` against an entity type's properties. */
export function parseFilter(text: string, kinds: Readonly<Record<string, FieldKind>>): Node {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new FilterError('Unexpected end of $filter');
    return token;
  };
  const or = (): Node => {
    let left = and();
    while (peek() === 'or') {
      take();
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Node => {
    let left = unary();
    while (peek() === 'and') {
      take();
      left = { op: 'and', left, right: unary() };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() === 'not') {
      take();
      return { op: 'not', arg: unary() };
    }
    if (peek() === '(') {
      take();
      const inner = or();
      if (take() !== ')') throw new FilterError('Expected ) in $filter');
      return inner;
    }
    const left = operand(take(), kinds);
    const cmp = take();
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(cmp)) throw new FilterError(`Unsupported operator ${cmp} in $filter`);
    return { op: 'cmp', cmp, left, right: operand(take(), kinds) };
  };
  const node = or();
  if (at !== tokens.length) throw new FilterError(`Unexpected ${tokens[at]} in $filter`);
  return node;
}

/** A comparable form of a value of that kind: dates as `YYYY-MM-DDTHH:MM:SS`, decimals as numbers. */
function comparable(value: Value, kind: FieldKind | null): Value {
  if (value === null) return null;
  if (kind === 'date' && typeof value === 'string') return value.length === 10 ? `${value}T00:00:00` : value;
  if (kind === 'decimal') return Number(value);
  return value;
}

/** Whether a row matches a parsed `$filter`. */
export function matches(node: Node, row: Readonly<Record<string, Value>>, kinds: Readonly<Record<string, FieldKind>>): boolean {
  switch (node.op) {
    case 'and':
      return matches(node.left, row, kinds) && matches(node.right, row, kinds);
    case 'or':
      return matches(node.left, row, kinds) || matches(node.right, row, kinds);
    case 'not':
      return !matches(node.arg, row, kinds);
    case 'cmp': {
      const side = (o: Operand): { value: Value; kind: FieldKind | null } => ('field' in o ? { value: row[o.field] ?? null, kind: kinds[o.field] ?? null } : o);
      const l = side(node.left);
      const r = side(node.right);
      const kind = l.kind ?? r.kind;
      const a = comparable(l.value, kind);
      const b = comparable(r.value, kind);
      if (node.cmp === 'eq') return a === b;
      if (node.cmp === 'ne') return a !== b;
      if (a === null || b === null) return false;
      if (node.cmp === 'gt') return a > b;
      if (node.cmp === 'ge') return a >= b;
      if (node.cmp === 'lt') return a < b;
      return a <= b;
    }
  }
}
