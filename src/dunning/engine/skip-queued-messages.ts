import { connectorJobId } from '../../connectors/connector-jobs';
import { markSkipped as markOperationSkipped } from '../../connectors/connector-transitions';
import type { Invoice } from '../../model/invoice';
import type { CommandContext } from '../../runtime/command';
import { markSkipped } from '../../messaging/outbox/message-transitions';
import { messageJobId } from '../../messaging/outbox/message-jobs';
import { sourceOfActor } from '../../sources/source-actor';

/**
 * Skips the invoice's dunning messages and connector work still queued (reason `no-longer-due`), in the
 * caller's transaction, so a paid invoice never gets one more reminder. The outbox's
 * own check just before sending covers messages queued later by a grouped step.
 */
export async function skipQueuedDunningMessages(ctx: CommandContext, invoice: Invoice, detail: string): Promise<void> {
  // A source's pull or re-read closed it: say so, a host reading the timeline should see the billing system was right.
  const source = sourceOfActor(ctx.actor);
  const reason = source === null || invoice.status === 'open' ? 'no-longer-due' : invoice.status === 'paid' ? 'paid-at-source' : 'closed-at-source';
  const why = source === null ? detail : `${detail} (seen in ${source})`;
  for (const type of ['dunning', 'dunning-notify', 'dunning-escalation']) {
    const queued = await ctx.tx.messages.list(ctx.tenantId, { cause: { type, id: invoice.id }, state: 'queued', limit: 500 });
    for (const message of queued) {
      const after = markSkipped(message, reason, why, ctx.now);
      if (!(await ctx.tx.messages.update(after, message.version))) continue;
      await ctx.tx.jobs.cancel(ctx.tenantId, messageJobId(message.id));
      await ctx.audit({ action: 'message.skipped', entityType: 'message', entityId: message.id, before: message, after, reason: `${reason}: ${why}` });
      ctx.emit('message.skipped', { message: after, reason });
    }
  }
  // Connector work about the invoice that has not run yet: a ticket or task for a paid invoice is no more wanted than a reminder.
  for (const type of ['dunning', 'dunning-escalation']) {
    const queued = await ctx.tx.connectorOperations.list(ctx.tenantId, { cause: { type, id: invoice.id }, state: 'queued', limit: 500 });
    for (const operation of queued) {
      const after = markOperationSkipped(operation, 'no-longer-due', why, ctx.now);
      if (!(await ctx.tx.connectorOperations.update(after, operation.version))) continue;
      await ctx.tx.jobs.cancel(ctx.tenantId, connectorJobId(operation.id));
      await ctx.audit({ action: 'connector.skipped', entityType: 'connector-operation', entityId: operation.id, before: operation, after, reason: `no-longer-due: ${why}` });
      ctx.emit('connector.skipped', { operation: after, reason: 'no-longer-due', detail: why });
    }
  }
}
