import type { Message } from '../../model/message';
import type { CommandContext } from '../../runtime/command';
import type { RecipientSpec } from '../recipients/recipient-spec';
import { queueMessages } from './queue-messages';
import { messagingOf } from '../messaging-runtime';

/**
 * The recipients a fallback message can reach: the customer and internal users on any
 * kind; literal and contact addresses only on a channel of the same kind.
 */
function fallbackRecipients(failed: Message, sameKind: boolean): RecipientSpec[] {
  const specs: RecipientSpec[] = [];
  for (const to of failed.to) {
    if (to.origin === 'customer') specs.push({ customer: true });
    else if (to.origin === 'user' && to.userId !== null) specs.push({ user: to.userId });
    else if (sameKind && (failed.kind === 'email' || failed.kind === 'webhook')) specs.push({ email: to.address });
    else if (sameKind && (failed.kind === 'sms' || failed.kind === 'whatsapp')) specs.push({ phone: to.address });
    else if (sameKind && failed.kind === 'chat') specs.push({ slack: to.address });
  }
  return specs;
}

/**
 * Queues the next fallback channel of a message that failed for good, in the caller's
 * transaction. Returns the new message, or a sentence saying why there is none.
 */
export async function queueFallback(ctx: CommandContext, failed: Message): Promise<Message | string | null> {
  const [next, ...rest] = failed.fallbackChannels;
  if (next === undefined) return null;
  const runtime = messagingOf(ctx.engine);
  const target = runtime.resolveChannel(next);
  if (target === null) return `Fallback channel "${next}" is not configured.`;
  const to = fallbackRecipients(failed, target.kind === failed.kind);
  if (to.length === 0) return `No recipient of this message can be reached on ${target.kind}.`;
  const customer = failed.customerId === null ? null : await ctx.tx.customers.get(ctx.tenantId, failed.customerId);
  try {
    const queued = await queueMessages(ctx, runtime, {
      channel: next,
      customer,
      template: failed.templateId,
      inline: failed.templateId === null ? { subject: failed.content.subject ?? undefined, text: failed.content.text ?? undefined, html: failed.content.html ?? undefined } : null,
      variables: failed.variables,
      to,
      cause: failed.cause,
      notBefore: ctx.now,
      sendWindows: failed.sendWindows,
      fallback: rest,
      locale: failed.locale,
      replyTo: failed.content.replyTo,
      categories: failed.content.categories,
      fallbackOf: failed.id,
    });
    return queued[0] ?? null;
  } catch (error) {
    // A template without a variant for the fallback kind must not undo recording the failure.
    return `Fallback to ${next} impossible: ${error instanceof Error ? error.message : String(error)}`;
  }
}
