import { describe, expect, it } from 'vitest';
import { FakeClock, SystemClock, ValidationError } from 'tickler';

describe('FakeClock', () => {
  it('starts where told, moves only when told', () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-23T09:00:00.000Z');
    clock.advance({ days: 3, hours: 1 });
    expect(clock.now().toISOString()).toBe('2026-11-26T10:00:00.000Z');
    clock.advance('PT30M');
    expect(clock.now().toISOString()).toBe('2026-11-26T10:30:00.000Z');
    clock.set(new Date('2020-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it('hands out copies of now', () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    clock.now().setUTCFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });

  it('tells listeners when time moves', () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const seen: string[] = [];
    const off = clock.onChange((now) => seen.push(now.toISOString()));
    clock.advance({ minutes: 1 });
    off();
    clock.advance({ minutes: 1 });
    expect(seen).toEqual(['2026-11-23T09:01:00.000Z']);
  });

  it('refuses instants without an offset, bad durations and going backwards by advance', () => {
    expect(() => new FakeClock('2026-11-23T09:00')).toThrow(ValidationError);
    const clock = new FakeClock();
    expect(() => clock.advance('three days')).toThrow(ValidationError);
    expect(() => clock.advance({ days: -1 })).toThrow(/only advances/);
  });
});

describe('SystemClock', () => {
  it('reads the machine time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(5_000);
  });
});
