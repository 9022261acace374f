import type { MessageAddress, MessageCause, ProviderTemplate, JsonValue } from 'tickler';
import type { OutboundMessage } from 'tickler/adapter';


/**
 * The JSON body the webhook channel POSTs, one per message. Receivers should key their
 * own deduplication on `idempotencyKey` (also sent as the `idempotency-key` header): a
 * message whose first attempt had an unknown outcome is sent again with the same key.
 */
export interface WebhookMessageEvent {
  /** Always `tickler.message`. */
  type: 'tickler.message';
  /** tickler's message id (also the `tickler-message-id` header). */
  id: string;
  /** The tenant that sent it. */
  tenantId: string;
  /** The same on every attempt at this message. */
  idempotencyKey: string;
  /** The name of the tickler channel it went out on. */
  channel: string;
  /** The customer the message is about, if any. */
  customerId: string | null;
  /** Why it was sent: the entity and step that caused it. */
  cause: MessageCause;
  /** The recipients as tickler resolved them. */
  to: MessageAddress[];
  /** The rendered subject, when the template has one. */
  subject: string | null;
  /** The rendered plain text. */
  text: string | null;
  /** The rendered HTML. */
  html: string | null;
  /** A provider template and its variables, when the template names one. */
  providerTemplate: ProviderTemplate | null;
  /** The variables the template was rendered with, for receivers that render their own. */
  variables: Record<string, JsonValue>;
  /** When this attempt was sent (ISO 8601, UTC); the signature's timestamp is the same instant. */
  sentAt: string;
}

/** The body for one attempt at `message`. */
export function webhookMessageEvent(message: OutboundMessage, idempotencyKey: string, sentAt: Date): WebhookMessageEvent {
  return {
    type: 'tickler.message',
    id: message.id,
    tenantId: message.tenantId,
    idempotencyKey,
    channel: message.channel,
    customerId: message.customerId,
    cause: message.cause,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    providerTemplate: message.providerTemplate,
    variables: message.variables,
    sentAt: sentAt.toISOString(),
  };
}
