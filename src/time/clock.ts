/**
 * The source of "now" for everything tickler decides. Inject {@link FakeClock} in tests
 * and simulations; production uses {@link SystemClock}.
 */
export interface Clock {
  /** The current instant. Each call returns a fresh `Date` the caller may keep. */
  now(): Date;
}
