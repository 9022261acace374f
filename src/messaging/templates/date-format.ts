import { DateTime, type DateTimeFormatOptions } from 'luxon';

const PRESETS: Record<string, DateTimeFormatOptions> = {
  short: DateTime.DATE_SHORT,
  medium: DateTime.DATE_MED,
  long: DateTime.DATE_FULL,
  full: DateTime.DATE_HUGE,
  time: DateTime.TIME_SIMPLE,
  datetime: DateTime.DATETIME_MED,
  // minute 'numeric', as in DATETIME_MED: with '2-digit' ICU drops the hour's padding in
  // 24-hour locales ("à 8:05" instead of "à 08:05"), unlike the `time` and `datetime` presets.
  'datetime-long': { ...DateTime.DATE_HUGE, hour: 'numeric', minute: 'numeric' },
};

/** The preset names the `date` filter accepts; anything else is a luxon format such as `cccc d LLLL HH:mm`. */
export const DATE_PRESETS: readonly string[] = Object.keys(PRESETS);

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Formats a date for a reader in `zone` and `locale`. `value` is a Date, an ISO instant,
 * or a calendar date `YYYY-MM-DD` (shown as that day, with no zone shift). `format` is a
 * preset (`short`, `medium`, `long`, `full`, `time`, `datetime`, `datetime-long`) or a
 * luxon format string. Returns null when `value` is not a date.
 */
export function formatDate(value: unknown, format: string, locale: string, zone: string): string | null {
  let dt: DateTime;
  if (value instanceof Date) dt = DateTime.fromJSDate(value, { zone });
  else if (typeof value === 'string' && CALENDAR_DATE.test(value)) dt = DateTime.fromISO(value, { zone: 'UTC' });
  else if (typeof value === 'string') dt = DateTime.fromISO(value, { setZone: false, zone });
  else if (typeof value === 'number' && Number.isFinite(value)) dt = DateTime.fromMillis(value, { zone });
  else return null;
  if (!dt.isValid) return null;
  dt = dt.setLocale(locale);
  const preset = PRESETS[format];
  return preset === undefined ? dt.toFormat(format) : dt.toLocaleString(preset);
}
