import { DateTime, type Duration, type DurationLikeObject } from 'luxon';

/**
 * `at` plus a calendar duration read on the clocks of `zone`: `P3D` is three days later
 * at the same wall time across a DST change, `PT12H` is twelve real hours.
 */
export function plusInZone(at: Date, duration: Duration | DurationLikeObject, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).plus(duration).toJSDate();
}
