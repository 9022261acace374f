// Dates in the signed-in user's zone, money in minor units.

const dtCache = new Map();
function dtf(zone, options) {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = dtCache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options });
    dtCache.set(key, f);
  }
  return f;
}

const toDate = (value) => (value instanceof Date ? value : new Date(value));

/** "Tue 24 Nov 2026, 10:00" in the zone. */
export function formatDateTime(value, zone) {
  if (value === null || value === undefined) return '—';
  return dtf(zone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value));
}

/** A calendar date `YYYY-MM-DD` as "24 Nov 2026" (no zone: it is a date, not an instant). */
export function formatCalendarDate(ymd) {
  if (typeof ymd !== 'string') return '—';
  return dtf('UTC', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(`${ymd}T12:00:00Z`));
}

/** The wall date and time of an instant in a zone: { date: 'YYYY-MM-DD', time: 'HH:mm' }. */
export function wallParts(value, zone) {
  const parts = {};
  for (const p of dtf(zone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(toDate(value))) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The short name of the zone's offset at that instant, such as "GMT+1". */
export function zoneAbbrev(value, zone) {
  const part = dtf(zone, { timeZoneName: 'short' })
    .formatToParts(toDate(value))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/** "in 3 h", "2 d ago" relative to now. */
export function relative(value, now) {
  const diff = toDate(value).getTime() - toDate(now).getTime();
  const abs = Math.abs(diff);
  const min = Math.round(abs / 60000);
  let text;
  if (min < 1) text = 'now';
  else if (min < 60) text = `${min} min`;
  else if (min < 60 * 36) text = `${Math.round(min / 60)} h`;
  else text = `${Math.round(min / 1440)} d`;
  if (text === 'now') return text;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

const moneyCache = new Map();
/** 12050 EUR → "€120.50". */
export function money(minor, currency) {
  if (typeof minor !== 'number') return '—';
  let f = moneyCache.get(currency);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2 });
    }
    moneyCache.set(currency, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

/** Sums per currency → "€1,200.00 · $80.00". */
export function moneyTotals(totals, pick = 'remainingMinor') {
  const entries = Object.entries(totals ?? {});
  if (entries.length === 0) return '—';
  return entries.map(([cur, t]) => money(t[pick], cur)).join(' · ');
}
