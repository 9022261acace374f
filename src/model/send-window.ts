import { z } from 'zod';
import { zoneSchema } from './common';

/** A day of the week, as send windows name them. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Every {@link Weekday}, Monday first (ISO order). */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Hours when messages may go out, read on the recipient's wall clock (or in `zone`).
 * `from` later than `to` is a window that crosses midnight (`22:00` to `06:00`), which
 * belongs to the day it opens on.
 *
 * @example
 * ```ts
 * const officeHours: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' };
 * ```
 */
export interface SendWindow {
  /** The days the window opens on. */
  days: Weekday[];
  /** Opening wall time, `HH:mm`. */
  from: string;
  /** Closing wall time, `HH:mm` (exclusive). */
  to: string;
  /** Read the hours in this IANA zone instead of the recipient's. */
  zone?: string | null | undefined;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const wallClock = (field: string) =>
  z.string({ error: `${field} is a wall time such as 09:00.` }).regex(HH_MM, { error: `${field} is a 24-hour wall time HH:mm, such as 09:00 or 18:30.` });

/** Validates a {@link SendWindow}. */
export const sendWindowSchema = z
  .strictObject(
    {
      days: z
        .array(z.enum(WEEKDAYS as [Weekday, ...Weekday[]], { error: `A day is one of ${WEEKDAYS.join(', ')}.` }), { error: 'days is a list of weekdays.' })
        .min(1, { error: 'A send window needs at least one day.' })
        .transform((days) => WEEKDAYS.filter((d) => days.includes(d))),
      from: wallClock('from'),
      to: wallClock('to'),
      zone: zoneSchema.nullable().optional(),
    },
    { error: 'Give a send window as { days, from, to, zone? }.' },
  )
  .refine((w) => w.from !== w.to, { error: 'from and to are the same time, so the window never opens; widen it.', path: ['to'] });
