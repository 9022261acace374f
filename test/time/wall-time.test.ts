import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, instantToWallTime, parseLocalDateTime, resolveWallTime, type LocalDateTime } from 'tickler';

const local = (text: string): LocalDateTime => {
  const parsed = parseLocalDateTime(text);
  if (parsed === null) throw new Error(`bad fixture ${text}`);
  return parsed;
};
const place = (text: string, zone: string) => {
  const r = resolveWallTime(local(text), zone);
  return { kind: r.kind, utc: r.instant.toISOString(), wall: formatLocalDateTime(instantToWallTime(r.instant, zone)) };
};

describe('wall time to instant: the DST rule', () => {
  it.each([
    // zone, wall time, expected kind, expected UTC, wall time shown afterwards
    ['America/New_York', '2026-03-08T02:30', 'gap', '2026-03-08T07:30:00.000Z', '2026-03-08T03:30'],
    ['America/New_York', '2026-03-08T02:00', 'gap', '2026-03-08T07:00:00.000Z', '2026-03-08T03:00'],
    ['America/New_York', '2026-03-08T01:59', 'exact', '2026-03-08T06:59:00.000Z', '2026-03-08T01:59'],
    ['America/New_York', '2026-03-08T03:00', 'exact', '2026-03-08T07:00:00.000Z', '2026-03-08T03:00'],
    ['America/New_York', '2026-11-01T01:30', 'ambiguous', '2026-11-01T05:30:00.000Z', '2026-11-01T01:30'],
    ['America/New_York', '2026-11-01T01:00', 'ambiguous', '2026-11-01T05:00:00.000Z', '2026-11-01T01:00'],
    ['America/New_York', '2026-11-01T02:00', 'exact', '2026-11-01T07:00:00.000Z', '2026-11-01T02:00'],
    ['Europe/Paris', '2026-03-29T02:30', 'gap', '2026-03-29T01:30:00.000Z', '2026-03-29T03:30'],
    ['Europe/Paris', '2026-03-29T01:59', 'exact', '2026-03-29T00:59:00.000Z', '2026-03-29T01:59'],
    ['Europe/Paris', '2026-10-25T02:30', 'ambiguous', '2026-10-25T00:30:00.000Z', '2026-10-25T02:30'],
    ['Europe/Paris', '2026-10-25T03:00', 'exact', '2026-10-25T02:00:00.000Z', '2026-10-25T03:00'],
    ['Australia/Lord_Howe', '2026-10-04T02:15', 'gap', '2026-10-03T15:45:00.000Z', '2026-10-04T02:45'],
    ['Australia/Lord_Howe', '2026-04-05T01:45', 'ambiguous', '2026-04-04T14:45:00.000Z', '2026-04-05T01:45'],
    ['Asia/Kolkata', '2026-06-01T09:00', 'exact', '2026-06-01T03:30:00.000Z', '2026-06-01T09:00'],
    ['UTC', '2026-03-29T02:30', 'exact', '2026-03-29T02:30:00.000Z', '2026-03-29T02:30'],
  ])('%s %s is %s at %s', (zone, wall, kind, utc, shown) => {
    expect(place(wall, zone)).toEqual({ kind, utc, wall: shown });
  });

  it('takes the earlier of the two instants in an overlap, whatever the zone', () => {
    // luxon alone picks the later instant in New York and the earlier one at Lord Howe.
    const ny = resolveWallTime(local('2026-11-01T01:30'), 'America/New_York').instant;
    expect(instantToWallTime(new Date(ny.getTime() + 3_600_000), 'America/New_York')).toEqual(local('2026-11-01T01:30'));
  });
});

describe('parseLocalDateTime', () => {
  it.each(['2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01', '10:00', '2026-01-01T10:00Z', ''])('refuses %j', (text) => {
    expect(parseLocalDateTime(text)).toBeNull();
  });
  it('reads seconds and milliseconds', () => {
    expect(parseLocalDateTime('2028-02-29T23:59:58.5')).toEqual({ year: 2028, month: 2, day: 29, hour: 23, minute: 59, second: 58, millisecond: 500 });
  });
});

describe('property: local to UTC to local round-trips', () => {
  const zones = Intl.supportedValuesOf('timeZone');
  const wallTimes = fc
    .record({
      year: fc.integer({ min: 1990, max: 2040 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
    })
    .map((w) => ({ ...w, second: 0, millisecond: 0 }));

  it('holds outside gaps; inside a gap the wall time moves forward by exactly the gap', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), wallTimes, (zone, wall) => {
        const { instant, kind } = resolveWallTime(wall, zone);
        const back = instantToWallTime(instant, zone);
        const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
        const backMs = Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute);
        if (kind !== 'gap') {
          expect(back).toEqual(wall);
        } else {
          const offsetBefore = instantOffset(zone, instant.getTime() - 86_400_000);
          const offsetAfter = instantOffset(zone, instant.getTime());
          expect(backMs - wallMs).toBe((offsetAfter - offsetBefore) * 60_000);
          expect(backMs).toBeGreaterThan(wallMs);
        }
        if (kind === 'ambiguous') {
          // The earlier instant: an hour (or the overlap) before, the same wall time is not shown.
          const earlier = instantToWallTime(new Date(instant.getTime() - 1), zone);
          expect(Date.UTC(earlier.year, earlier.month - 1, earlier.day, earlier.hour, earlier.minute)).toBeLessThanOrEqual(wallMs);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('UTC to local to UTC gives the same instant, or the earlier one of an ambiguous wall time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (zone, ms) => {
        const minuteMs = ms - (ms % 60_000);
        const wall = instantToWallTime(new Date(minuteMs), zone);
        const { instant, kind } = resolveWallTime(wall, zone);
        expect(kind).not.toBe('gap');
        if (kind === 'exact') expect(instant.getTime()).toBe(minuteMs);
        else {
          expect(instant.getTime()).toBeLessThanOrEqual(minuteMs);
          expect(instantToWallTime(instant, zone)).toEqual(wall);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the DST gaps and overlaps it is meant to handle', () => {
    // Walk every hour of 2026 in a few zones and check that kinds appear where expected.
    for (const zone of ['America/New_York', 'Europe/Paris', 'Australia/Sydney', 'America/Santiago']) {
      const kinds = new Set<string>();
      for (let h = 0; h < 366 * 24; h++) {
        const d = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
        const w = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: 30, second: 0, millisecond: 0 };
        kinds.add(resolveWallTime(w, zone).kind);
      }
      expect([...kinds].sort()).toEqual(['ambiguous', 'exact', 'gap']);
    }
  });
});

function instantOffset(zone: string, ms: number): number {
  const wall = instantToWallTime(new Date(ms), zone);
  return Math.round((Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond) - ms) / 60_000);
}
