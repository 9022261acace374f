import type { Actor } from '../access/actor';
import { ConflictError, NotFoundError } from '../errors';
import { customerInputSchema, customerListQuerySchema, type Customer } from '../model/customer';
import { idSchema } from '../model/common';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { customerSortKey } from './customer-repository';
import { tenantSettings } from '../tenants/tenant-settings';
import { reminderJobId } from '../reminders/reminder-jobs';
import { cancelCustomerRuns } from '../automations/start-run';
import { decodeCustomerCursor, encodeCustomerCursor } from './customer-cursor';
import { applyCustomerInput, changedCustomerFields } from './customer-record';
import type { CustomersApi } from './customers-api';
import { recordActivity } from './record-activity';
import { requireCustomer } from './require-customer';


/**
 * Saves a change to an existing customer in the caller's transaction, as
 * `customers.upsert` does: audited, with `customer.updated` and the status and folder
 * events. A change that changes nothing writes nothing.
 */
export async function updateCustomerIn(ctx: CommandContext, existing: Customer, next: Customer): Promise<Customer> {
  const changed = changedCustomerFields(existing, next);
  if (changed.length === 0) return existing;
  const saved = { ...next, updatedAt: ctx.now, version: existing.version + 1 };
  if (!(await ctx.tx.customers.update(saved, existing.version))) throw new ConflictError(`Customer "${next.id}" changed concurrently; read it again and retry.`);
  await ctx.audit({ action: 'customer.updated', entityType: 'customer', entityId: next.id, before: existing, after: saved });
  ctx.emit('customer.updated', { customer: saved, before: existing, changed });
  if (changed.includes('status')) ctx.emit('customer.status_changed', { customer: saved, from: existing.status, to: saved.status });
  if (changed.includes('folder')) ctx.emit('customer.folder_changed', { customer: saved, from: existing.folder, to: saved.folder });
  return saved;
}

/** The customers API of one actor: validation, policy, one transaction, audit, events. */
export function createCustomersApi(engine: Engine, actor: Actor): CustomersApi {
  return {
    async upsert(input) {
      const parsed = parseInput(customerInputSchema, input);
      return runCommand(engine, { actor }, async (ctx) => {
        const existing = await ctx.tx.customers.get(ctx.tenantId, parsed.id);
        await ctx.authorize('customer.write', { type: 'customer', id: parsed.id, customer: existing ?? undefined });
        const { defaultCountry, defaultDunningPolicyId } = await tenantSettings(ctx);
        const next = applyCustomerInput(existing, parsed, { tenantId: ctx.tenantId, now: ctx.now, defaultCountry });
        if (existing === null) {
          if (!(await ctx.tx.customers.insert(next))) throw new ConflictError(`Customer "${next.id}" was created concurrently; retry the upsert.`);
          await ctx.audit({ action: 'customer.created', entityType: 'customer', entityId: next.id, before: null, after: next });
          if (defaultDunningPolicyId !== null) {
            // The tenant's default policy goes to customers created after it was set, never retroactively.
            const assignment = { tenantId: ctx.tenantId, customerId: next.id, policyId: defaultDunningPolicyId, excluded: false, source: 'default' as const, updatedAt: ctx.now };
            await ctx.tx.dunningAssignments.put(assignment);
            await ctx.audit({ action: 'dunning.assigned', entityType: 'customer', entityId: next.id, before: null, after: assignment, reason: `tenant default policy ${defaultDunningPolicyId}` });
          }
          ctx.emit('customer.created', { customer: next });
          if (next.status !== null) ctx.emit('customer.status_changed', { customer: next, from: null, to: next.status });
          if (next.folder !== null) ctx.emit('customer.folder_changed', { customer: next, from: null, to: next.folder });
          return next;
        }
        return updateCustomerIn(ctx, existing, next);
      });
    },

    async get(id) {
      const customerId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        const customer = await requireCustomer(ctx, customerId);
        await ctx.authorize('customer.read', { type: 'customer', id: customerId, customer });
        return customer;
      });
    },

    async list(query = {}) {
      const q = parseInput(customerListQuerySchema, query);
      const after = q.cursor === undefined ? undefined : decodeCustomerCursor(q.cursor);
      const limit = q.limit ?? 50;
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('customer.read', { type: 'customer' });
        const rows = await ctx.tx.customers.list(ctx.tenantId, {
          search: q.search === undefined || q.search === '' ? undefined : q.search.toLowerCase(),
          folder: q.folder,
          tag: q.tag,
          status: q.status,
          assignee: q.assignee,
          after,
          limit: limit + 1,
        });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        const nextCursor = rows.length > limit && last !== undefined ? encodeCustomerCursor({ sortKey: customerSortKey(last.name), id: last.id }) : null;
        return { items, nextCursor };
      });
    },

    recordActivity: (id, activity) => recordActivity(engine, actor, id, activity),

    async remove(id) {
      const customerId = parseInput(idSchema, id, 'id');
      return runCommand(engine, { actor }, async (ctx) => {
        const customer = await requireCustomer(ctx, customerId);
        await ctx.authorize('customer.remove', { type: 'customer', id: customerId, customer });
        const reminderIds = await ctx.tx.reminders.idsOfCustomer(ctx.tenantId, customerId);
        for (const reminderId of reminderIds) await ctx.tx.jobs.cancel(ctx.tenantId, reminderJobId(reminderId));
        await cancelCustomerRuns(ctx, customerId);
        const removed = await ctx.tx.customers.remove(ctx.tenantId, customerId);
        if (removed === null) throw new NotFoundError('customer', customerId);
        await ctx.audit({
          action: 'customer.removed',
          entityType: 'customer',
          entityId: customerId,
          before: customer,
          after: null,
          reason: `removed with ${removed.reminders} reminder(s): ${reminderIds.join(', ')}`,
        });
        ctx.emit('customer.removed', { customer, removedReminders: removed.reminders });
      });
    },
  };
}
