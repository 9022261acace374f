import { ValidationError } from '../errors';
import type { AtInput } from '../model/reminder';
import { isValidDate, parseInstant } from '../time/instant';
import { parseLocalDateTime } from '../time/local-date-time';
import { resolveWallTime, type WallTimeKind } from '../time/wall-time';

/** A due time placed on the time line, with the zone it was meant in. */
export interface ResolvedDueTime {
  /** The UTC instant. */
  instant: Date;
  /** The zone kept beside the instant. */
  zone: string;
  /** How the wall time was placed; `exact` for inputs that were instants already. */
  kind: WallTimeKind;
}

/**
 * Turns the `at` of a reminder into an instant. `fallbackZone` is the customer's zone,
 * else the tenant's, else UTC; it is used for `{ local }` without a zone and kept as
 * the display zone of instants.
 */
export function resolveDueTime(at: AtInput, fallbackZone: string, path = 'at'): ResolvedDueTime {
  if (at instanceof Date) {
    if (!isValidDate(at)) throw ValidationError.field(path, 'The Date is invalid (Invalid Date).');
    return fromInstant(at, fallbackZone, path);
  }
  if (typeof at === 'string') {
    const instant = parseInstant(at.trim());
    if (instant === null) {
      throw ValidationError.field(
        path,
        `"${at}" is not an ISO date-time with an offset. Write 2026-11-23T10:00:00+01:00 (or Z for UTC), or pass { local: '2026-11-23T10:00', zone: 'Europe/Paris' }.`,
      );
    }
    return fromInstant(instant, fallbackZone, path);
  }
  const local = parseLocalDateTime(at.local.trim());
  if (local === null) {
    throw ValidationError.field(`${path}.local`, `"${at.local}" is not a wall time on the calendar; write YYYY-MM-DDTHH:mm, such as 2026-11-23T10:00.`);
  }
  const zone = at.zone ?? fallbackZone;
  const resolved = resolveWallTime(local, zone);
  checkRange(resolved.instant, `${path}.local`);
  return { instant: resolved.instant, zone, kind: resolved.kind };
}

// Dates outside these years do not survive formatting and storage in every store.
const MIN_MS = Date.UTC(1970, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31);

function checkRange(instant: Date, path: string): void {
  const ms = instant.getTime();
  if (ms < MIN_MS || ms > MAX_MS) throw ValidationError.field(path, 'The time must fall between the years 1970 and 9999.');
}

function fromInstant(instant: Date, zone: string, path: string): ResolvedDueTime {
  checkRange(instant, path);
  const copy = new Date(instant.getTime());
  return { instant: copy, zone, kind: 'exact' };
}
