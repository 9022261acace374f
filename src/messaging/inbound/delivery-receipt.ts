import type { DeliveryReceipt } from '../channels/channel-webhooks';
import type { Message, MessageReason } from '../../model/message';
import type { CommandContext } from '../../runtime/command';
import type { ReceiptApplied } from '../messaging-apis';
import { failMessage } from '../outbox/message-send-handler';

const FAILURE_REASON: Record<Exclude<DeliveryReceipt['status'], 'delivered'>, MessageReason> = { bounced: 'bounced', undelivered: 'undelivered', failed: 'delivery-failed' };

/**
 * Records a provider's delivery receipt on the message it names, in the caller's
 * transaction. A failure receipt on a sent message fails it, with the provider's words,
 * and queues its fallback channel once; receipts that arrive again, or late (a
 * `delivered` after a bounce), change nothing.
 */
export async function applyDeliveryReceipt(ctx: CommandContext, channel: string, receipt: DeliveryReceipt): Promise<ReceiptApplied> {
  const message = await ctx.tx.messages.getByProviderId(ctx.tenantId, channel, receipt.providerMessageId);
  if (message === null) return { outcome: 'unmatched', message: null, fallback: null };
  if (message.state !== 'sent' || message.delivery?.status === receipt.status) return { outcome: 'unchanged', message, fallback: null };
  const delivery = { status: receipt.status, at: receipt.at ?? ctx.now, detail: receipt.detail };
  if (receipt.status === 'delivered') {
    const after: Message = { ...message, delivery, updatedAt: ctx.now, version: message.version + 1 };
    if (!(await ctx.tx.messages.update(after, message.version))) return { outcome: 'unchanged', message, fallback: null };
    await ctx.audit({ action: 'message.delivered', entityType: 'message', entityId: message.id, before: message, after, reason: receipt.detail ?? `delivered on ${channel}` });
    ctx.emit('message.delivered', { message: after });
    return { outcome: 'recorded', message: after, fallback: null };
  }
  const reason = FAILURE_REASON[receipt.status];
  const words = receipt.detail === null ? `The provider reported the message ${receipt.status}.` : `The provider reported the message ${receipt.status}: ${receipt.detail}`;
  const recorded = await failMessage(ctx, null, { ...message, delivery }, reason, { message: words, retryable: false, status: null, providerCode: null });
  if (recorded.after === null) return { outcome: 'unchanged', message, fallback: null };
  return { outcome: 'failed', message: recorded.after, fallback: recorded.fallback };
}
