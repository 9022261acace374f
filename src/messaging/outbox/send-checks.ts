import type { Engine } from '../../runtime/engine';
import type { JobBatch } from '../../scheduler/job-handler';
import type { Message, MessageContent, MessageReason } from '../../model/message';
import { loadTenantSettings } from '../../tenants/tenant-settings';
import type { Channel } from '../channels/channel';
import { nextCommonOpening } from '../send-window';
import { whatsappContent } from './whatsapp-session';
import { messagingOf } from '../messaging-runtime';

/** What to do with a due message, decided just before sending. */
export type SendDecision =
  | { type: 'send'; channel: Channel; content: MessageContent }
  | { type: 'wait'; until: Date; reason: MessageReason; detail: string | null }
  | { type: 'skip'; reason: MessageReason; detail: string | null }
  | { type: 'fail'; reason: MessageReason; detail: string };

/**
 * The checks between "due" and "sent", in order: a channel to send on, the customer's
 * consent, the cause (is it still wanted?), the send windows, and for WhatsApp whether
 * free text is allowed. Reads only; the caller records the decision.
 */
export async function decideSend(engine: Engine, message: Message, now: Date, batch?: JobBatch): Promise<SendDecision> {
  // Reads shared by the messages of one batch: a customer's consent, the tenant's settings.
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => (batch === undefined ? load() : batch.once(key, load));
  const runtime = messagingOf(engine);
  const channel = runtime.channel(message.channel);
  if (channel === undefined) {
    const until = new Date(now.getTime() + runtime.options.noChannelRetryMs);
    return { type: 'wait', until, reason: 'no-channel', detail: `No channel named "${message.channel}" is configured in this process; the message waits for one.` };
  }
  const forCustomer = message.audience === 'customer' && message.customerId !== null;
  if (forCustomer) {
    const consents = await once(`consents\u0000${message.tenantId}\u0000${message.customerId as string}`, () => engine.store.consents.list(message.tenantId, message.customerId as string));
    const optOut = consents.find((c) => c.channel === message.kind && c.status === 'opted_out');
    if (optOut !== undefined) {
      return { type: 'skip', reason: 'opted-out', detail: `The customer opted out of ${message.kind} on ${optOut.at.toISOString()} (${optOut.source}${optOut.detail === null ? '' : `: ${optOut.detail}`}).` };
    }
  }
  const check = runtime.cause(message.cause.type);
  if (check !== undefined) {
    const verdict = await check({ tenantId: message.tenantId, cause: message.cause, message, now });
    if (!verdict.send) return { type: 'skip', reason: verdict.reason, detail: verdict.detail ?? null };
  }
  const tenant = message.audience === 'customer' ? await once(`tenant\u0000${message.tenantId}`, () => loadTenantSettings(engine.store, message.tenantId, engine.defaults)) : null;
  const windows = [...message.sendWindows, ...(tenant?.sendWindow ? [tenant.sendWindow] : [])];
  if (windows.length > 0) {
    const opening = nextCommonOpening(windows, now, message.zone);
    if (opening === null) return { type: 'fail', reason: 'send-window-never-open', detail: 'Its send windows never overlap, so it can never go out; widen the tenant, template or message window.' };
    if (opening.getTime() > now.getTime()) return { type: 'wait', until: opening, reason: 'outside-send-window', detail: `Outside the send window in ${message.zone}; waiting for ${opening.toISOString()}.` };
  }
  let content = message.content;
  if (message.kind === 'whatsapp') {
    let sessionOpen = false;
    if (message.customerId !== null) {
      const [last] = await engine.store.messages.list(message.tenantId, { customerId: message.customerId, direction: 'inbound', kind: 'whatsapp', limit: 1 });
      sessionOpen = last !== undefined && now.getTime() - last.createdAt.getTime() < runtime.options.whatsappSessionMs;
    }
    const chosen = whatsappContent(content, sessionOpen);
    if (chosen === null) {
      return { type: 'fail', reason: 'whatsapp-template-required', detail: 'The customer has not written in the last 24 hours, so WhatsApp only delivers an approved content template; give the template a contentSid.' };
    }
    content = chosen;
  }
  return { type: 'send', channel, content };
}
