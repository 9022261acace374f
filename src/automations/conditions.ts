import type { Condition, FieldCondition } from '../model/automation';
import type { JsonObject, JsonValue } from '../model/json';

/** What conditions read: the event's payload, the customer and the invoice, as JSON. */
export interface Facts {
  /** The event's payload (for a manual or scheduled run, what started it). */
  event: JsonObject;
  /** The customer, or null. */
  customer: JsonObject | null;
  /** The invoice of an invoice, payment or dunning event, or null. */
  invoice: JsonObject | null;
}

/** The facts `changed` compares against: before the event (in `if`) or at the trigger (in `unless`). */
export type EarlierFacts = Pick<Facts, 'customer' | 'invoice'>;

/** The value at a dotted path, or undefined when any step is missing. */
export function readPath(root: JsonValue | null | undefined, path: readonly string[]): JsonValue | undefined {
  let value: JsonValue | null | undefined = root;
  for (const key of path) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = Array.isArray(value) ? (/^\d+$/.test(key) ? value[Number(key)] : undefined) : value[key];
  }
  return value ?? (value === null ? null : undefined);
}

function factValue(facts: Facts | EarlierFacts, field: string): JsonValue | undefined {
  const [root, ...rest] = field.split('.');
  const base = root === 'event' ? (facts as Facts).event : root === 'customer' ? facts.customer : root === 'invoice' ? facts.invoice : undefined;
  return readPath(base, rest);
}

/** Deep equality of JSON values (object keys in any order). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/;

/** Orders two values: numbers by value, instants and calendar dates by time; null when they cannot be compared. */
export function compareValues(a: JsonValue | undefined, b: number | string): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string' && INSTANT.test(a) && INSTANT.test(b)) {
    const x = Date.parse(a);
    const y = Date.parse(b);
    return Number.isNaN(x) || Number.isNaN(y) ? null : x - y;
  }
  return null;
}

function testField(condition: FieldCondition, facts: Facts, earlier: EarlierFacts | null): boolean {
  const value = factValue(facts, condition.field);
  if ('equals' in condition) return jsonEqual(value, condition.equals);
  if ('notEquals' in condition) return !jsonEqual(value, condition.notEquals);
  if ('in' in condition) return condition.in.some((v) => jsonEqual(value, v));
  if ('contains' in condition) {
    if (Array.isArray(value)) return value.some((v) => jsonEqual(v, condition.contains));
    return typeof value === 'string' && typeof condition.contains === 'string' && value.includes(condition.contains);
  }
  if ('exists' in condition) return (value !== undefined && value !== null) === condition.exists;
  if ('changed' in condition) {
    if (earlier === null) return false;
    const before = factValue(earlier, condition.field);
    if (jsonEqual(before, value)) return false;
    if (condition.changed === true) return true;
    const { from, to } = condition.changed;
    return (from === undefined || jsonEqual(before, from)) && (to === undefined || jsonEqual(value, to));
  }
  const [bound, accept] =
    'gt' in condition ? [condition.gt, (c: number) => c > 0] : 'gte' in condition ? [condition.gte, (c: number) => c >= 0] : 'lt' in condition ? [condition.lt, (c: number) => c < 0] : [condition.lte, (c: number) => c <= 0];
  const order = compareValues(value, bound);
  return order !== null && accept(order);
}

/**
 * Whether `condition` holds for `facts`. `earlier` is what `changed` compares with: the
 * state before the event (in `if`) or at the trigger (in `unless`); without it nothing
 * has changed. A missing field reads as null: it equals `null` (and nothing else), does
 * not exist, and orders against nothing.
 */
export function evaluateCondition(condition: Condition, facts: Facts, earlier: EarlierFacts | null): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, facts, earlier));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, facts, earlier));
  if ('not' in condition) return !evaluateCondition(condition.not, facts, earlier);
  return testField(condition, facts, earlier);
}
