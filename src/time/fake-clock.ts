import { Duration, type DurationLikeObject } from 'luxon';
import type { Clock } from './clock';
import { ValidationError } from '../errors';
import { parseInstant } from './instant';

/** What {@link FakeClock.set} accepts: a `Date`, an ISO-8601 string with an offset, or epoch milliseconds. */
export type InstantInput = Date | string | number;

/** A luxon-style duration such as `{ days: 3, hours: 2 }`, or an ISO-8601 duration such as `P3D`. */
export type DurationInput = DurationLikeObject | string;

/**
 * A clock that only moves when told to, so a test can run a year of follow-ups in
 * milliseconds.
 *
 * @example
 * ```ts
 * const clock = new FakeClock('2026-11-23T09:00:00Z');
 * clock.advance({ days: 3 });
 * clock.now(); // 2026-11-26T09:00:00.000Z
 * ```
 */
export class FakeClock implements Clock {
  #ms: number;
  readonly #listeners = new Set<(now: Date) => void>();

  /** Starts at `start`, or at 2026-01-01T00:00:00Z when omitted. */
  constructor(start: InstantInput = '2026-01-01T00:00:00Z') {
    this.#ms = toMillis(start, 'start');
  }

  now(): Date {
    return new Date(this.#ms);
  }

  /** Jumps to `instant`, backwards or forwards. */
  set(instant: InstantInput): Date {
    this.#ms = toMillis(instant, 'instant');
    return this.#changed();
  }

  /**
   * Moves forward by `duration`, measured in UTC (a day is 24 hours here; calendar
   * arithmetic in a zone belongs to the code under test, not to the clock).
   */
  advance(duration: DurationInput): Date {
    const d = typeof duration === 'string' ? Duration.fromISO(duration) : Duration.fromObject(duration);
    if (!d.isValid) throw ValidationError.field('duration', `${JSON.stringify(duration)} is not a duration; pass { days: 3 } or "P3D".`);
    const ms = d.toMillis();
    if (ms < 0) throw ValidationError.field('duration', 'A FakeClock only advances; use set() to go back in time.');
    this.#ms += ms;
    return this.#changed();
  }

  /**
   * Calls `listener` after every `set` or `advance`; returns the unsubscribe function.
   * Workers use it to re-arm their timers when a test moves time.
   */
  onChange(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): Date {
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }
}

function toMillis(input: InstantInput, path: string): number {
  const ms = input instanceof Date ? input.getTime() : typeof input === 'number' ? input : (parseInstant(input)?.getTime() ?? NaN);
  if (!Number.isFinite(ms)) throw ValidationError.field(path, `"${String(input)}" is not an instant; pass a Date or an ISO string with an offset, such as 2026-11-23T09:00:00Z.`);
  return ms;
}
