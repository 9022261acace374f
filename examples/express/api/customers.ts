import { Router } from 'express';
import type { Customer, ReminderIndicator, TicklerScope } from 'tickler';
import { z } from 'zod';
import { contextOf } from '../session';
import { findUser } from '../users';
import { intParam, parse, textParam } from '../validate';

/** A customer as the list and profile show it: with the clock icon and the dunning level. */
export type CustomerView = Customer & { indicator: ReminderIndicator; dunningLevel: number };

const listQuery = z.object({
  search: textParam.optional(),
  folder: textParam.optional(),
  status: textParam.optional(),
  cursor: z.string({ error: 'Give one cursor.' }).max(2000).optional(),
  limit: intParam(1, 100).optional(),
});

const label = z.string({ error: 'Give a text.' }).trim().min(1, { error: 'It is empty.' }).max(100, { error: 'At most 100 characters.' });
const assignee = z.string({ error: 'Give a user id.' }).refine((id) => findUser(id) !== undefined, { error: 'Not a demo user; use u-alice, u-bob or u-carol.' });

const patchBody = z
  .strictObject({
    status: label.nullable().optional(),
    folder: label.nullable().optional(),
    tags: z.array(label, { error: 'Give the tags as an array of texts.' }).max(50).optional(),
    assignees: z.array(assignee, { error: 'Give the assignees as an array of user ids.' }).max(10).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: 'Give at least one of status, folder, tags, assignees.' });

// A new customer from the host's own records; tickler validates the zone, locale, email and phone and names each field.
const putBody = z.strictObject({
  name: z.string({ error: 'name is a text.' }).trim().min(1, { error: 'The name is empty.' }).max(500, { error: 'A name is at most 500 characters.' }),
  timezone: z.string({ error: 'timezone is an IANA zone such as Europe/Paris.' }).nullable().optional(),
  locale: z.string({ error: 'locale is a BCP 47 tag such as fr-FR.' }).nullable().optional(),
  email: z.string({ error: 'email is a text.' }).nullable().optional(),
  phone: z.string({ error: 'phone is a text.' }).nullable().optional(),
  whatsapp: z.string({ error: 'whatsapp is a text.' }).nullable().optional(),
  status: label.nullable().optional(),
  folder: label.nullable().optional(),
  tags: z.array(label, { error: 'Give the tags as an array of texts.' }).max(50).optional(),
  assignees: z.array(assignee, { error: 'Give the assignees as an array of user ids.' }).max(10).optional(),
});

/** The highest dunning level of each customer's open invoices (0 with none). */
async function dunningLevels(scope: TicklerScope, customerIds: readonly string[]): Promise<Map<string, number>> {
  const levels = new Map<string, number>();
  for (const customerId of customerIds) {
    let level = 0;
    let cursor: string | undefined;
    do {
      const page = await scope.invoices.list({ customerId, status: 'open', limit: 500, cursor });
      for (const invoice of page.items) level = Math.max(level, invoice.dunning.level);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    levels.set(customerId, level);
  }
  return levels;
}

/** Adds the clock icon (one `indicators` call for the page) and the dunning level. */
export async function withIndicators(scope: TicklerScope, customers: readonly Customer[]): Promise<CustomerView[]> {
  const ids = customers.map((c) => c.id);
  const [indicators, levels] = await Promise.all([scope.reminders.indicators(ids), dunningLevels(scope, ids)]);
  return customers.map((c) => ({ ...c, indicator: indicators[c.id] ?? { upcoming: false, nextDueAt: null }, dunningLevel: levels.get(c.id) ?? 0 }));
}

/** Customers: the list with its filters, one profile, changes to status, folder, tags and assignees. */
export function customersRouter(): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    const { scope } = contextOf(req);
    const q = parse(listQuery, req.query);
    const page = await scope.customers.list({ search: q.search, folder: q.folder, status: q.status, cursor: q.cursor, limit: q.limit ?? 50 });
    res.json({ items: await withIndicators(scope, page.items), nextCursor: page.nextCursor });
  });

  router.get('/customers/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const customer = await scope.customers.get(req.params.id);
    const [view] = await withIndicators(scope, [customer]);
    res.json(view);
  });

  router.put('/customers/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(putBody, req.body ?? {});
    const [view] = await withIndicators(scope, [await scope.customers.upsert({ id: req.params.id, ...body })]);
    res.json(view);
  });

  router.patch('/customers/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(patchBody, req.body ?? {});
    await scope.customers.get(req.params.id); // 404 rather than creating a customer
    res.json(await scope.customers.upsert({ id: req.params.id, ...body }));
  });

  router.get('/folders', async (req, res) => {
    const { scope } = contextOf(req);
    const folders = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await scope.customers.list({ limit: 500, cursor });
      for (const c of page.items) if (c.folder !== null) folders.add(c.folder);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    res.json({ folders: [...folders].sort((a, b) => a.localeCompare(b)) });
  });

  return router;
}
