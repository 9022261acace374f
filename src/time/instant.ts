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
