import { z } from 'zod';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/require-customer';
import { ConflictError, isTicklerError, NotFoundError, ValidationError } from '../errors';
import { idSchema } from '../model/common';
import type { Customer } from '../model/customer';
import type { DunningAssignment } from '../model/dunning-assignment';
import type { Invoice } from '../model/invoice';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { forgetTenantSettings, tenantSettings } from '../tenants/tenant-settings';
import type { DunningApi } from './dunning-api';
import type { PendingApproval } from './pending-approval';
import { policyById } from './engine/dunning-target';
import { checkPolicyReferences } from './engine/policy-references';
import { advance, requireInvoice } from './invoice-command';
import { renderLetter } from './letter/letter';
import { normalizePolicy } from './policy/normalize-policy';
import type { DunningPolicy } from './policy/dunning-policy';
import { buildReport, reportInvoice, type DunningReport } from './report/dunning-report';
import { localDate } from './policy/step-plan';

const idsSchema = z.array(idSchema, { error: 'Give a list of ids.' }).min(1, { error: 'Give at least one id.' }).max(1000, { error: 'At most 1,000 at a time.' });
const reportSchema = z.strictObject({ level: z.number().int().min(0).optional(), currency: z.string().trim().toUpperCase().length(3).optional() });

/** The opaque id of a waiting step: the invoice and step, encoded. */
function approvalId(invoiceId: string, stepId: string): string {
  return Buffer.from(JSON.stringify([invoiceId, stepId]), 'utf8').toString('base64url');
}

function parseApprovalId(id: string, path: string): { invoiceId: string; stepId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { invoiceId: value[0], stepId: value[1] };
  } catch {
    // reported below
  }
  throw ValidationError.field(path, 'This is not an approval id; take the id from dunning.pendingApprovals() or the report.');
}

type OpenInvoiceFilter = { customerId?: string; policyId?: string; awaitingApproval?: boolean };

/** Every open invoice of the tenant matching `filter`, read a page (500) at a time; `visit` sees each page in id order. */
async function eachOpenPage(ctx: CommandContext, filter: OpenInvoiceFilter, visit: (page: Invoice[]) => Promise<void>): Promise<void> {
  let afterId: string | undefined;
  for (;;) {
    const page = await ctx.tx.invoices.list(ctx.tenantId, { ...filter, status: 'open', afterId, limit: 500 });
    await visit(page);
    if (page.length < 500) return;
    afterId = page[page.length - 1]?.id;
  }
}

/** Every open invoice of the tenant matching `filter`, one at a time in id order (read a page at a time). */
async function eachOpenInvoice(ctx: CommandContext, filter: OpenInvoiceFilter, visit: (invoice: Invoice) => Promise<void>): Promise<void> {
  await eachOpenPage(ctx, filter, async (page) => {
    for (const invoice of page) await visit(invoice);
  });
}

/** Throws NotFoundError (on `policyId`) unless the tenant has the policy. */
async function requirePolicy(ctx: CommandContext, policyId: string): Promise<void> {
  if ((await ctx.tx.dunningPolicies.get(ctx.tenantId, policyId)) === null) throw new NotFoundError('dunning policy', policyId, { path: 'policyId' });
}

/** Re-plans a customer's open invoices after its policy changed. */
async function replanCustomer(ctx: CommandContext, customerId: string): Promise<void> {
  // Invoices with their own policy too: excluding the customer stops them as well.
  await eachOpenInvoice(ctx, { customerId }, async (invoice) => void (await advance(ctx, invoice, { type: 'plan' })));
}

/** How an assignment changes: the next one from the current one (null: none yet). */
type AssignmentChange = (current: DunningAssignment | null, customerId: string, now: Date) => DunningAssignment;

/** The change that assigns `policyId` (null: none), keeping whether the customer is excluded. */
function assignTo(tenantId: string, policyId: string | null): AssignmentChange {
  return (current, customerId, now) => ({ tenantId, customerId, policyId, excluded: current?.excluded ?? false, source: 'assigned', updatedAt: now });
}

/** Changes a customer's assignment in the caller's transaction (the customer exists) and re-plans its open invoices. */
async function changeAssignment(ctx: CommandContext, customerId: string, change: AssignmentChange): Promise<void> {
  const current = await ctx.tx.dunningAssignments.get(ctx.tenantId, customerId);
  const next = change(current, customerId, ctx.now);
  if (current !== null && current.policyId === next.policyId && current.excluded === next.excluded) return;
  await ctx.tx.dunningAssignments.put(next);
  await ctx.audit({ action: 'dunning.assigned', entityType: 'customer', entityId: customerId, before: current, after: next, reason: next.excluded ? 'excluded from dunning' : `policy ${next.policyId ?? 'none'}` });
  await replanCustomer(ctx, customerId);
}

/**
 * Assigns a customer (who exists) a policy in the caller's transaction, as
 * `dunning.assign` does. NotFoundError when the policy does not exist.
 */
export async function assignPolicyIn(ctx: CommandContext, customerId: string, policyId: string): Promise<void> {
  await requirePolicy(ctx, policyId);
  await changeAssignment(ctx, customerId, assignTo(ctx.tenantId, policyId));
}

function pending(invoice: Invoice, policy: DunningPolicy | null): PendingApproval | null {
  const p = invoice.dunning.pending;
  if (p === null) return null;
  const step = policy?.steps.find((s) => s.id === p.stepId);
  return {
    id: approvalId(invoice.id, p.stepId),
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    customerId: invoice.customerId,
    policyId: invoice.dunning.policyId ?? '',
    stepId: p.stepId,
    stepName: step?.name ?? null,
    level: step?.level ?? invoice.dunning.level,
    since: new Date(p.since),
  };
}

/** The dunning API of one actor. */
export function createDunningApi(engine: Engine, actor: Actor): DunningApi {
  /** Changes the customers' assignments in one command; `policyId`, when given, must exist (checked before any customer). */
  const setAssignments = (customerIds: string[], change: AssignmentChange, policyId: string | null = null) =>
    runCommand(engine, { actor }, async (ctx) => {
      await ctx.authorize('dunning.assign', { type: 'dunning' });
      if (policyId !== null) await requirePolicy(ctx, policyId);
      for (const customerId of new Set(customerIds)) {
        await requireCustomer(ctx, customerId);
        await changeAssignment(ctx, customerId, change);
      }
    });

  const allPolicies = async (ctx: CommandContext): Promise<Map<string, DunningPolicy>> => new Map((await ctx.tx.dunningPolicies.list(ctx.tenantId)).map((p) => [p.id, p]));

  return {
    async definePolicy(input) {
      return runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('policy.define', { type: 'dunning' });
        const before = await ctx.tx.dunningPolicies.get(ctx.tenantId, typeof input === 'object' && input !== null ? String((input as { id?: unknown }).id) : '');
        const policy = normalizePolicy(input, ctx.tenantId, ctx.now, (before?.version ?? 0) + 1);
        await checkPolicyReferences(ctx, policy);
        await ctx.tx.dunningPolicies.put(policy);
        await ctx.audit({ action: 'dunning.policy_defined', entityType: 'dunning_policy', entityId: policy.id, before, after: policy, reason: before === null ? 'created' : `version ${policy.version}` });
        if (before !== null) await eachOpenInvoice(ctx, { policyId: policy.id }, async (invoice) => void (await advance(ctx, invoice, { type: 'plan' })));
        return policy;
      });
    },

    async getPolicy(id) {
      const policyId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('dunning.read', { type: 'dunning' });
        const policy = await ctx.tx.dunningPolicies.get(ctx.tenantId, policyId);
        if (policy === null) throw new NotFoundError('dunning policy', policyId, { path: 'id' });
        return policy;
      });
    },

    async listPolicies() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('dunning.read', { type: 'dunning' });
        return ctx.tx.dunningPolicies.list(ctx.tenantId);
      });
    },

    async assign(customerIds, policyId) {
      const ids = parseInput(idsSchema, customerIds, 'customerIds');
      const target = parseInput(idSchema.nullable(), policyId, 'policyId');
      await setAssignments(ids, assignTo(actor.tenantId, target), target);
    },

    async setDefault(policyId) {
      const target = parseInput(idSchema.nullable(), policyId, 'policyId');
      await runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('policy.define', { type: 'dunning' });
        if (target !== null) await requirePolicy(ctx, target);
        const before = await tenantSettings(ctx);
        if (before.defaultDunningPolicyId === target) return;
        const after = { ...before, defaultDunningPolicyId: target };
        await ctx.tx.tenants.put(after);
        forgetTenantSettings(ctx);
        await ctx.audit({ action: 'dunning.default_set', entityType: 'tenant', entityId: ctx.tenantId, before: { defaultDunningPolicyId: before.defaultDunningPolicyId }, after: { defaultDunningPolicyId: target }, reason: 'for customers created from now on' });
      });
    },

    async exclude(customerIds) {
      const ids = parseInput(idsSchema, customerIds, 'customerIds');
      await setAssignments(ids, (current, customerId, now) => ({ tenantId: actor.tenantId, customerId, policyId: current?.policyId ?? null, excluded: true, source: current?.source ?? 'assigned', updatedAt: now }));
    },

    async include(customerIds) {
      const ids = parseInput(idsSchema, customerIds, 'customerIds');
      await setAssignments(ids, (current, customerId, now) => ({ tenantId: actor.tenantId, customerId, policyId: current?.policyId ?? null, excluded: false, source: current?.source ?? 'assigned', updatedAt: now }));
    },

    async pendingApprovals() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('dunning.read', { type: 'dunning' });
        const policies = await allPolicies(ctx);
        const out: PendingApproval[] = [];
        await eachOpenInvoice(ctx, { awaitingApproval: true }, async (invoice) => {
          const p = pending(invoice, policies.get(invoice.dunning.policyId ?? '') ?? null);
          if (p !== null) out.push(p);
        });
        return out.sort((a, b) => a.since.getTime() - b.since.getTime() || (a.invoiceId < b.invoiceId ? -1 : 1));
      });
    },

    async approve(approvalIds) {
      const ids = parseInput(idsSchema, approvalIds, 'approvalIds').map((id, i) => parseApprovalId(id, `approvalIds.${i}`));
      return runCommand(engine, { actor }, async (ctx) => {
        const loaded: { invoice: Invoice; stepId: string; index: number }[] = [];
        for (const [index, { invoiceId, stepId }] of ids.entries()) {
          const invoice = await requireInvoice(ctx, invoiceId).catch(() => {
            throw new NotFoundError('invoice', invoiceId, { path: `approvalIds.${index}` });
          });
          await ctx.authorize('dunning.approve', { type: 'invoice', id: invoiceId, invoice });
          loaded.push({ invoice, stepId, index });
        }
        // Approvals of one customer's same step under a per-customer policy send one message together.
        const groups = new Map<string, typeof loaded>();
        for (const item of loaded) {
          const policy = await policyById(ctx, item.invoice.dunning.policyId ?? '');
          const key = policy?.grouping === 'customer' ? `${item.invoice.customerId}\u0000${policy.id}\u0000${item.stepId}` : `\u0001${item.invoice.id}`;
          groups.set(key, [...(groups.get(key) ?? []), item]);
        }
        const out = new Map<number, Invoice>();
        for (const group of groups.values()) {
          const done: Invoice[] = [];
          for (const [k, { invoice, stepId, index }] of group.entries()) {
            const last = k === group.length - 1;
            const grouping = group.length > 1 ? { invoices: last ? [...done, invoice] : [], sends: last } : undefined;
            const { invoice: after } = await advance(ctx, invoice, { type: 'approve', stepId }, { grouping }).catch((error: unknown) => {
              // Name the approval at fault, not the invoice id the caller never gave.
              if (isTicklerError(error) && error.code === 'CONFLICT') throw new ConflictError(error.message, { path: `approvalIds.${index}`, cause: error });
              throw error;
            });
            await ctx.audit({ action: 'dunning.approved', entityType: 'invoice', entityId: invoice.id, before: { level: invoice.dunning.level }, after: { level: after.dunning.level }, reason: `policy ${invoice.dunning.policyId ?? ''} step ${stepId} approved by ${ctx.actor.userId}` });
            done.push(after);
            out.set(index, after);
          }
        }
        return loaded.map(({ index }) => out.get(index) as Invoice);
      });
    },

    async markSent(invoiceId, options = {}) {
      const id = parseInput(idSchema, invoiceId, 'invoiceId');
      const opts = parseInput(z.strictObject({ stepId: idSchema.optional(), note: z.string().trim().min(1).max(1000).optional() }), options, 'options');
      return runCommand(engine, { actor }, async (ctx) => {
        const invoice = await ctx.tx.invoices.get(ctx.tenantId, id);
        if (invoice === null) throw new NotFoundError('invoice', id, { path: 'invoiceId' });
        await ctx.authorize('dunning.approve', { type: 'invoice', id, invoice });
        const { invoice: after } = await advance(ctx, invoice, { type: 'mark_sent', stepId: opts.stepId });
        const step = after.dunning.done.at(-1)?.stepId ?? '';
        await ctx.audit({ action: 'dunning.marked_sent', entityType: 'invoice', entityId: id, before: { level: invoice.dunning.level }, after: { level: after.dunning.level }, reason: `policy ${after.dunning.policyId ?? ''} step ${step} sent by the business itself${opts.note === undefined ? '' : `: ${opts.note}`}` });
        return after;
      });
    },

    async report(query = {}) {
      const q = parseInput(reportSchema, query);
      return runRead(engine, actor, async (ctx): Promise<DunningReport> => {
        await ctx.authorize('dunning.read', { type: 'dunning' });
        const policies = await allPolicies(ctx);
        const tenant = await tenantSettings(ctx);
        const customers = new Map<string, Customer>();
        const rows: Parameters<typeof buildReport>[0] = [];
        const approvals: PendingApproval[] = [];
        const visit = (invoice: Invoice, customer: Customer): void => {
          const overdue = invoice.dueDate < localDate(ctx.now, customer.timezone ?? tenant.timezone);
          const policy = policies.get(invoice.dunning.policyId ?? '') ?? null;
          const p = pending(invoice, policy);
          if (p !== null) approvals.push(p);
          if (!overdue && invoice.dunning.level === 0 && p === null) return;
          if (q.level !== undefined && invoice.dunning.level !== q.level) return;
          if (q.currency !== undefined && invoice.currency !== q.currency) return;
          rows.push({ invoice: reportInvoice(invoice, policy), customer });
        };
        await eachOpenPage(ctx, {}, async (page) => {
          // The page's customers not met on an earlier page, in one read.
          const unseen = [...new Set(page.map((i) => i.customerId))].filter((id) => !customers.has(id));
          if (unseen.length > 0) for (const c of await ctx.tx.customers.getMany(ctx.tenantId, unseen)) customers.set(c.id, c);
          // A customer that is not there fails as it always did: NotFoundError on `customerId`.
          for (const invoice of page) visit(invoice, customers.get(invoice.customerId) ?? (await requireCustomer(ctx, invoice.customerId)));
        });
        approvals.sort((a, b) => a.since.getTime() - b.since.getTime());
        return buildReport(rows, approvals, ctx.now);
      });
    },

    async letter(target) {
      const parsed = parseInput(z.union([idSchema, z.strictObject({ invoiceId: idSchema }), z.strictObject({ customerId: idSchema })], { error: 'Give an invoice id, { invoiceId } or { customerId }.' }), target, 'target');
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('dunning.read', { type: 'dunning' });
        const tenant = await tenantSettings(ctx);
        const policies = await allPolicies(ctx);
        let invoices: Invoice[];
        let customer: Customer;
        if (typeof parsed === 'string' || 'invoiceId' in parsed) {
          const invoice = await requireInvoice(ctx, typeof parsed === 'string' ? parsed : parsed.invoiceId);
          invoices = [invoice];
          customer = await requireCustomer(ctx, invoice.customerId);
        } else {
          customer = await requireCustomer(ctx, parsed.customerId);
          const today = localDate(ctx.now, customer.timezone ?? tenant.timezone);
          invoices = (await ctx.tx.invoices.list(ctx.tenantId, { customerId: customer.id, status: 'open', limit: 500 })).filter((i) => i.dueDate < today);
          if (invoices.length === 0) throw ValidationError.field('target.customerId', `Customer "${customer.id}" has no overdue invoice to write about.`);
        }
        return renderLetter({ customer, invoices, policies, tenant, now: ctx.now });
      });
    },
  };
}
