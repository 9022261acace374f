import { IANAZone } from 'luxon';

const IANA_NAME = /^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*)$/;
const canonicalCache = new Map<string, string | null>();

/**
 * The canonical spelling of an IANA time zone name (`europe/paris` becomes
 * `Europe/Paris`), or `null` when the runtime does not know the zone. Fixed offsets such
 * as `+01:00` are refused: an offset cannot follow daylight saving time.
 */
export function canonicalZone(zone: string): string | null {
  const cached = canonicalCache.get(zone);
  if (cached !== undefined) return cached;
  let result: string | null = null;
  if (IANA_NAME.test(zone) && IANAZone.isValidZone(zone)) {
    result = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  }
  canonicalCache.set(zone, result);
  return result;
}

/** True when `zone` is an IANA time zone name the runtime knows. */
export function isValidZone(zone: string): boolean {
  return canonicalZone(zone) !== null;
}

const HOUR = 3_600_000;
// Asking Intl for an offset is slow (it formats a date), and the scheduler asks a lot: the
// offset of each hour is cached when it is the same at both ends of the hour, which is
// every hour but the few with a transition in them, asked exactly instead.
const hourOffsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC, in minutes, at the instant `epochMs`. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR);
  let cache = hourOffsets.get(zone);
  if (cache === undefined) hourOffsets.set(zone, (cache = new Map<number, number>()));
  const cached = cache.get(hour);
  if (cached !== undefined) return cached;
  const iana = IANAZone.create(zone);
  const start = iana.offset(hour * HOUR);
  if (start !== iana.offset((hour + 1) * HOUR - 1)) return iana.offset(epochMs);
  if (cache.size > 100_000) cache.clear();
  cache.set(hour, start);
  return start;
}
