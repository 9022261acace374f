import { ValidationError } from '../errors';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses an ISO-8601 date-time that carries its offset (`Z` or `+01:00`). A string
 * without an offset is refused (returns `null`): it would silently mean the process's
 * zone, which is exactly the bug tickler exists to prevent.
 */
export function parseInstant(text: string): Date | null {
  if (!ISO_WITH_OFFSET.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** True when `value` is a `Date` holding a real instant (not `Invalid Date`). */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

/**
 * An instant from a `Date` or an ISO string with an offset; a ValidationError naming
 * `path` otherwise. The one way tickler reads an instant a caller gave.
 */
export function instantOf(value: Date | string, path: string): Date {
  const date = value instanceof Date ? value : parseInstant(value);
  if (date === null || !isValidDate(date)) throw ValidationError.field(path, `"${String(value)}" is not an instant; give a Date or an ISO string with an offset, such as 2026-12-01T00:00:00+01:00.`);
  return date;
}
