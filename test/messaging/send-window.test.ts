import { describe, expect, it } from 'vitest';
import { MemoryChannel, isWindowOpen, nextCommonOpening, nextWindowOpening, type SendWindow } from 'tickler';
import { harness } from '../support/harness';

// Examples of send windows. The property tests are in send-window-properties.test.ts.

const OFFICE: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' };
const next = (window: SendWindow, at: string, zone: string): string => nextWindowOpening(window, new Date(at), zone).toISOString();
const common = (windows: SendWindow[], at: string, zone: string, horizonDays?: number): string | null => nextCommonOpening(windows, new Date(at), zone, horizonDays)?.toISOString() ?? null;

describe('nextWindowOpening: office hours Mon–Fri 09:00–18:00 in Europe/Paris (UTC+1 in November)', () => {
  it.each([
    // at (UTC), what it is in Paris, expected opening (UTC)
    ['2026-11-21T09:00:00.000Z', 'Saturday 10:00', '2026-11-23T08:00:00.000Z'],
    ['2026-11-22T22:59:59.999Z', 'Sunday 23:59:59.999', '2026-11-23T08:00:00.000Z'],
    ['2026-11-23T07:59:59.999Z', 'Monday 08:59:59.999', '2026-11-23T08:00:00.000Z'],
    ['2026-11-23T08:00:00.000Z', 'Monday 09:00 exactly: open', '2026-11-23T08:00:00.000Z'],
    ['2026-11-23T12:34:56.789Z', 'Monday 13:34: open', '2026-11-23T12:34:56.789Z'],
    ['2026-11-23T16:59:59.999Z', 'Monday 17:59:59.999: still open', '2026-11-23T16:59:59.999Z'],
    ['2026-11-23T17:00:00.000Z', 'Monday 18:00 exactly: closed (to is exclusive)', '2026-11-24T08:00:00.000Z'],
    ['2026-11-27T16:59:00.000Z', 'Friday 17:59: open', '2026-11-27T16:59:00.000Z'],
    ['2026-11-27T17:00:00.000Z', 'Friday 18:00 exactly: closed until Monday', '2026-11-30T08:00:00.000Z'],
    ['2026-11-27T23:30:00.000Z', 'Saturday 00:30', '2026-11-30T08:00:00.000Z'],
  ])('%s (%s) → %s', (at, _what, expected) => {
    expect(next(OFFICE, at, 'Europe/Paris')).toBe(expected);
    expect(isWindowOpen(OFFICE, new Date(at), 'Europe/Paris')).toBe(at === expected);
  });

  it('reads the hours in the recipient zone: 09:00 in New York is 14:00 UTC', () => {
    expect(next(OFFICE, '2026-11-21T09:00:00.000Z', 'America/New_York')).toBe('2026-11-23T14:00:00.000Z');
    // Monday 08:00 UTC is already Monday 17:00 in Tokyo: open; 09:00 UTC is 18:00 there: closed until Tuesday 09:00 (00:00 UTC).
    expect(next(OFFICE, '2026-11-23T08:00:00.000Z', 'Asia/Tokyo')).toBe('2026-11-23T08:00:00.000Z');
    expect(next(OFFICE, '2026-11-23T09:00:00.000Z', 'Asia/Tokyo')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('follows the summer offset after the clocks change', () => {
    // Friday 2026-03-27 18:00 CET → Monday 2026-03-30 09:00 CEST, which is 07:00 UTC.
    expect(next(OFFICE, '2026-03-27T17:00:00.000Z', 'Europe/Paris')).toBe('2026-03-30T07:00:00.000Z');
    // And back: Friday 2026-10-23 18:00 CEST → Monday 2026-10-26 09:00 CET, 08:00 UTC.
    expect(next(OFFICE, '2026-10-23T16:00:00.000Z', 'Europe/Paris')).toBe('2026-10-26T08:00:00.000Z');
  });
});

describe('nextWindowOpening: a window crossing midnight belongs to the day it opens on', () => {
  const fridayNight: SendWindow = { days: ['fri'], from: '22:00', to: '06:00' };

  it.each([
    ['2026-11-26T22:00:00.000Z', 'Thursday 23:00: Thursday has no window', '2026-11-27T21:00:00.000Z'],
    ['2026-11-27T04:00:00.000Z', "Friday 05:00: Thursday's night is not Friday's", '2026-11-27T21:00:00.000Z'],
    ['2026-11-27T21:00:00.000Z', 'Friday 22:00: opens', '2026-11-27T21:00:00.000Z'],
    ['2026-11-27T23:30:00.000Z', 'Saturday 00:30: still Friday night', '2026-11-27T23:30:00.000Z'],
    ['2026-11-28T04:59:59.999Z', 'Saturday 05:59:59.999: still open', '2026-11-28T04:59:59.999Z'],
    ['2026-11-28T05:00:00.000Z', 'Saturday 06:00: closed until next Friday', '2026-12-04T21:00:00.000Z'],
    ['2026-11-28T22:00:00.000Z', 'Saturday 23:00: Saturday has no window', '2026-12-04T21:00:00.000Z'],
  ])('%s (%s) → %s', (at, _what, expected) => {
    expect(next(fridayNight, at, 'Europe/Paris')).toBe(expected);
  });

  it('an every-night window spans the night the clocks go back (one hour longer in real time)', () => {
    const nightly: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '22:00', to: '06:00' };
    // Saturday 2026-10-24 22:00 CEST (20:00 UTC) to Sunday 06:00 CET (05:00 UTC): nine hours.
    expect(next(nightly, '2026-10-24T19:59:00.000Z', 'Europe/Paris')).toBe('2026-10-24T20:00:00.000Z');
    expect(isWindowOpen(nightly, new Date('2026-10-25T04:59:00.000Z'), 'Europe/Paris')).toBe(true);
    expect(next(nightly, '2026-10-25T05:00:00.000Z', 'Europe/Paris')).toBe('2026-10-25T21:00:00.000Z');
  });
});

describe('nextWindowOpening across DST (tickler rule: a wall time in a gap moves forward by the gap, an ambiguous one is the earlier instant)', () => {
  const daily = (from: string, to: string): SendWindow => ({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from, to });

  it('02:00–03:00 on the spring-forward night in Paris does not exist: both ends land on 03:00 CEST, so it opens the next night', () => {
    const window = daily('02:00', '03:00');
    // Sunday 2026-03-29 01:30 CET (00:30 UTC); clocks jump from 02:00 CET to 03:00 CEST at 01:00 UTC.
    expect(next(window, '2026-03-29T00:30:00.000Z', 'Europe/Paris')).toBe('2026-03-30T00:00:00.000Z');
    expect(isWindowOpen(window, new Date('2026-03-29T01:00:00.000Z'), 'Europe/Paris')).toBe(false);
    // The night before it opened as usual at 02:00 CET (01:00 UTC).
    expect(next(window, '2026-03-27T23:00:00.000Z', 'Europe/Paris')).toBe('2026-03-28T01:00:00.000Z');
  });

  it('02:30–04:00 on that night opens at 03:30 CEST (02:30 moved forward by the hour) and closes at 04:00 CEST', () => {
    const window = daily('02:30', '04:00');
    expect(next(window, '2026-03-29T00:30:00.000Z', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
    expect(isWindowOpen(window, new Date('2026-03-29T01:59:59.999Z'), 'Europe/Paris')).toBe(true);
    expect(next(window, '2026-03-29T02:00:00.000Z', 'Europe/Paris')).toBe('2026-03-30T00:30:00.000Z');
  });

  it('a window opening in the fall-back overlap opens at the earlier 02:30 (CEST) and closes at 03:00 CET: 90 minutes', () => {
    const window = daily('02:30', '03:00');
    expect(next(window, '2026-10-24T23:00:00.000Z', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
    expect(isWindowOpen(window, new Date('2026-10-25T01:59:59.999Z'), 'Europe/Paris')).toBe(true);
    expect(next(window, '2026-10-25T02:00:00.000Z', 'Europe/Paris')).toBe('2026-10-26T01:30:00.000Z');
  });

  it('Lord Howe moves its clocks by 30 minutes: 02:00–02:30 does not exist on 2026-10-04', () => {
    const window = daily('02:00', '02:30');
    // Saturday 2026-10-03 15:00 UTC is 01:30 LHST (+10:30); the clocks go from 02:00 to 02:30 at 15:30 UTC.
    expect(next(window, '2026-10-03T15:00:00.000Z', 'Australia/Lord_Howe')).toBe('2026-10-04T15:00:00.000Z'); // Monday 02:00 LHDT (+11)
  });

  it('Havana springs forward at midnight: a window from 00:00 opens at 01:00 CDT that day', () => {
    const window = daily('00:00', '08:00');
    // Sunday 2026-03-08: 00:00 CST (05:00 UTC) becomes 01:00 CDT.
    expect(next(window, '2026-03-08T04:30:00.000Z', 'America/Havana')).toBe('2026-03-08T05:00:00.000Z');
    expect(next(window, '2026-03-08T12:00:00.000Z', 'America/Havana')).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('the window zone and the recipient zone', () => {
  const newYorkHours: SendWindow = { ...OFFICE, to: '17:00', zone: 'America/New_York' };

  it("a window with its own zone ignores the recipient's", () => {
    // Monday 13:00 UTC is 08:00 in New York and 22:00 in Tokyo.
    expect(next(newYorkHours, '2026-11-23T13:00:00.000Z', 'Asia/Tokyo')).toBe('2026-11-23T14:00:00.000Z');
    expect(next(newYorkHours, '2026-11-23T13:00:00.000Z', 'Europe/Paris')).toBe('2026-11-23T14:00:00.000Z');
    // The same hours without a zone are read on the Tokyo clock: Tuesday 09:00 JST.
    expect(next({ ...newYorkHours, zone: null }, '2026-11-23T13:00:00.000Z', 'Asia/Tokyo')).toBe('2026-11-24T00:00:00.000Z');
  });
});

describe('nextCommonOpening: every window at once', () => {
  it('with no window, now', () => {
    expect(common([], '2026-11-21T09:00:00.000Z', 'Europe/Paris')).toBe('2026-11-21T09:00:00.000Z');
  });

  it("office hours and a template's Wednesday afternoons: Wednesday 14:00", () => {
    const wednesdayAfternoon: SendWindow = { days: ['wed'], from: '14:00', to: '20:00' };
    expect(common([OFFICE, wednesdayAfternoon], '2026-11-21T09:00:00.000Z', 'Europe/Paris')).toBe('2026-11-25T13:00:00.000Z');
    expect(common([wednesdayAfternoon, OFFICE], '2026-11-25T16:30:00.000Z', 'Europe/Paris')).toBe('2026-11-25T16:30:00.000Z');
    // 18:00 closes the office: Wednesday 18:30 waits a week.
    expect(common([OFFICE, wednesdayAfternoon], '2026-11-25T17:30:00.000Z', 'Europe/Paris')).toBe('2026-12-02T13:00:00.000Z');
  });

  it('Paris and New York office hours overlap 15:00–18:00 Paris time in winter, 14:00–18:00 while only America has changed its clocks', () => {
    const paris: SendWindow = { ...OFFICE, zone: 'Europe/Paris' };
    const newYork: SendWindow = { ...OFFICE, to: '17:00', zone: 'America/New_York' };
    expect(common([paris, newYork], '2026-11-23T08:00:00.000Z', 'UTC')).toBe('2026-11-23T14:00:00.000Z');
    expect(common([paris, newYork], '2026-11-23T17:00:00.000Z', 'UTC')).toBe('2026-11-24T14:00:00.000Z');
    // 2026-03-16: New York is on EDT (UTC-4) since 03-08, Paris still on CET (UTC+1).
    expect(common([paris, newYork], '2026-03-16T08:00:00.000Z', 'UTC')).toBe('2026-03-16T13:00:00.000Z');
  });

  it.each([
    ['back to back on the same day', [{ days: ['mon'], from: '09:00', to: '10:00' }, { days: ['mon'], from: '10:00', to: '11:00' }]],
    ['on different days', [{ days: ['mon', 'tue'], from: '09:00', to: '18:00' }, { days: ['sat', 'sun'], from: '09:00', to: '18:00' }]],
    ['weekend nights vs office hours', [OFFICE, { days: ['sat'], from: '20:00', to: '08:00' }]],
  ] as [string, SendWindow[]][])('windows that never overlap (%s) give null', (_what, windows) => {
    expect(common(windows, '2026-11-21T09:00:00.000Z', 'Europe/Paris')).toBeNull();
    expect(common(windows, '2026-11-21T09:00:00.000Z', 'Europe/Paris', 30)).toBeNull();
  });

  it('only looks as far as the horizon', () => {
    const wednesday: SendWindow = { days: ['wed'], from: '09:00', to: '10:00' };
    // From Saturday 10:00, the first Wednesday 09:00 is 3 days 23 hours away.
    expect(common([wednesday, OFFICE], '2026-11-21T09:00:00.000Z', 'Europe/Paris', 3)).toBeNull();
    expect(common([wednesday, OFFICE], '2026-11-21T09:00:00.000Z', 'Europe/Paris', 4)).toBe('2026-11-25T08:00:00.000Z');
  });
});

describe('send windows in the outbox', () => {
  it("holds a customer message until the tenant's window opens on the customer's clock, and intersects the template's window", async () => {
    const sms = new MemoryChannel({ kind: 'sms' });
    // Monday 2026-11-23 09:00 UTC: 18:00 in Tokyo (closed), 10:00 in Paris (open).
    const { admin, tickler, clock } = harness({
      start: '2026-11-23T09:00:00Z',
      channels: [sms],
      templates: [{ id: 'weekly', sendWindow: { days: ['wed'], from: '00:00', to: '12:00', zone: 'Europe/Paris' }, locales: { en: { sms: { text: 'Hi' } } } }],
    });
    await admin.tenant.configure({ sendWindow: OFFICE });
    await admin.customers.upsert({ id: 'tokyo', name: 'Ken', timezone: 'Asia/Tokyo', phone: '+81312345678' });
    await admin.customers.upsert({ id: 'paris', name: 'Zoé', timezone: 'Europe/Paris', phone: '+33612345678' });
    const [toKen] = await admin.messages.send({ channel: 'sms', customerId: 'tokyo', content: { text: 'Hello Ken' } });
    const [toZoe] = await admin.messages.send({ channel: 'sms', customerId: 'paris', content: { text: 'Bonjour Zoé' } });
    const [weekly] = await admin.messages.send({ channel: 'sms', customerId: 'paris', template: 'weekly' });
    await tickler.runDue();
    expect(sms.deliveries.map((d) => d.message.text)).toEqual(['Bonjour Zoé']);
    expect(await admin.messages.get(toKen!.id)).toMatchObject({ state: 'queued', reason: 'outside-send-window', notBefore: new Date('2026-11-24T00:00:00.000Z') });
    // Office hours in Paris and Wednesday mornings in Paris: Wednesday 09:00 CET.
    expect(await admin.messages.get(weekly!.id)).toMatchObject({ state: 'queued', reason: 'outside-send-window', notBefore: new Date('2026-11-25T08:00:00.000Z') });
    clock.set('2026-11-24T00:00:00Z');
    await tickler.runDue();
    expect(sms.deliveries.map((d) => d.message.text)).toEqual(['Bonjour Zoé', 'Hello Ken']);
    clock.set('2026-11-25T08:00:00Z');
    await tickler.runDue();
    expect(sms.deliveries.map((d) => d.message.text)).toEqual(['Bonjour Zoé', 'Hello Ken', 'Hi']);
    expect((await admin.messages.get(toZoe!.id)).state).toBe('sent');
  });
});
