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

/** The zone's offset from UTC, in minutes, at the instant `epochMs`. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  return IANAZone.create(zone).offset(epochMs);
}
