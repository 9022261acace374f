/**
 * OData V2 values as SAP Gateway writes them in JSON and reads them in `$filter`.
 *
 * SAP stamps a document with a date and a time without a zone (`CPUDT`/`CPUTM`, the
 * business partner's `CHDAT`/`CHTIM`): the system's own zone, UTC in S/4HANA Cloud. tickler
 * never converts them: a change time here is SAP's local wall time, written
 * `YYYY-MM-DDTHH:MM:SS`, and compared only with other SAP times.
 */

const DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const TIME = /^PT(?:(\d{1,2})H)?(?:(\d{1,2})M)?(?:(\d{1,2})(?:\.\d+)?S)?$/;

/** `/Date(1793491200000)/` (an `Edm.DateTime`) as `YYYY-MM-DD`; null for null, empty or unreadable. */
export function odataDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = DATE.exec(value);
  if (match === null) return null;
  const ms = Number(match[1]);
  // SAP writes a date as midnight UTC of that day; dates before year 1 (00000000) are "no date".
  if (!Number.isFinite(ms) || ms < -62_135_596_800_000) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

/** `PT14H05M09S` (an `Edm.Time`) as `HH:MM:SS`; `00:00:00` for null or unreadable. */
export function odataTime(value: unknown): string {
  const match = typeof value === 'string' ? TIME.exec(value) : null;
  if (match === null) return '00:00:00';
  const pad = (part: string | undefined): string => (part ?? '0').padStart(2, '0');
  return `${pad(match[1])}:${pad(match[2])}:${pad(match[3])}`;
}

/** The SAP wall time of a date and a time field, `YYYY-MM-DDTHH:MM:SS`, or null without a date. */
export function sapInstant(date: unknown, time: unknown): string | null {
  const day = odataDate(date);
  return day === null ? null : `${day}T${odataTime(time)}`;
}

/** `instant` moved back by `ms`, in the same wall-time form (plain arithmetic: SAP's zone is not known). */
export function sapInstantMinus(instant: string, ms: number): string {
  return new Date(Date.parse(`${instant}Z`) - ms).toISOString().slice(0, 19);
}

/** A string literal for `$filter`: quotes doubled, as OData V2's ABNF says. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The filter "the date and time fields are at or after `instant`" (`Edm.DateTime` and `Edm.Time` compared apart, as SAP keeps them). */
export function atOrAfter(dateField: string, timeField: string, instant: string): string {
  const day = instant.slice(0, 10);
  const [h, m, s] = instant.slice(11, 19).split(':');
  return `(${dateField} gt datetime'${day}T00:00:00' or (${dateField} eq datetime'${day}T00:00:00' and ${timeField} ge time'PT${h}H${m}M${s}S'))`;
}

/** The filter "the date field is on or after the day of `instant`". */
export function onOrAfterDay(dateField: string, instant: string): string {
  return `${dateField} ge datetime'${instant.slice(0, 10)}T00:00:00'`;
}

/** The later of two SAP wall times (either may be null). */
export function laterInstant(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}
