import { Router } from 'express';
import { z } from 'zod';
import type { ClockControl } from '../clock-control';
import { HttpError } from '../errors';
import { parse } from '../validate';

const MAX_DAYS = 400;
const amount = (unit: string) => z.number({ error: `${unit} is a whole number.` }).int({ error: `${unit} is a whole number.` }).min(0, { error: `${unit} is not negative.` });

const advanceBody = z
  .strictObject({ minutes: amount('minutes').optional(), hours: amount('hours').optional(), days: amount('days').optional() })
  .transform((b) => ((b.days ?? 0) * 24 * 60 + (b.hours ?? 0) * 60 + (b.minutes ?? 0)) * 60_000)
  .refine((ms) => ms > 0, { error: 'Give at least one of minutes, hours, days, more than 0.' })
  .refine((ms) => ms <= MAX_DAYS * 86_400_000, { error: `At most ${MAX_DAYS} days at once.` });

/** The clock: what time it is, and (demo mode) moving it forward, which runs what falls due. */
export function clockRouter(clock: ClockControl): Router {
  const router = Router();

  router.get('/clock', (_req, res) => {
    res.json({ now: clock.now(), demo: clock.demo });
  });

  router.post('/clock/advance', async (req, res) => {
    if (!clock.demo) throw new HttpError(403, 'FORBIDDEN', 'The clock only moves in demo mode (DEMO=0 runs on the system clock).');
    const ms = parse(advanceBody, req.body ?? {});
    res.json(await clock.advance(ms));
  });

  return router;
}
