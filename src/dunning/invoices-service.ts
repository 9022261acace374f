import { z } from 'zod';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/require-customer';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { idSchema, limitSchema } from '../model/common';
import { invoiceInputSchema, paymentInputSchema, remainingMinor, type Invoice, type Payment } from '../model/invoice';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { tenantSettings } from '../tenants/tenant-settings';
import { instantOf } from '../time/instant';
import { initialDunningState } from '../model/dunning-state';
import { addDays, localDate, stepInstant } from './policy/step-plan';
import { INVOICE_OVERDUE_JOB, overdueJobId } from '../automations/automation-jobs';
import { advance, invoiceCommand, requireInvoice } from './invoice-command';
import type { InvoicesApi } from './invoices-api';

const reasonSchema = z.string({ error: 'Give the reason as text.' }).trim().min(1, { error: 'The reason is empty.' }).max(1000, { error: 'A reason is at most 1,000 characters.' });
const listSchema = z.strictObject({
  customerId: idSchema.optional(),
  status: z.enum(['open', 'paid', 'void', 'written_off']).optional(),
  level: z.number().int().min(0).optional(),
  cursor: z.string().max(400).optional(),
  limit: limitSchema.optional(),
});

const FIELDS = ['number', 'currency', 'amountMinor', 'issueDate', 'dueDate', 'policyOverride'] as const;

/** The invoices API of one actor. */
export function createInvoicesApi(engine: Engine, actor: Actor): InvoicesApi {
  // Every method is async, so bad input is a rejected promise, never a synchronous throw.
  const hold = async (id: string, event: Parameters<typeof advance>[2], name: 'invoice.disputed' | 'invoice.dispute_resolved' | 'invoice.paused' | 'invoice.resumed' | 'invoice.promised', reason: string | null, until: Date | null) =>
    invoiceCommand(
      engine,
      actor,
      parseInput(idSchema, id, 'id'),
      'invoice.hold',
      (_ctx, current) => ({ invoice: current, event, detail: {} }),
      async (ctx, before, invoice) => {
        await ctx.audit({ action: name, entityType: 'invoice', entityId: invoice.id, before: before.dunning.stop, after: invoice.dunning.stop, reason: reason ?? name });
        ctx.emit(name, { invoice, reason, until });
      },
    );

  const close = async (id: string, status: 'void' | 'written_off', reason: string | undefined) =>
    invoiceCommand(
      engine,
      actor,
      parseInput(idSchema, id, 'id'),
      'invoice.settle',
      (ctx, current) => {
        if (current.status !== 'open') throw new ConflictError(`Invoice "${current.id}" is ${current.status}; only an open invoice can be ${status === 'void' ? 'voided' : 'written off'}.`, { path: 'id' });
        return { invoice: { ...current, status }, event: { type: status === 'void' ? 'void' : 'write_off' }, detail: {} };
      },
      async (ctx, before, invoice) => {
        await ctx.audit({ action: status === 'void' ? 'invoice.voided' : 'invoice.written_off', entityType: 'invoice', entityId: invoice.id, before: { status: before.status }, after: { status }, reason: reason ?? null });
        ctx.emit(status === 'void' ? 'invoice.voided' : 'invoice.written_off', { invoice });
      },
    );

  return {
    async upsert(input) {
      const data = parseInput(invoiceInputSchema, input);
      return runCommand(engine, { actor }, async (ctx) => {
        const customer = await requireCustomer(ctx, data.customerId);
        const existing = await ctx.tx.invoices.get(ctx.tenantId, data.id);
        await ctx.authorize('invoice.write', { type: 'invoice', id: data.id, customer, invoice: existing ?? undefined });
        const zone = customer.timezone ?? (await tenantSettings(ctx)).timezone;
        const day = (v: Date | string) => (v instanceof Date ? localDate(v, zone) : v);
        const fields = { number: data.number, currency: data.currency, amountMinor: data.amountMinor, issueDate: day(data.issuedAt), dueDate: day(data.dueAt) };
        if (fields.dueDate < fields.issueDate) throw ValidationError.field('dueAt', `The due date ${fields.dueDate} is before the issue date ${fields.issueDate}.`);
        // An override naming no policy would silently leave the invoice without dunning.
        if (typeof data.policyId === 'string' && (await ctx.tx.dunningPolicies.get(ctx.tenantId, data.policyId)) === null) throw new NotFoundError('dunning policy', data.policyId, { path: 'policyId' });
        if (existing === null) return create(ctx, data.id, customer.id, fields, data.policyId ?? null, zone);
        if (existing.customerId !== customer.id) throw new ConflictError(`Invoice "${data.id}" belongs to customer "${existing.customerId}"; an invoice cannot move to another customer.`, { path: 'customerId' });
        if (existing.currency !== fields.currency && existing.payments.length > 0) throw new ConflictError(`Invoice "${data.id}" has payments in ${existing.currency}; its currency cannot change.`, { path: 'currency' });
        const next: Invoice = { ...existing, ...fields, policyOverride: data.policyId === undefined ? existing.policyOverride : data.policyId };
        if (next.status === 'open' && next.paidMinor >= next.amountMinor) next.status = 'paid';
        const changed = FIELDS.filter((k) => existing[k] !== next[k]);
        if (changed.length === 0) return existing;
        const { invoice } = await advance(ctx, next, { type: 'plan' });
        await ctx.audit({ action: 'invoice.updated', entityType: 'invoice', entityId: invoice.id, before: pick(existing), after: pick(invoice), reason: `changed: ${changed.join(', ')}` });
        ctx.emit('invoice.updated', { invoice });
        // A due date moved later is overdue later; one moved earlier may be overdue now.
        if (changed.includes('dueDate') && invoice.status === 'open') await armOverdue(ctx, invoice, zone);
        // A lower amount that the payments already cover pays the invoice: say so as a payment would.
        const lastPayment = invoice.payments.at(-1);
        if (existing.status === 'open' && invoice.status === 'paid' && lastPayment !== undefined) ctx.emit('invoice.paid', { invoice, payment: lastPayment });
        return invoice;
      });
    },

    async get(id) {
      const invoiceId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        const invoice = await requireInvoice(ctx, invoiceId);
        await ctx.authorize('invoice.read', { type: 'invoice', id: invoiceId, invoice });
        return invoice;
      });
    },

    async list(query = {}) {
      const q = parseInput(listSchema, query);
      const limit = q.limit ?? 50;
      const afterId = q.cursor === undefined ? undefined : Buffer.from(q.cursor, 'base64url').toString('utf8');
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('invoice.read', { type: 'invoice' });
        const rows = await ctx.tx.invoices.list(ctx.tenantId, { customerId: q.customerId, status: q.status, level: q.level, afterId, limit: limit + 1 });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return { items, nextCursor: rows.length > limit && last !== undefined ? Buffer.from(last.id, 'utf8').toString('base64url') : null };
      });
    },

    async recordPayment(id, payment) {
      const invoiceId = parseInput(idSchema, id, 'id');
      const data = parseInput(paymentInputSchema, payment);
      const at = data.at === undefined ? null : instantOf(data.at, 'at');
      return invoiceCommand(
        engine,
        actor,
        invoiceId,
        'invoice.settle',
        (ctx, current) => {
          const duplicate = data.reference === undefined ? undefined : current.payments.find((p) => p.reference === data.reference);
          if (duplicate !== undefined) return { invoice: current, event: null, detail: { payment: null as Payment | null } };
          if (current.status !== 'open') throw new ConflictError(`Invoice "${current.id}" is ${current.status}; record refunds and corrections in your billing system.`, { path: 'id' });
          const remaining = remainingMinor(current);
          if (data.amountMinor > remaining && data.allowOverpayment !== true) {
            throw ValidationError.field('amountMinor', `The payment of ${data.amountMinor} exceeds what remains (${remaining} ${current.currency} minor units). Pass allowOverpayment: true to record it anyway.`);
          }
          const recorded: Payment = { id: ctx.engine.newId(), amountMinor: data.amountMinor, at: at ?? ctx.now, reference: data.reference ?? null, recordedBy: ctx.actor.userId };
          const paidMinor = current.paidMinor + data.amountMinor;
          const invoice: Invoice = { ...current, payments: [...current.payments, recorded], paidMinor, status: paidMinor >= current.amountMinor ? 'paid' : 'open' };
          return { invoice, event: { type: 'payment' as const, at: recorded.at }, detail: { payment: recorded } };
        },
        async (ctx, before, invoice, { payment }) => {
          if (payment === null) return;
          await ctx.audit({ action: 'payment.recorded', entityType: 'invoice', entityId: invoice.id, before: { paidMinor: before.paidMinor, status: before.status }, after: { paidMinor: invoice.paidMinor, status: invoice.status, payment }, reason: payment.reference });
          ctx.emit('payment.recorded', { invoice, payment });
          if (invoice.status === 'paid') ctx.emit('invoice.paid', { invoice, payment });
        },
      );
    },

    recordPaymentFailure: async (id, failure) => (await recordPaymentFailure(engine, actor, id, failure)).invoice,

    async dispute(id, reason) {
      const why = parseInput(reasonSchema, reason, 'reason');
      return hold(id, { type: 'dispute', reason: why }, 'invoice.disputed', why, null);
    },
    resolveDispute: async (id) => hold(id, { type: 'resolve_dispute' }, 'invoice.dispute_resolved', null, null),
    async pause(id, options = {}) {
      const data = parseInput(z.strictObject({ until: z.union([z.date(), z.string()]).optional(), reason: reasonSchema.optional() }), options, 'options');
      const until = data.until === undefined ? null : instantOf(data.until, 'options.until');
      return hold(id, { type: 'pause', until, reason: data.reason ?? null }, 'invoice.paused', data.reason ?? null, until);
    },
    resume: async (id) => hold(id, { type: 'resume' }, 'invoice.resumed', null, null),
    async promiseToPay(id, promise) {
      const data = parseInput(z.strictObject({ until: z.union([z.date(), z.string()]), note: reasonSchema.optional() }), promise, 'promise');
      const until = instantOf(data.until, 'promise.until');
      return hold(id, { type: 'promise', until }, 'invoice.promised', data.note ?? null, until);
    },
    void: async (id, reason) => close(id, 'void', reason === undefined ? undefined : parseInput(reasonSchema, reason, 'reason')),
    writeOff: async (id, reason) => close(id, 'written_off', reason === undefined ? undefined : parseInput(reasonSchema, reason, 'reason')),
  };
}

/**
 * `invoices.recordPaymentFailure`, saying whether it recorded the failure (false for a
 * reference recorded before). Sources count what they applied with it.
 */
export async function recordPaymentFailure(engine: Engine, actor: Actor, id: string, failure: Parameters<InvoicesApi['recordPaymentFailure']>[1]): Promise<{ invoice: Invoice; recorded: boolean }> {
  const invoiceId = parseInput(idSchema, id, 'id');
  const data = parseInput(z.strictObject({ reason: reasonSchema, at: z.union([z.date(), z.string()]).optional(), reference: z.string().trim().min(1).max(200).optional() }), failure);
  const at = data.at === undefined ? null : instantOf(data.at, 'at');
  return runCommand(engine, { actor }, async (ctx) => {
    const invoice = await requireInvoice(ctx, invoiceId);
    await ctx.authorize('invoice.settle', { type: 'invoice', id: invoiceId, invoice });
    const failedAt = at ?? ctx.now;
    if (data.reference !== undefined && (await failureRecorded(ctx, invoiceId, data.reference))) return { invoice, recorded: false };
    await ctx.audit({ action: 'payment.failed', entityType: 'invoice', entityId: invoiceId, before: null, after: { failedAt, reason: data.reason, ...(data.reference === undefined ? {} : { reference: data.reference }) }, reason: data.reason });
    ctx.emit('payment.failed', { invoice, reason: data.reason, failedAt });
    return { invoice, recorded: true };
  });
}

/** True when a failed attempt with this reference is on the invoice's audit trail: the trail is the record of failures. */
async function failureRecorded(ctx: CommandContext, invoiceId: string, reference: string): Promise<boolean> {
  const entries = await ctx.tx.audit.list(ctx.tenantId, { entityType: 'invoice', entityId: invoiceId, action: 'payment.failed', order: 'desc', limit: 1000 });
  return entries.some((e) => (e.after as { reference?: unknown } | null)?.reference === reference);
}

/** The fields an invoice audit entry shows (payments and the dunning state have their own entries). */
function pick(i: Invoice): Record<string, unknown> {
  return { number: i.number, currency: i.currency, amountMinor: i.amountMinor, paidMinor: i.paidMinor, issueDate: i.issueDate, dueDate: i.dueDate, status: i.status, policyOverride: i.policyOverride };
}

async function create(ctx: CommandContext, id: string, customerId: string, fields: Pick<Invoice, 'number' | 'currency' | 'amountMinor' | 'issueDate' | 'dueDate'>, policyOverride: string | null, zone: string): Promise<Invoice> {
  const invoice: Invoice = {
    tenantId: ctx.tenantId,
    id,
    customerId,
    ...fields,
    paidMinor: 0,
    status: fields.amountMinor === 0 ? 'paid' : 'open',
    payments: [],
    charges: [],
    policyOverride,
    dunning: initialDunningState(),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 1,
  };
  if (!(await ctx.tx.invoices.insert(invoice))) throw new ConflictError(`Invoice "${id}" was created concurrently; retry the upsert.`, { path: 'id' });
  await ctx.audit({ action: 'invoice.created', entityType: 'invoice', entityId: id, before: null, after: pick(invoice), reason: null });
  const planned = await advance(ctx, invoice, { type: 'plan' });
  ctx.emit('invoice.created', { invoice: planned.invoice });
  if (planned.invoice.status === 'open') await armOverdue(ctx, planned.invoice, zone);
  return planned.invoice;
}

/** Arms the timer that fires `invoice.overdue` when the day after the due date begins in `zone` (at once if it has). */
async function armOverdue(ctx: CommandContext, invoice: Invoice, zone: string): Promise<void> {
  const at = stepInstant(addDays(invoice.dueDate, 1), '00:00', zone);
  await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: overdueJobId(invoice.id), kind: INVOICE_OVERDUE_JOB, refId: invoice.id, runAt: new Date(Math.max(at.getTime(), ctx.now.getTime())) });
}
