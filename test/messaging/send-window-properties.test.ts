import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS, instantToWallTime, isWindowOpen, nextCommonOpening, nextWindowOpening, wallTimeToInstant, type SendWindow, type Weekday } from 'tickler';

/**
 * Property tests of send windows against an oracle written independently of the search in
 * send-window.ts: the window is the union, over the calendar days whose weekday it lists,
 * of [from, to) on that day (to on the next day when from > to), both ends placed by
 * tickler's DST rule (`wallTimeToInstant`, tested in test/time/wall-time.test.ts).
 */

const ZONES = [
  'UTC',
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns', // -03:30 / -02:30
  'America/Havana', // springs forward at midnight
  'America/Santiago', // southern hemisphere, transitions at 24:00
  'Pacific/Chatham', // +12:45 / +13:45, transitions at 02:45
  'Asia/Kathmandu', // +05:45
  'Asia/Kolkata',
  'Australia/Lord_Howe', // 30-minute DST
  'Australia/Adelaide',
  'Africa/Casablanca', // clocks go back for Ramadan
  'Pacific/Kiritimati', // +14
  'Pacific/Pago_Pago', // -11
] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2030, 0, 1);

interface Span {
  start: number;
  end: number;
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const localDay = (ms: number, zone: string): number => {
  const w = instantToWallTime(new Date(ms), zone);
  return Date.UTC(w.year, w.month - 1, w.day);
};
const place = (dayUtc: number, minutes: number, zone: string): number => {
  const d = new Date(dayUtc + minutes * MINUTE);
  return wallTimeToInstant({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0, millisecond: 0 }, zone).getTime();
};

/** Every non-empty opening of `window` on the local days from the day before `fromMs` to the day after `toMs`. */
function spans(window: SendWindow, zone: string, fromMs: number, toMs: number): Span[] {
  const z = window.zone ?? zone;
  const from = Number(window.from.slice(0, 2)) * 60 + Number(window.from.slice(3));
  const to = Number(window.to.slice(0, 2)) * 60 + Number(window.to.slice(3));
  const out: Span[] = [];
  for (let day = localDay(fromMs, z) - DAY; day <= localDay(toMs, z) + DAY; day += DAY) {
    const weekday = WEEKDAYS[(new Date(day).getUTCDay() + 6) % 7] as Weekday;
    if (!window.days.includes(weekday)) continue;
    const start = place(day, from, z);
    const end = place(day, to > from ? to : to + 24 * 60, z);
    if (end > start) out.push({ start, end });
  }
  return out;
}
const inside = (list: readonly Span[], t: number): boolean => list.some((s) => s.start <= t && t < s.end);

/** The zone's UTC offset at `ms`, in ms. */
const offsetAt = (zone: string, ms: number): number => {
  const w = instantToWallTime(new Date(ms), zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - ms;
};
const transitionCache = new Map<string, number[]>();
/** The instants where a zone's offset changes, December 2024 to January 2030, to the minute (two changes within a day are not expected). */
function transitions(zone: string): number[] {
  let list = transitionCache.get(zone);
  if (list !== undefined) return list;
  list = [];
  let previous = offsetAt(zone, FROM - 30 * DAY);
  for (let t = FROM - 30 * DAY; t < TO + 30 * DAY; t += DAY) {
    const offset = offsetAt(zone, t + DAY);
    if (offset === previous) continue;
    previous = offset;
    let [lo, hi] = [t, t + DAY]; // offset(lo) differs from offset(hi): bisect to the minute
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetAt(zone, mid) === offsetAt(zone, lo)) lo = mid;
      else hi = mid;
    }
    list.push(hi);
  }
  transitionCache.set(zone, list);
  return list;
}

const minutesArb = fc.oneof(fc.integer({ min: 0, max: 95 }).map((q) => q * 15), fc.integer({ min: 0, max: 24 * 60 - 1 }));
const windowArb = (withZone: boolean): fc.Arbitrary<SendWindow> =>
  fc
    .record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      from: minutesArb,
      to: minutesArb,
      zone: withZone ? fc.option(fc.constantFrom(...ZONES), { nil: null }) : fc.constant(null),
    })
    .filter((w) => w.from !== w.to)
    .map((w) => ({ days: w.days, from: hhmm(w.from), to: hhmm(w.to), zone: w.zone }));

/** Any instant 2025–2029, or one within two days of a DST transition of the zone (where the bugs live). */
const instantArb = (zone: string): fc.Arbitrary<number> => {
  const near = transitions(zone).filter((t) => t >= FROM && t < TO);
  const anywhere = fc.integer({ min: FROM, max: TO });
  if (near.length === 0) return anywhere;
  return fc.oneof(anywhere, fc.tuple(fc.constantFrom(...near), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([t, d]) => t + d), fc.constantFrom(...near));
};
const caseArb = fc.constantFrom(...ZONES).chain((zone) => fc.record({ zone: fc.constant(zone), window: windowArb(true), at: instantArb(zone) }));

/** Instants strictly between `a` and `b` worth checking: every 15 minutes and every offset change of the zones involved. */
function probes(a: number, b: number, zones: readonly string[]): number[] {
  const out: number[] = [];
  for (let t = a + 15 * MINUTE; t < b; t += 15 * MINUTE) out.push(t);
  for (const zone of zones) for (const t of transitions(zone)) if (t > a && t < b) out.push(t, t - 1);
  return out.filter((t) => t > a && t < b);
}

describe('property: nextWindowOpening against the oracle', () => {
  it('is at or after the input, open, the input itself when open there, and no opening lies in between', () => {
    fc.assert(
      fc.property(caseArb, ({ zone, window, at }) => {
        const result = nextWindowOpening(window, new Date(at), zone).getTime();
        expect(result).toBeGreaterThanOrEqual(at);
        expect(result - at).toBeLessThanOrEqual(8 * DAY); // a weekly window opens within a week (plus DST slack)
        const list = spans(window, zone, at, result);
        expect(inside(list, result)).toBe(true);
        expect(isWindowOpen(window, new Date(result), zone)).toBe(true);
        if (inside(list, at)) expect(result).toBe(at);
        else expect(isWindowOpen(window, new Date(at), zone)).toBe(false);
        // An opening strictly in between would start at one of the spans' starts…
        for (const s of list) expect(s.start > at && s.start < result).toBe(false);
        // …and, belt and braces, sampled every 15 minutes and at each DST transition.
        for (const t of probes(at, result, [window.zone ?? zone])) expect(inside(list, t)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('isWindowOpen agrees with the oracle at any instant', () => {
    fc.assert(
      fc.property(caseArb, ({ zone, window, at }) => {
        expect(isWindowOpen(window, new Date(at), zone)).toBe(inside(spans(window, zone, at, at), at));
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: nextCommonOpening against the oracle', () => {
  const HORIZON = 21;
  const commonArb = fc
    .constantFrom(...ZONES)
    .chain((zone) => fc.record({ zone: fc.constant(zone), windows: fc.array(windowArb(true), { minLength: 1, maxLength: 3 }), at: instantArb(zone) }));

  it('is the first instant where every window is open, or null when there is none within the horizon', () => {
    fc.assert(
      fc.property(commonArb, ({ zone, windows, at }) => {
        const result = nextCommonOpening(windows, new Date(at), zone, HORIZON)?.getTime() ?? null;
        const limit = result ?? at + HORIZON * DAY;
        const lists = windows.map((w) => spans(w, zone, at, limit));
        const allOpen = (t: number): boolean => lists.every((list) => inside(list, t));
        // The first common opening is the input or the start of one window's span.
        const candidates = [at, ...lists.flat().map((s) => s.start)].filter((t) => t >= at && t <= limit);
        if (result === null) {
          for (const t of candidates) expect(allOpen(t)).toBe(false);
          return;
        }
        expect(result).toBeGreaterThanOrEqual(at);
        expect(result).toBeLessThanOrEqual(at + HORIZON * DAY);
        expect(allOpen(result)).toBe(true);
        for (const w of windows) expect(isWindowOpen(w, new Date(result), zone)).toBe(true);
        if (allOpen(at)) expect(result).toBe(at);
        for (const t of candidates) if (t < result) expect(allOpen(t)).toBe(false);
        for (const t of probes(at, result, [zone, ...windows.map((w) => w.zone ?? zone)])) expect(allOpen(t)).toBe(false);
      }),
      { numRuns: 250 },
    );
  });

  it('a single window gives the same answer as nextWindowOpening', () => {
    fc.assert(
      fc.property(caseArb, ({ zone, window, at }) => {
        expect(nextCommonOpening([window], new Date(at), zone)?.getTime()).toBe(nextWindowOpening(window, new Date(at), zone).getTime());
      }),
      { numRuns: 200 },
    );
  });
});
