import { floatingMsToLocal, localToFloatingMs, type LocalDateTime } from './local-date-time';
import { zoneOffsetMinutes } from './zones';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** How a wall time mapped onto the time line. */
export type WallTimeKind =
  /** The wall time occurs exactly once. */
  | 'exact'
  /** The wall time falls in a spring-forward gap and does not exist; it was moved forward by the gap. */
  | 'gap'
  /** The wall time occurs twice (fall-back overlap); the earlier instant was taken. */
  | 'ambiguous';

/** The result of placing a wall time in a zone. */
export interface ResolvedWallTime {
  /** The UTC instant chosen. */
  instant: Date;
  /** Whether the wall time was exact, in a gap, or ambiguous. */
  kind: WallTimeKind;
}

/**
 * Places a wall time in an IANA zone. This is tickler's one DST rule:
 *
 * - a wall time inside a spring-forward gap moves forward by the length of the gap
 *   (02:30 on the night New York springs forward becomes 03:30 EDT);
 * - an ambiguous wall time in a fall-back overlap takes the earlier instant
 *   (01:30 on the night New York falls back is 01:30 EDT, not EST).
 *
 * luxon alone is not used for this because it resolves overlaps differently from zone
 * to zone.
 */
export function resolveWallTime(local: LocalDateTime, zone: string): ResolvedWallTime {
  const floating = localToFloatingMs(local);
  // The offsets in force a day either side cover any single transition near this wall time.
  const before = zoneOffsetMinutes(zone, floating - DAY);
  const after = zoneOffsetMinutes(zone, floating + DAY);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = floating - offset * MINUTE;
    if (zoneOffsetMinutes(zone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length === 0) {
    // In a gap: read the wall time with the offset from before the jump, which lands
    // the instant exactly "gap length" later on the new wall clock.
    return { instant: new Date(floating - before * MINUTE), kind: 'gap' };
  }
  if (candidates.length === 1) return { instant: new Date(candidates[0] as number), kind: 'exact' };
  return { instant: new Date(Math.min(...candidates)), kind: 'ambiguous' };
}

/** The UTC instant of a wall time in `zone`, by the rule of {@link resolveWallTime}. */
export function wallTimeToInstant(local: LocalDateTime, zone: string): Date {
  return resolveWallTime(local, zone).instant;
}

/** The wall time that `instant` shows on a clock in `zone`. */
export function instantToWallTime(instant: Date, zone: string): LocalDateTime {
  const ms = instant.getTime();
  return floatingMsToLocal(ms + zoneOffsetMinutes(zone, ms) * MINUTE);
}
