import { RRule } from './rrule-interop';
import { floatingMsToLocal, localToFloatingMs, type LocalDateTime } from './local-date-time';
import { instantToWallTime, wallTimeToInstant } from './wall-time';

type RRuleOptions = ReturnType<typeof RRule.parseString>;

const FORBIDDEN_FREQUENCIES = new Set<number>([RRule.SECONDLY, RRule.MINUTELY]);

/** The outcome of {@link parseRecurrence}: the normalised rule, or why it was refused. */
export type RecurrenceParseResult = { ok: true; rule: string } | { ok: false; message: string };

/**
 * Checks an RRULE (RFC 5545) such as `FREQ=WEEKLY;BYDAY=MO`. A leading `RRULE:` is
 * accepted and dropped. `DTSTART` and `TZID` are refused: the series starts at the
 * reminder's time, in the reminder's zone. Rules more frequent than hourly are refused.
 */
export function parseRecurrence(text: string): RecurrenceParseResult {
  const rule = text.trim().replace(/^RRULE:/i, '');
  const fail = (message: string): RecurrenceParseResult => ({ ok: false, message });
  if (rule === '') return fail('The recurrence is empty; give an RRULE such as FREQ=WEEKLY;BYDAY=MO.');
  if (/[\r\n]/.test(rule)) return fail('Give a single RRULE line; the series starts at the reminder time.');
  if (/(^|;)(DTSTART|TZID)=/i.test(rule)) return fail('DTSTART and TZID are not allowed; the series starts at the reminder time, in its zone.');
  let options: RRuleOptions;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    return fail(`"${rule}" is not a valid RRULE (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (options.freq === undefined || options.freq === null) return fail(`"${rule}" has no valid FREQ; use DAILY, WEEKLY, MONTHLY, YEARLY or HOURLY.`);
  if (FORBIDDEN_FREQUENCIES.has(options.freq)) return fail('A reminder cannot repeat more often than hourly.');
  if (options.interval !== undefined && !(Number.isInteger(options.interval) && options.interval > 0)) {
    return fail('INTERVAL must be a positive whole number.');
  }
  if (options.count !== undefined && options.count !== null && !(Number.isInteger(options.count) && options.count > 0)) {
    return fail('COUNT must be a positive whole number.');
  }
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((d) => d === undefined || d === null)) {
    return fail('BYDAY has an unknown day; use MO, TU, WE, TH, FR, SA or SU.');
  }
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return fail(`${key.toUpperCase()} is not a number.`);
  }
  try {
    new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) }).after(new Date(Date.UTC(2026, 0, 1)), false);
  } catch (error) {
    return fail(`"${rule}" cannot be evaluated (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { ok: true, rule };
}

/**
 * The first occurrence of a series strictly after `after`.
 *
 * The rule is evaluated on wall time in `zone` (rrule works on "floating" times here),
 * then each wall time is placed in the zone by the DST rule of `resolveWallTime`. So
 * "every Monday 10:00 Europe/Paris" stays 10:00 local across DST changes.
 *
 * @param rule A rule that passed {@link parseRecurrence}.
 * @param start The wall time of the series' first occurrence.
 * @returns The next instant, or `null` when the series has ended (COUNT or UNTIL).
 */
export function nextOccurrence(rule: string, start: LocalDateTime, zone: string, after: Date): Date | null {
  const rrule = new RRule({ ...RRule.parseString(rule), dtstart: new Date(localToFloatingMs(start)) });
  let cursor = new Date(localToFloatingMs(instantToWallTime(after, zone)));
  // A DST gap can map a later wall time onto an instant not after `after`; step on.
  for (let guard = 0; guard < 8; guard++) {
    const floating = rrule.after(cursor, false);
    if (floating === null) return null;
    const instant = wallTimeToInstant(floatingMsToLocal(floating.getTime()), zone);
    if (instant.getTime() > after.getTime()) return instant;
    cursor = floating;
  }
  return null;
}
