import type { Clock } from './clock';

/** The wall clock. The only place in tickler that reads the machine's time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
