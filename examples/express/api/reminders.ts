import { Router } from 'express';
import { isValidZone, type AtInput } from 'tickler';
import { z } from 'zod';
import { contextOf } from '../session';
import { demoUserId, idField, intParam, parse } from '../validate';

const wallTime = z.strictObject({
  local: z.string({ error: 'local is a wall time such as 2026-12-01T10:00.' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { error: 'local is a wall time such as 2026-12-01T10:00.' }),
  zone: z.string({ error: 'zone is an IANA time zone such as Europe/Paris.' }).refine(isValidZone, { error: 'Not an IANA time zone; use a name such as Europe/Paris or America/New_York.' }).optional(),
});

// Not a z.union: a union reports one vague issue on `at`; this names `at.zone` or `at.local`.
const at = z.unknown().transform((value, ctx): AtInput => {
  if (typeof value === 'string') return value; // an ISO instant with an offset: tickler checks it
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const result = wallTime.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.code === 'unrecognized_keys' ? issue.keys : issue.path });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: 'at is { local: "2026-12-01T10:00", zone?: "Europe/Paris" } or an ISO instant with an offset.' });
  return z.NEVER;
});

const note = z.string({ error: 'note is a text.' }).trim().min(1, { error: 'The note is empty; say what should be done.' }).max(5000, { error: 'A note is at most 5,000 characters.' });
const assignee = demoUserId('assignee is a user id, or null.').nullable();

const createBody = z.strictObject({
  customerId: idField,
  at,
  note,
  assignee: assignee.optional(),
  source: z.enum(['profile', 'list'], { error: 'source is profile or list.' }),
});

const patchBody = z
  .strictObject({ at: at.optional(), note: note.optional(), assignee: assignee.optional() })
  .refine((b) => b.at !== undefined || b.note !== undefined || b.assignee !== undefined, { error: 'Give at least one of at, note, assignee.' });

const whenQuery = z.object({ when: z.enum(['upcoming', 'past', 'all'], { error: 'when is upcoming, past or all.' }).optional() });
const listQuery = whenQuery.extend({ assignee: z.string({ error: 'Give one user id.' }).trim().min(1).max(200).optional(), limit: intParam(1, 500).optional() });
const indicatorsQuery = z.object({
  customerIds: z
    .string({ error: 'customerIds is a comma-separated list of customer ids.' })
    .transform((s) => s.split(',').map((id) => id.trim()).filter((id) => id !== ''))
    .pipe(z.array(idField).min(1, { error: 'Give at least one customer id.' }).max(500, { error: 'At most 500 customer ids.' })),
});

/** Reminders: a customer's list, creating from the profile or the list, editing, completing, removing. */
export function remindersRouter(): Router {
  const router = Router();

  router.get('/customers/:id/reminders', async (req, res) => {
    const { scope } = contextOf(req);
    const { when } = parse(whenQuery, req.query);
    const customer = await scope.customers.get(req.params.id); // 404 for an unknown customer, not an empty list
    res.json({ items: await scope.reminders.list({ customerId: customer.id, when: when ?? 'all' }) });
  });

  router.get('/reminders', async (req, res) => {
    const { scope } = contextOf(req);
    const { when, assignee, limit } = parse(listQuery, req.query);
    res.json({ items: await scope.reminders.list({ when: when ?? 'upcoming', assignee, limit }) });
  });

  // Before `/reminders/:id` routes would match "indicators" as an id.
  router.get('/reminders/indicators', async (req, res) => {
    const { scope } = contextOf(req);
    const { customerIds } = parse(indicatorsQuery, req.query);
    res.json({ indicators: await scope.reminders.indicators(customerIds) });
  });

  router.post('/reminders', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(createBody, req.body ?? {});
    res.status(201).json(await scope.reminders.create(body));
  });

  router.patch('/reminders/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(patchBody, req.body ?? {});
    res.json(await scope.reminders.update(req.params.id, body));
  });

  router.post('/reminders/:id/complete', async (req, res) => {
    const { scope } = contextOf(req);
    res.json(await scope.reminders.complete(req.params.id));
  });

  router.delete('/reminders/:id', async (req, res) => {
    const { scope } = contextOf(req);
    await scope.reminders.remove(req.params.id);
    res.status(204).end();
  });

  return router;
}
