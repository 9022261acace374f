import { z } from 'zod';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/customer-service';
import { ConflictError, isTicklerError, NotFoundError, ValidationError } from '../errors';
import { idSchema } from '../model/common';
import type { DunningAssignment } from '../model/dunning-assignment';
import type { Invoice } from '../model/invoice';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { forgetTenantSettings, loadTenantSettings } from '../tenants/tenant-settings';
import type { DunningApi, PendingApproval } from './dunning-api';
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
export function approvalId(invoiceId: string, stepId: string): string {
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

/** Open invoices of a tenant, a page at a time, as long as `filter` wants more. */
async function eachOpenInvoice(ctx: CommandContext, filter: { customerId?: string; policyId?: string; awaitingApproval?: boolean }, visit: (invoice: Invoice) => Promise<void>): Promise<void> {
  let afterId: string | undefined;
  for (;;) {
    const page = await ctx.tx.invoices.list(ctx.tenantId, { ...filter, status: 'open', afterId, limit: 500 });
    for (const invoice of page) await visit(invoice);
    if (page.length < 500) return;
    afterId = page[page.length - 1]?.id;
  }
}

/** Re-plans a customer's open invoices after its policy changed. */
async function replanCustomer(ctx: CommandContext, customerId: string): Promise<void> {
  // Invoices with their own policy too: excluding the customer stops them as well.
  await eachOpenInvoice(ctx, { customerId }, async (invoice) => void (await advance(ctx, invoice, { type: 'plan' })));
}

/** Changes a customer's assignment in the caller's transaction (the customer exists) and re-plans its open invoices. */
async function changeAssignment(ctx: CommandContext, customerId: string, change: (current: DunningAssignment | null, customerId: string, now: Date) => DunningAssignment): Promise<void> {
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
  if ((await ctx.tx.dunningPolicies.get(ctx.tenantId, policyId)) === null) throw new NotFoundError('dunning policy', policyId, { path: 'policyId' });
  await changeAssignment(ctx, customerId, (current, id, now) => ({ tenantId: ctx.tenantId, customerId: id, policyId, excluded: current?.excluded ?? false, source: 'assigned', updatedAt: now }));
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
  const setAssignments = (customerIds: string[], change: (current: DunningAssignment | null, customerId: string, now: Date) => DunningAssignment) =>
    runCommand(engine, { actor }, async (ctx) => {
      await ctx.authorize('dunning.assign', { type: 'dunning' });
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
      if (target !== null) {
        await runRead(engine, actor, async (ctx) => {
          if ((await ctx.tx.dunningPolicies.get(ctx.tenantId, target)) === null) throw new NotFoundError('dunning policy', target, { path: 'policyId' });
        });
      }
      await setAssignments(ids, (current, customerId, now) => ({ tenantId: actor.tenantId, customerId, policyId: target, excluded: current?.excluded ?? false, source: 'assigned', updatedAt: now }));
    },

    async setDefault(policyId) {
      const target = parseInput(idSchema.nullable(), policyId, 'policyId');
      await runCommand(engine, { actor }, async (ctx) => {
        await ctx.authorize('policy.define', { type: 'dunning' });
        if (target !== null && (await ctx.tx.dunningPolicies.get(ctx.tenantId, target)) === null) throw new NotFoundError('dunning policy', target, { path: 'policyId' });
        const before = await loadTenantSettings(ctx.tx, ctx.tenantId, engine.defaults);
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
        const tenant = await loadTenantSettings(ctx.tx, ctx.tenantId, engine.defaults);
        const customers = new Map<string, { id: string; name: string; timezone: string | null }>();
        const rows: Parameters<typeof buildReport>[0] = [];
        const approvals: PendingApproval[] = [];
        await eachOpenInvoice(ctx, {}, async (invoice) => {
          let customer = customers.get(invoice.customerId);
          if (customer === undefined) customers.set(invoice.customerId, (customer = await requireCustomer(ctx, invoice.customerId)));
          const overdue = invoice.dueDate < localDate(ctx.now, customer.timezone ?? tenant.timezone);
          const policy = policies.get(invoice.dunning.policyId ?? '') ?? null;
          const p = pending(invoice, policy);
          if (p !== null) approvals.push(p);
          if (!overdue && invoice.dunning.level === 0 && p === null) return;
          if (q.level !== undefined && invoice.dunning.level !== q.level) return;
          if (q.currency !== undefined && invoice.currency !== q.currency) return;
          rows.push({ invoice: reportInvoice(invoice, policy), customer });
        });
        approvals.sort((a, b) => a.since.getTime() - b.since.getTime());
        return buildReport(rows, approvals, ctx.now);
      });
    },

    async letter(target) {
      const parsed = parseInput(z.union([idSchema, z.strictObject({ invoiceId: idSchema }), z.strictObject({ customerId: idSchema })], { error: 'Give an invoice id, { invoiceId } or { customerId }.' }), target, 'target');
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('dunning.read', { type: 'dunning' });
        const tenant = await loadTenantSettings(ctx.tx, ctx.tenantId, engine.defaults);
        const policies = await allPolicies(ctx);
        let invoices: Invoice[];
        if (typeof parsed === 'string' || 'invoiceId' in parsed) {
          invoices = [await requireInvoice(ctx, typeof parsed === 'string' ? parsed : parsed.invoiceId)];
        } else {
          const customer = await requireCustomer(ctx, parsed.customerId);
          const today = localDate(ctx.now, customer.timezone ?? tenant.timezone);
          invoices = (await ctx.tx.invoices.list(ctx.tenantId, { customerId: customer.id, status: 'open', limit: 500 })).filter((i) => i.dueDate < today);
          if (invoices.length === 0) throw ValidationError.field('target.customerId', `Customer "${customer.id}" has no overdue invoice to write about.`);
        }
        const customer = await requireCustomer(ctx, (invoices[0] as Invoice).customerId);
        return renderLetter({ customer, invoices, policies, tenant, now: ctx.now });
      });
    },
  };
}
