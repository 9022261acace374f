import { WEEKDAYS, type SendWindow, type Weekday } from '../model/send-window';
import { floatingMsToLocal, localToFloatingMs } from '../time/local-date-time';
import { instantToWallTime, wallTimeToInstant } from '../time/wall-time';

const DAY_MS = 86_400_000;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The openings of a window on the calendar day starting at `dayFloating` (floating ms of local midnight). */
function interval(window: SendWindow, dayFloating: number, zone: string): { start: number; end: number } | null {
  const weekday = WEEKDAYS[(new Date(dayFloating).getUTCDay() + 6) % 7] as Weekday;
  if (!window.days.includes(weekday)) return null;
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  const endDay = to > from ? dayFloating : dayFloating + DAY_MS;
  // Wall times follow tickler's DST rule: inside a gap they move forward, in an overlap the earlier instant.
  const start = wallTimeToInstant(floatingMsToLocal(dayFloating + from * 60_000), zone).getTime();
  const end = wallTimeToInstant(floatingMsToLocal(endDay + to * 60_000), zone).getTime();
  return end > start ? { start, end } : null;
}

/**
 * The first instant at or after `at` when `window` is open, read in `window.zone` or
 * else `zone`: `at` itself when it is open then. Pure.
 */
export function nextWindowOpening(window: SendWindow, at: Date, zone: string): Date {
  const z = window.zone ?? zone;
  const local = instantToWallTime(at, z);
  const today = localToFloatingMs({ ...local, hour: 0, minute: 0, second: 0, millisecond: 0 });
  const t = at.getTime();
  // Yesterday's window may still be open (it crosses midnight); eight days cover a full week.
  for (let d = -1; d <= 8; d++) {
    const open = interval(window, today + d * DAY_MS, z);
    if (open !== null && open.end > t) return new Date(Math.max(open.start, t));
  }
  throw new Error('unreachable: a valid send window opens every week');
}

/** True when `window` is open at `at`. */
export function isWindowOpen(window: SendWindow, at: Date, zone: string): boolean {
  return nextWindowOpening(window, at, zone).getTime() === at.getTime();
}

/**
 * The first instant at or after `at` when every window is open at once, or null when
 * they never overlap within `horizonDays`. Each window narrows the others: a tenant's
 * office hours and a template's weekdays both apply.
 */
export function nextCommonOpening(windows: readonly SendWindow[], at: Date, zone: string, horizonDays = 400): Date | null {
  let t = at.getTime();
  const limit = t + horizonDays * DAY_MS;
  while (t <= limit) {
    const next = Math.max(...windows.map((w) => nextWindowOpening(w, new Date(t), zone).getTime()), t);
    if (next === t) return new Date(t);
    t = next;
  }
  return null;
}
