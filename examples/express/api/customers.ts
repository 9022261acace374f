import { Router } from 'express';
import type { Customer, ReminderIndicator, TicklerScope } from 'tickler';
import { z } from 'zod';
import { allPages } from '../paging';
import { contextOf } from '../session';
import { demoUserId, intParam, parse, textParam } from '../validate';

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
const assignee = demoUserId('Give a user id.');

// What the page changes on a customer (PATCH), and what a host import sets besides (PUT).
const changeFields = z.strictObject({
  status: label.nullable().optional(),
  folder: label.nullable().optional(),
  tags: z.array(label, { error: 'Give the tags as an array of texts.' }).max(50).optional(),
  assignees: z.array(assignee, { error: 'Give the assignees as an array of user ids.' }).max(10).optional(),
});

const patchBody = changeFields.refine((b) => Object.keys(b).length > 0, { error: 'Give at least one of status, folder, tags, assignees.' });

// A customer from the host's own records; tickler validates the zone, locale, email and phone and names each field.
const putBody = changeFields.extend({
  name: z.string({ error: 'name is a text.' }).trim().min(1, { error: 'The name is empty.' }).max(500, { error: 'A name is at most 500 characters.' }),
  timezone: z.string({ error: 'timezone is an IANA zone such as Europe/Paris.' }).nullable().optional(),
  locale: z.string({ error: 'locale is a BCP 47 tag such as fr-FR.' }).nullable().optional(),
  email: z.string({ error: 'email is a text.' }).nullable().optional(),
  phone: z.string({ error: 'phone is a text.' }).nullable().optional(),
  whatsapp: z.string({ error: 'whatsapp is a text.' }).nullable().optional(),
});

/**
 * The highest dunning level of each customer's open invoices (0 with none), from one
 * `dunning.report()`: it holds every open invoice that is overdue, has a level, or waits
 * for approval, so an open invoice it leaves out is at level 0 and changes no maximum.
 */
async function dunningLevels(scope: TicklerScope, customerIds: readonly string[]): Promise<Map<string, number>> {
  const wanted = new Set(customerIds);
  const levels = new Map<string, number>();
  const report = await scope.dunning.report();
  for (const { level, customers } of report.levels) {
    for (const { customerId } of customers) if (wanted.has(customerId)) levels.set(customerId, Math.max(levels.get(customerId) ?? 0, level));
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
    const customers = await allPages((cursor) => scope.customers.list({ limit: 500, cursor }));
    const folders = new Set(customers.flatMap((c) => (c.folder === null ? [] : [c.folder])));
    res.json({ folders: [...folders].sort((a, b) => a.localeCompare(b)) });
  });

  return router;
}
