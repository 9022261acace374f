import { Router } from 'express';
import type { Invoice } from 'tickler';
import { z } from 'zod';
import { renamingPaths } from '../errors';
import { allPages } from '../paging';
import { contextOf } from '../session';
import { idField, jsonObjectBody, parse } from '../validate';

/** An invoice with what remains of it, for the page. */
export type InvoiceView = Invoice & { remainingMinor: number };

const view = (invoice: Invoice): InvoiceView => ({ ...invoice, remainingMinor: Math.max(0, invoice.amountMinor - invoice.paidMinor) });

const paymentBody = z.strictObject({
  amountMinor: z.number({ error: 'amountMinor is the amount in minor units (cents) as a number: 12050 for 120.50.' }).int({ error: 'amountMinor is a whole number of minor units (cents).' }).positive({ error: 'A payment is more than 0.' }),
  reference: z.string({ error: 'reference is a text.' }).trim().min(1).max(200).optional(),
  allowOverpayment: z.boolean({ error: 'allowOverpayment is true or false.' }).optional(),
});
const invoiceBody = z.strictObject({
  customerId: idField,
  number: z.string({ error: 'number is the invoice number as text.' }).trim().min(1, { error: 'The number is empty.' }).max(100),
  currency: z.string({ error: 'currency is an ISO 4217 code such as EUR.' }).regex(/^[A-Za-z]{3}$/, { error: 'currency is an ISO 4217 code such as EUR.' }),
  amountMinor: z.number({ error: 'amountMinor is the amount in minor units (cents) as a number.' }).int({ error: 'amountMinor is a whole number of minor units.' }).min(0),
  issuedAt: z.string({ error: 'issuedAt is a date such as 2026-11-01.' }),
  dueAt: z.string({ error: 'dueAt is a date such as 2026-12-01.' }),
});
const invoiceQuery = z.object({
  status: z.enum(['open', 'paid', 'void', 'written_off'], { error: 'status is open, paid, void or written_off.' }).optional(),
  cursor: z.string({ error: 'Give one cursor.' }).max(400).optional(),
});
const policyBody = jsonObjectBody('Give the policy as a JSON object: { name, mode, steps, … }.');
const approveBody = z.strictObject({ ids: z.array(idField, { error: 'ids is an array of approval ids.' }).min(1, { error: 'Give at least one approval id.' }).max(500) });
const markSentBody = z.strictObject({ note: z.string({ error: 'note is a text.' }).trim().min(1, { error: 'The note is empty.' }).max(1000, { error: 'A note is at most 1,000 characters.' }).optional() });

/** A file name made of the invoice number's safe characters. */
const fileName = (number: string): string => `letter-${number.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;

/** Invoices and dunning: a customer's invoices, payments, the report, approvals, letters, policies. */
export function invoicesRouter(): Router {
  const router = Router();

  router.get('/customers/:id/invoices', async (req, res) => {
    const { scope } = contextOf(req);
    const customer = await scope.customers.get(req.params.id);
    const items = await allPages((cursor) => scope.invoices.list({ customerId: customer.id, limit: 500, cursor }));
    res.json({ items: items.map(view) });
  });

  router.get('/invoices', async (req, res) => {
    const { scope } = contextOf(req);
    const { status, cursor } = parse(invoiceQuery, req.query);
    const page = await scope.invoices.list({ status, cursor, limit: 100 });
    res.json({ items: page.items.map(view), nextCursor: page.nextCursor });
  });

  router.put('/invoices/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(invoiceBody, req.body ?? {});
    res.json(view(await scope.invoices.upsert({ ...body, id: req.params.id })));
  });

  router.put('/dunning/policies/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(policyBody, req.body ?? {});
    res.json(await scope.dunning.definePolicy({ ...body, id: req.params.id } as Parameters<typeof scope.dunning.definePolicy>[0]));
  });

  router.post('/invoices/:id/payments', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(paymentBody, req.body ?? {});
    res.json(view(await scope.invoices.recordPayment(req.params.id, body)));
  });

  router.get('/dunning/report', async (req, res) => {
    const { scope } = contextOf(req);
    res.json(await scope.dunning.report());
  });

  router.get('/dunning/approvals', async (req, res) => {
    const { scope } = contextOf(req);
    res.json({ items: await scope.dunning.pendingApprovals() });
  });

  router.post('/dunning/approvals', async (req, res) => {
    const { scope } = contextOf(req);
    const { ids } = parse(approveBody, req.body ?? {});
    const invoices = await renamingPaths(scope.dunning.approve(ids), { approvalIds: 'ids' });
    res.json({ items: invoices.map(view) });
  });

  router.post('/dunning/invoices/:id/mark-sent', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(markSentBody, req.body ?? {});
    const invoice = await renamingPaths(scope.dunning.markSent(req.params.id, body), { options: '' });
    res.json(view(invoice));
  });

  router.get('/dunning/letter/:invoiceId', async (req, res) => {
    const { scope } = contextOf(req);
    const invoice = await scope.invoices.get(req.params.invoiceId);
    const pdf = await scope.dunning.letter({ invoiceId: invoice.id });
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="${fileName(invoice.number)}"`)
      .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  router.get('/dunning/policies', async (req, res) => {
    const { scope } = contextOf(req);
    res.json({ items: await scope.dunning.listPolicies() });
  });

  return router;
}
