import type { JsonValue } from '../model/json';

/**
 * Turns an entity into the JSON kept in an audit entry: dates become ISO strings,
 * `undefined` fields disappear, so the entry reads the same from every store.
 */
export function auditSnapshot(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(auditSnapshot);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[key] = auditSnapshot(v);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  return null; // functions and symbols have no JSON form
}
