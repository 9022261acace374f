import { describe, expect, it } from 'vitest';
import { instantToWallTime, parseLocalDateTime, formatLocalDateTime } from 'tickler';
import { nextOccurrence, parseRecurrence } from '../../src/time/recurrence';

function series(rule: string, startLocal: string, zone: string, count: number): string[] {
  const start = parseLocalDateTime(startLocal);
  if (start === null) throw new Error('bad start');
  let cursor = new Date(Date.UTC(start.year, start.month - 1, start.day) - 86_400_000 * 2);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(rule, start, zone, cursor);
    if (next === null) break;
    out.push(`${formatLocalDateTime(instantToWallTime(next, zone))} ${next.toISOString()}`);
    cursor = next;
  }
  return out;
}

describe('recurrence in the reminder zone', () => {
  it('keeps every Monday 10:00 Europe/Paris at 10:00 local across the EU spring and autumn changes', () => {
    const march = series('FREQ=WEEKLY;BYDAY=MO', '2026-03-16T10:00', 'Europe/Paris', 3);
    expect(march).toEqual(['2026-03-16T10:00 2026-03-16T09:00:00.000Z', '2026-03-23T10:00 2026-03-23T09:00:00.000Z', '2026-03-30T10:00 2026-03-30T08:00:00.000Z']);
    const october = series('FREQ=WEEKLY;BYDAY=MO', '2026-10-19T10:00', 'Europe/Paris', 2);
    expect(october).toEqual(['2026-10-19T10:00 2026-10-19T08:00:00.000Z', '2026-10-26T10:00 2026-10-26T09:00:00.000Z']);
  });

  it('keeps every Monday 10:00 America/New_York at 10:00 local across the US changes', () => {
    expect(series('FREQ=WEEKLY;BYDAY=MO', '2026-03-02T10:00', 'America/New_York', 2)).toEqual([
      '2026-03-02T10:00 2026-03-02T15:00:00.000Z',
      '2026-03-09T10:00 2026-03-09T14:00:00.000Z',
    ]);
    expect(series('FREQ=WEEKLY;BYDAY=MO', '2026-10-26T10:00', 'America/New_York', 2)).toEqual([
      '2026-10-26T10:00 2026-10-26T14:00:00.000Z',
      '2026-11-02T10:00 2026-11-02T15:00:00.000Z',
    ]);
  });

  it('applies the DST rule to occurrences that fall in a gap or an overlap', () => {
    expect(series('FREQ=DAILY', '2026-03-07T02:30', 'America/New_York', 3)).toEqual([
      '2026-03-07T02:30 2026-03-07T07:30:00.000Z',
      '2026-03-08T03:30 2026-03-08T07:30:00.000Z', // gap: moved forward an hour
      '2026-03-09T02:30 2026-03-09T06:30:00.000Z',
    ]);
    expect(series('FREQ=DAILY', '2026-10-31T01:30', 'America/New_York', 3)).toEqual([
      '2026-10-31T01:30 2026-10-31T05:30:00.000Z',
      '2026-11-01T01:30 2026-11-01T05:30:00.000Z', // overlap: the earlier instant
      '2026-11-02T01:30 2026-11-02T06:30:00.000Z',
    ]);
  });

  it('ends with COUNT and UNTIL, and handles monthly and interval rules', () => {
    expect(series('FREQ=DAILY;COUNT=2', '2026-05-01T09:00', 'Asia/Tokyo', 5)).toHaveLength(2);
    expect(series('FREQ=MONTHLY;BYMONTHDAY=-1', '2026-01-31T09:00', 'UTC', 3).map((s) => s.slice(0, 10))).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    expect(series('FREQ=WEEKLY;INTERVAL=2;BYDAY=FR', '2026-05-01T16:00', 'UTC', 3).map((s) => s.slice(0, 10))).toEqual(['2026-05-01', '2026-05-15', '2026-05-29']);
  });
});

describe('parseRecurrence', () => {
  it.each([
    ['FREQ=WEEKLY;BYDAY=MO', 'FREQ=WEEKLY;BYDAY=MO'],
    ['RRULE:FREQ=DAILY;COUNT=3', 'FREQ=DAILY;COUNT=3'],
    ['  FREQ=MONTHLY;BYMONTHDAY=1  ', 'FREQ=MONTHLY;BYMONTHDAY=1'],
  ])('accepts %j', (text, rule) => {
    expect(parseRecurrence(text)).toEqual({ ok: true, rule });
  });

  it.each([
    ['', /empty/],
    ['every monday', /not a valid RRULE|no valid FREQ/],
    ['FREQ=SOMETIMES', /FREQ/],
    ['FOO=BAR', /not a valid RRULE/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY/],
    ['FREQ=DAILY;INTERVAL=abc', /INTERVAL/],
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL/],
    ['FREQ=MINUTELY', /hourly/],
    ['FREQ=DAILY;DTSTART=20260101T000000Z', /DTSTART/],
    ['DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', /single RRULE line|DTSTART/],
  ])('refuses %j', (text, message) => {
    const result = parseRecurrence(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
