import { workFromSpec } from '../../connectors/connector-work';
import { queueConnectorOperation } from '../../connectors/queue-connector-operation';
import type { ConnectorActionSpec } from '../../model/connector-operation';
import type { JsonObject } from '../../model/json';
import type { MessageCause } from '../../model/message';
import { createHash } from 'node:crypto';
import { ConflictError, isTicklerError } from '../../errors';
import type { Invoice, InvoiceCharge } from '../../model/invoice';
import type { CommandContext } from '../../runtime/command';
import type { QueueRequest } from '../../messaging/outbox/queue-messages';
import type { TemplateValue } from '../../messaging/outbox/send-request';
import type { RecipientSpec } from '../../messaging/recipients/recipient-spec';
import type { DunningEffect } from '../machine/dunning-effect';
import type { DunningTransition } from '../machine/dunning-machine';
import type { DunningAction, NotifyAction } from '../policy/dunning-policy';
import { localDate } from '../policy/step-plan';
import { dunningJobId, DUNNING_TICK_JOB } from './dunning-jobs';
import type { DunningTarget } from './dunning-target';
import { invoiceVariables } from './invoice-view';
import { skipQueuedDunningMessages } from './skip-queued-messages';
import { queueMessage } from '../../messaging/outbox/queue-messages';

/** How a group of invoices messages the customer once (grouping per customer). */
export interface MessageGrouping {
  /** Invoices that ran the same step the same day, this one included. */
  invoices: Invoice[];
  /** True for the one invoice whose transition sends the group's message. */
  sends: boolean;
}

type Step = { policyId: string; stepId: string; level: number };
type InvoiceView = ReturnType<typeof invoiceVariables>;

/** Expands `{ customerAssignees: true }` into the customer's users. */
function recipients(target: DunningTarget, to: NotifyAction['to']): RecipientSpec[] {
  return to.flatMap((r) => ('customerAssignees' in r ? target.customer.assignees.map((user) => ({ user })) : [r]));
}

/**
 * Applies a dunning transition in the command's transaction: stores the invoice with
 * its new state and charges, queues the step's messages, records one audit entry per
 * decision (naming the policy and step), emits events, and moves the invoice's timer.
 * Throws ConflictError when the transition was rejected or the invoice changed meanwhile.
 */
export async function applyDunning(ctx: CommandContext, target: DunningTarget, result: DunningTransition, groupingOf?: MessageGrouping): Promise<Invoice> {
  if (result.rejected !== null) throw new ConflictError(result.rejected, { path: 'id' });
  // A step run outside a grouped tick (an approval, a mark) is a group of one: its template reads `invoices`.
  const grouping = groupingOf ?? (target.policy?.grouping === 'customer' ? { invoices: [target.invoice], sends: true } : undefined);
  const before = target.invoice;
  const today = localDate(ctx.now, target.zone);
  const charges: InvoiceCharge[] = [];
  for (const e of result.effects) {
    if (e.type === 'charge') charges.push({ id: ctx.engine.newId(), kind: e.kind, amountMinor: e.amountMinor, stepId: e.stepId, level: e.level, at: ctx.now, description: e.description });
  }
  const invoice: Invoice = { ...before, dunning: result.state, charges: [...before.charges, ...charges], updatedAt: ctx.now, version: before.version + 1 };
  // In a batch of ticks, the invoices of every tick are written in one statement.
  const updated = await ctx.defer('invoices.updateMany', { invoice, expectedVersion: before.version }, (items) => ctx.tx.invoices.updateMany(items));
  if (!updated) throw new ConflictError(`Invoice "${before.id}" changed concurrently; read it again and retry.`, { path: 'id' });
  // One view of the invoice as it now stands, for every message, notice and escalation of the step.
  const view = invoiceVariables(invoice, today);
  const policyId = result.state.policyId ?? before.dunning.policyId ?? '';
  const entity = { entityType: 'invoice', entityId: invoice.id };
  let chargeIndex = 0;
  for (const effect of result.effects) {
    const step: Step = { policyId, stepId: 'stepId' in effect && effect.stepId !== null ? effect.stepId : '', level: invoice.dunning.level };
    const where = `policy ${policyId} step ${step.stepId}`;
    switch (effect.type) {
      case 'run_step':
        await runActions(ctx, target, invoice, view, effect, grouping, today);
        await ctx.audit({ action: 'dunning.step_run', ...entity, before: { level: before.dunning.level }, after: { level: effect.level, how: effect.how }, reason: `${where} (${effect.how}) on ${effect.date}` });
        ctx.emit('dunning.step_run', { invoice, customer: target.customer, policyId, stepId: effect.stepId, level: effect.level, how: effect.how });
        break;
      case 'charge': {
        const charge = charges[chargeIndex++] as InvoiceCharge;
        await ctx.audit({ action: 'dunning.charge_added', ...entity, before: null, after: charge, reason: `${where}: ${charge.description}` });
        break;
      }
      case 'level_changed':
        await ctx.audit({ action: 'dunning.level_changed', ...entity, before: { level: effect.from }, after: { level: effect.to }, reason: where });
        ctx.emit('dunning.level_changed', { invoice, customer: target.customer, ...step, level: effect.to, from: effect.from });
        break;
      case 'step_skipped':
        await ctx.audit({ action: 'dunning.step_skipped', ...entity, before: null, after: null, reason: `${where}: ${effect.reason === 'past-due' ? 'its date passed before it could run (a reminder before the due date is never sent late)' : effect.reason}` });
        ctx.emit('dunning.step_skipped', { invoice, customer: target.customer, ...step, reason: effect.reason });
        break;
      case 'approval_requested':
        await ctx.audit({ action: 'dunning.approval_requested', ...entity, before: null, after: { stepId: effect.stepId, level: effect.level }, reason: where });
        ctx.emit('dunning.approval_requested', { invoice, customer: target.customer, ...step, level: effect.level });
        break;
      case 'escalate':
        await escalate(ctx, target, invoice, view, effect);
        break;
      case 'clock_stopped':
        await ctx.audit({ action: 'dunning.clock_stopped', ...entity, before: null, after: { kind: effect.kind, until: effect.until }, reason: effect.reason ?? effect.kind });
        break;
      case 'clock_resumed':
        await ctx.audit({ action: 'dunning.clock_resumed', ...entity, before: null, after: { kind: effect.kind, addedDays: effect.addedDays }, reason: `${effect.kind} ended (${effect.by}); later steps move ${effect.addedDays} day(s)` });
        if (effect.by === 'timer' && effect.kind === 'paused') ctx.emit('invoice.resumed', { invoice, reason: 'The pause ended.', until: null });
        break;
      case 'held':
        await ctx.audit({ action: 'dunning.held', ...entity, before: null, after: { remainingMinor: effect.remainingMinor, minimumMinor: effect.minimumMinor }, reason: `policy ${policyId}: what remains is below the minimum of ${effect.minimumMinor} ${invoice.currency}; nothing is sent` });
        break;
      case 'closed':
        await ctx.audit({ action: 'dunning.closed', ...entity, before: { phase: before.dunning.phase }, after: { phase: 'closed' }, reason: effect.reason });
        break;
      case 'skip_queued_messages':
        await skipQueuedDunningMessages(ctx, invoice, effect.reason);
        break;
      case 'timer':
        if (effect.at !== before.dunning.wakeAt || before.dunning.phase === 'none') {
          if (effect.at === null) await ctx.tx.jobs.cancel(ctx.tenantId, dunningJobId(invoice.id));
          else await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: dunningJobId(invoice.id), kind: DUNNING_TICK_JOB, refId: invoice.id, runAt: new Date(effect.at) });
        }
        break;
    }
  }
  return invoice;
}

async function runActions(ctx: CommandContext, target: DunningTarget, invoice: Invoice, view: InvoiceView, effect: Extract<DunningEffect, { type: 'run_step' }>, grouping: MessageGrouping | undefined, today: string): Promise<void> {
  const step = target.policy?.steps.find((s) => s.id === effect.stepId);
  const stepInfo = { id: effect.stepId, name: step?.name ?? null };
  for (const action of effect.actions) {
    if (action.type === 'message') {
      if (grouping !== undefined && !grouping.sends) continue;
      const message = stepMessage(target, invoice, view, action, effect, grouping, today, stepInfo);
      // One channel at a time, each on its own: a channel that fails is recorded, the others' copies are still queued.
      for (const channel of action.channels) await queueSafely(ctx, invoice, effect.stepId, () => queueMessage(ctx, { channel, ...message }));
    } else if (action.type === 'notify') {
      await queueSafely(ctx, invoice, effect.stepId, () =>
        queueMessage(ctx, {
          channel: action.channel,
          customer: target.customer,
          template: action.template,
          to: recipients(target, action.to),
          variables: { invoice: view, level: effect.level, step: stepInfo },
          cause: { type: 'dunning-notify', id: invoice.id, step: effect.stepId },
          sendWindows: [],
          audience: 'internal',
        }),
      );
    } else if (action.type === 'task') {
      ctx.emit('dunning.task', { invoice, customer: target.customer, title: action.title, assignee: action.assignee ?? target.customer.assignees[0] ?? null, stepId: effect.stepId });
    } else if (action.type === 'connector') {
      const { type: _type, ...spec } = action;
      // The action's place in the step is part of its cause: two actions of one step are two pieces of work.
      const cause = { type: 'dunning', id: invoice.id, step: `${effect.stepId}#${effect.actions.indexOf(action)}` };
      await queueSafely(ctx, invoice, effect.stepId, () => queueDunningWork(ctx, target, spec, { invoice: view, level: effect.level, step: stepInfo }, cause));
    }
  }
}

/** Queues connector work a step or an escalation describes, its templates rendered over the invoice. */
async function queueDunningWork(ctx: CommandContext, target: DunningTarget, spec: ConnectorActionSpec, facts: Record<string, TemplateValue>, cause: MessageCause): Promise<void> {
  const work = await workFromSpec(ctx, spec, target.customer, JSON.parse(JSON.stringify(facts)) as JsonObject);
  await queueConnectorOperation(ctx, { connector: spec.connector, operation: spec.operation, customer: target.customer, work, cause, notBefore: ctx.now, mode: 'record' });
}

/** The request of a step's message, but for the channel: the same for every channel of the action. */
function stepMessage(
  target: DunningTarget,
  invoice: Invoice,
  view: InvoiceView,
  action: Extract<DunningAction, { type: 'message' }>,
  effect: Extract<DunningEffect, { type: 'run_step' }>,
  grouping: MessageGrouping | undefined,
  today: string,
  step: { id: string; name: string | null },
): Pick<QueueRequest, 'customer' | 'template' | 'to' | 'variables' | 'cause' | 'sendWindows' | 'fallback'> {
  const grouped = grouping !== undefined;
  const invoices = grouped ? grouping.invoices.map((i) => (i.id === invoice.id ? invoice : i)) : [invoice];
  const variables: Record<string, TemplateValue> = grouped
    ? { invoices: invoices.map((i) => (i === invoice ? view : invoiceVariables(i, today))), invoiceIds: invoices.map((i) => i.id), level: effect.level, step }
    : { invoice: view, level: effect.level, step };
  // The group's invoices are part of its identity: an invoice whose step runs later the same day gets its own message.
  const group = createHash('sha256').update(invoices.map((i) => i.id).sort().join('\u0000')).digest('hex').slice(0, 16);
  const cause = grouped ? { type: 'dunning-customer', id: target.customer.id, step: `${effect.stepId}@${today}#${group}` } : { type: 'dunning', id: invoice.id, step: effect.stepId };
  return {
    customer: target.customer,
    template: action.template,
    to: action.to ?? [{ customer: true }],
    variables,
    cause,
    sendWindows: target.policy?.sendWindow ? [target.policy.sendWindow] : [],
    fallback: action.fallback ?? null,
  };
}

/** A broken template or channel in a policy must not stop the invoice's dunning: it is recorded instead. */
async function queueSafely(ctx: CommandContext, invoice: Invoice, stepId: string, queue: () => Promise<unknown>): Promise<void> {
  try {
    await queue();
  } catch (error) {
    if (!isTicklerError(error)) throw error;
    await ctx.audit({ action: 'dunning.message_not_queued', entityType: 'invoice', entityId: invoice.id, before: null, after: null, reason: `step ${stepId}: ${error.message}` });
  }
}

async function escalate(ctx: CommandContext, target: DunningTarget, invoice: Invoice, view: InvoiceView, effect: Extract<DunningEffect, { type: 'escalate' }>): Promise<void> {
  const rule = target.policy?.escalation ?? null;
  const to: RecipientSpec[] = [...target.customer.assignees.map((user) => ({ user })), ...(rule?.notify ?? [])];
  if (rule !== null && rule.template !== undefined && to.length > 0) {
    await queueSafely(ctx, invoice, effect.stepId ?? 'escalation', () =>
      queueMessage(ctx, {
        channel: rule.channel ?? 'email',
        customer: target.customer,
        template: rule.template as string,
        to,
        variables: { invoice: view, level: invoice.dunning.level, step: { id: effect.stepId ?? 'escalation', name: null } },
        cause: { type: 'dunning-escalation', id: invoice.id, step: null },
        sendWindows: [],
        audience: 'internal',
      }),
    );
  }
  if (rule?.task !== undefined) ctx.emit('dunning.task', { invoice, customer: target.customer, title: rule.task, assignee: target.customer.assignees[0] ?? null, stepId: 'escalation' });
  const work = rule?.connector;
  if (work !== undefined) {
    const step = { id: effect.stepId ?? 'escalation', name: null };
    await queueSafely(ctx, invoice, step.id, () => queueDunningWork(ctx, target, work, { invoice: view, level: invoice.dunning.level, step }, { type: 'dunning-escalation', id: invoice.id, step: 'connector' }));
  }
  const reason = effect.reason === 'no-answer' ? `policy ${invoice.dunning.policyId ?? ''}: no payment, reply or promise after step ${effect.stepId ?? '?'}` : `policy ${invoice.dunning.policyId ?? ''} step ${effect.stepId ?? '?'} escalates`;
  await ctx.audit({ action: 'dunning.escalated', entityType: 'invoice', entityId: invoice.id, before: null, after: { notified: to.map((r) => JSON.stringify(r)) }, reason });
  ctx.emit('dunning.escalated', { invoice, customer: target.customer, stepId: effect.stepId, reason: effect.reason });
}
