import { DateTime, Duration } from 'luxon';
import { WEEKDAYS, type Weekday } from '../../model/send-window';
import { parseLocalDateTime } from '../../time/local-date-time';
import { instantToWallTime, wallTimeToInstant } from '../../time/wall-time';

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** The working week and holidays a policy counts business days with. */
export interface BusinessCalendar {
  /** Days that are not working days. */
  weekend: readonly Weekday[];
  /** Dates that are not working days, `YYYY-MM-DD`. */
  holidays: readonly CalendarDate[];
}

/** What step planning needs of a step. */
export interface PlannableStep {
  offset: string;
  from?: 'due' | 'previous' | undefined;
  businessDays?: boolean | undefined;
}

const day = (date: CalendarDate): DateTime => DateTime.fromISO(date, { zone: 'utc' });

/** `date` plus `days` calendar days. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return day(date).plus({ days }).toISODate() as CalendarDate;
}

/** Whole calendar days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round(day(b).diff(day(a), 'days').days);
}

/** True when `date` is neither a weekend day nor a holiday of `calendar`. */
export function isBusinessDay(date: CalendarDate, calendar: BusinessCalendar): boolean {
  const weekday = WEEKDAYS[day(date).weekday - 1] as Weekday;
  return !calendar.weekend.includes(weekday) && !calendar.holidays.includes(date);
}

/** `date` moved by `n` business days (backwards when negative); the start day itself never counts. */
export function addBusinessDays(date: CalendarDate, n: number, calendar: BusinessCalendar): CalendarDate {
  if (calendar.weekend.length >= 7) throw new Error('A calendar needs at least one working day.');
  let current = date;
  let left = Math.abs(n);
  const direction = n < 0 ? -1 : 1;
  while (left > 0) {
    current = addDays(current, direction);
    if (isBusinessDay(current, calendar)) left -= 1;
  }
  return current;
}

/** The first business day on or after `date`. */
export function rollToBusinessDay(date: CalendarDate, calendar: BusinessCalendar): CalendarDate {
  let current = date;
  for (let i = 0; i < 400 && !isBusinessDay(current, calendar); i++) current = addDays(current, 1);
  return current;
}

/** An ISO-8601 duration of days, weeks, months or years, possibly negative (`-P3D`); null otherwise. */
export function parseDateOffset(offset: string): Duration | null {
  const d = Duration.fromISO(offset.trim());
  if (!d.isValid) return null;
  const o = d.toObject();
  if ((o.hours ?? 0) !== 0 || (o.minutes ?? 0) !== 0 || (o.seconds ?? 0) !== 0 || (o.milliseconds ?? 0) !== 0) return null;
  return d;
}

/** `base` moved by a step's offset, in calendar or business days. */
export function applyOffset(base: CalendarDate, step: PlannableStep, calendar: BusinessCalendar): CalendarDate {
  const d = parseDateOffset(step.offset);
  if (d === null) throw new Error(`Invalid step offset ${step.offset}`);
  if (step.businessDays === true) return addBusinessDays(base, Math.round(d.as('days')), calendar);
  return day(base).plus(d).toISODate() as CalendarDate;
}

/** The date each step falls on for an invoice due on `dueDate`, before any clock stop or lateness. */
export function plannedStepDates(steps: readonly PlannableStep[], dueDate: CalendarDate, calendar: BusinessCalendar): CalendarDate[] {
  const dates: CalendarDate[] = [];
  steps.forEach((step, i) => {
    const base = step.from === 'previous' && i > 0 ? (dates[i - 1] as CalendarDate) : dueDate;
    dates.push(applyOffset(base, step, calendar));
  });
  return dates;
}

/**
 * The date step `index` falls on: its planned date moved by the days the clock was
 * stopped, and never sooner after the last step actually done than the planned gap
 * between it and the step before it, so a late invoice goes through every level with
 * the policy's spacing instead of jumping levels.
 */
export function stepDate(
  steps: readonly PlannableStep[],
  index: number,
  dueDate: CalendarDate,
  calendar: BusinessCalendar,
  shiftDays: number,
  lastDoneDate: CalendarDate | null,
): CalendarDate {
  const planned = plannedStepDates(steps, dueDate, calendar);
  let date = addDays(planned[index] as CalendarDate, shiftDays);
  if (lastDoneDate !== null && index > 0) {
    const gap = daysBetween(planned[index - 1] as CalendarDate, planned[index] as CalendarDate);
    const spaced = addDays(lastDoneDate, gap);
    if (spaced > date) date = spaced;
  }
  return steps[index]?.businessDays === true ? rollToBusinessDay(date, calendar) : date;
}

/** The instant a step dated `date` falls due: `time` (`HH:mm`) on that date in `zone`, by tickler's DST rule. */
export function stepInstant(date: CalendarDate, time: string, zone: string): Date {
  const local = parseLocalDateTime(`${date}T${time}`);
  if (local === null) throw new Error(`Invalid step date ${date}T${time}`);
  return wallTimeToInstant(local, zone);
}

/** The calendar date `instant` falls on in `zone`. */
export function localDate(instant: Date, zone: string): CalendarDate {
  const w = instantToWallTime(instant, zone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * Levels of steps: 0 for steps on or before the due date, then 1, 2, … for those after
 * it, in order. Judged on a reference due date (the sign of the offsets decides).
 */
export function stepLevels(steps: readonly PlannableStep[], calendar: BusinessCalendar, referenceDue: CalendarDate = '2026-01-15'): number[] {
  const dates = plannedStepDates(steps, referenceDue, calendar);
  let level = 0;
  return dates.map((date) => (date > referenceDue ? ++level : 0));
}
