/** A wall-clock date and time with no zone attached, as a person reads it off a clock. */
export interface LocalDateTime {
  /** Full year, such as 2026. */
  year: number;
  /** Month, 1 to 12. */
  month: number;
  /** Day of the month, 1 to 31. */
  day: number;
  /** Hour, 0 to 23. */
  hour: number;
  /** Minute, 0 to 59. */
  minute: number;
  /** Second, 0 to 59. */
  second: number;
  /** Millisecond, 0 to 999. */
  millisecond: number;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * Parses `YYYY-MM-DDTHH:mm`, optionally with `:ss` and `.SSS`. Returns `null` for any
 * other shape and for dates that do not exist on the calendar (February 30th).
 */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const m = LOCAL_PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const local = { year, month, day, hour, minute, second, millisecond };
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  return local;
}

/** `YYYY-MM-DDTHH:mm`, with `:ss` (and `.SSS`) only when they are not zero. */
export function formatLocalDateTime(local: LocalDateTime): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  let text = `${p(local.year, 4)}-${p(local.month)}-${p(local.day)}T${p(local.hour)}:${p(local.minute)}`;
  if (local.second !== 0 || local.millisecond !== 0) text += `:${p(local.second)}`;
  if (local.millisecond !== 0) text += `.${p(local.millisecond, 3)}`;
  return text;
}

/** The wall time as if it were UTC: the "floating" representation recurrence math works in. */
export function localToFloatingMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

/** Inverse of {@link localToFloatingMs}. */
export function floatingMsToLocal(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
