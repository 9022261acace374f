import type { ChannelKind } from '../../model/channel-kind';
import type { JsonValue } from '../../model/json';
import type { MessageAddress, MessageCause, ProviderTemplate } from '../../model/message';
import type { ChannelWebhooks } from './channel-webhooks';

/**
 * A message ready to leave: rendered, addressed, checked against consent and send
 * windows. This is all a channel adapter sees.
 */
export interface OutboundMessage {
  /** tickler's id for the message. */
  id: string;
  /** The tenant sending it. */
  tenantId: string;
  /** The name of the channel it goes out on. */
  channel: string;
  /** The kind of that channel. */
  kind: ChannelKind;
  /** 1 to 15 recipients. SMS, WhatsApp and chat messages have exactly one. */
  to: MessageAddress[];
  /** Email subject; null for other kinds. */
  subject: string | null;
  /** Plain text body: the email's text part, the SMS or chat text, a WhatsApp session reply. */
  text: string | null;
  /** Email HTML body, already escaped by the template engine. */
  html: string | null;
  /** A template the provider renders, instead of (or beside) `text`. */
  providerTemplate: ProviderTemplate | null;
  /** Email reply-to address. */
  replyTo: string | null;
  /** Email categories (SendGrid) or tags. */
  categories: string[];
  /** The customer the message is about, if any. */
  customerId: string | null;
  /** What caused it. */
  cause: MessageCause;
  /** The variables the template was rendered with (webhooks forward them). */
  variables: Record<string, JsonValue>;
}

/** What {@link Channel.send} is given beside the message. */
export interface SendOptions {
  /**
   * Deterministic for the message: the same on every attempt, including the attempt
   * after a crash mid-call. Pass it to providers that deduplicate on a key.
   */
  idempotencyKey: string;
  /** Aborted when the send timeout (`messaging.sendTimeoutMs`) expires; the adapter MUST stop waiting then. */
  signal: AbortSignal;
}

/** What a successful send returns. */
export interface SendResult {
  /** The provider's id for the message (a Twilio SID, a SendGrid X-Message-Id, a Slack `ts`). */
  providerMessageId: string;
}

/**
 * The channel port: delivers one rendered message through one provider.
 *
 * An implementation MUST:
 * - resolve with the provider's message id only when the provider accepted the message;
 * - throw a `ChannelError` on failure, saying whether a retry could succeed
 *   (`retryable`) and, when the provider said so (`Retry-After`), after how long;
 * - stop waiting when `signal` aborts and throw a retryable `ChannelError`, because the
 *   outcome is then unknown;
 * - not retry on its own: the outbox retries with backoff, durably.
 *
 * Every adapter passes `runChannelContract` from `tickler/testing`.
 */
export interface Channel {
  /** Unique among the channels given to `createTickler`, such as `email` or `whatsapp`. Messages name it. */
  readonly name: string;
  /** What it delivers over. */
  readonly kind: ChannelKind;
  /** Sends one message. */
  send(message: OutboundMessage, options: SendOptions): Promise<SendResult>;
  /**
   * Delivery receipts and replies, for a provider that calls back. The host passes each
   * webhook request to `messages.handleWebhook(channelName, request)`.
   */
  readonly webhooks?: ChannelWebhooks | undefined;
}
