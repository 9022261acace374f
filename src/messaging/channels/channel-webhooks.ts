import type { DeliveryStatus } from '../../model/message';
import type { InboundMessageInput } from '../inbound/inbound-message';

export type { DeliveryStatus } from '../../model/message';

/**
 * A webhook request as the host's HTTP framework received it, before any parsing: the
 * signature schemes sign the exact bytes, so the body MUST be the raw body.
 */
export interface WebhookRequest {
  /** `POST`, usually. */
  method: string;
  /** The full URL the provider called, as it was configured at the provider (scheme, host, path and query): Twilio signs it. */
  url: string;
  /** The request headers; names in any case. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body, as received. */
  body: string | Uint8Array;
}

/**
 * A provider's delivery receipt for one message. `bounced` (a hard bounce),
 * `undelivered` (the carrier could not deliver) and `failed` end the message as failed
 * and try its fallback channel; `delivered` records when it arrived.
 */
export interface DeliveryReceipt {
  /** Discriminates the events of a webhook. */
  type: 'receipt';
  /** The provider's id of the message, as the channel's `send` returned it. */
  providerMessageId: string;
  /** What happened to it. */
  status: DeliveryStatus;
  /** When the provider says it happened; null when it does not say. */
  at: Date | null;
  /** The provider's words (a bounce reason, a carrier error code), for the timeline. */
  detail: string | null;
}

/** A message from the customer: an email reply, an SMS, a WhatsApp or chat message. */
export interface InboundReply {
  /** Discriminates the events of a webhook. */
  type: 'reply';
  /** The message, as `messages.receive` takes it. */
  message: InboundMessageInput;
}

/** One thing a webhook told: a receipt or a reply. */
export type ChannelWebhookEvent = DeliveryReceipt | InboundReply;

/** The answer the provider expects to a webhook (Twilio wants TwiML, Slack a challenge echoed). */
export interface WebhookResponse {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** Response body. */
  body: string;
}

/** What a channel read from a verified webhook. */
export interface WebhookReading {
  /** Receipts and replies, in the order the provider sent them; empty for events tickler does not use. */
  events: ChannelWebhookEvent[];
  /** What to answer the provider; null for an empty 200. */
  response: WebhookResponse | null;
}

/** What {@link ChannelWebhooks.read} is given beside the request. */
export interface WebhookReadOptions {
  /** tickler's clock: the reference for a signature's timestamp tolerance. */
  now: Date;
}

/**
 * The webhook side of a channel: delivery receipts and customers' replies.
 *
 * An implementation MUST:
 * - verify the request as the provider documents it (its signature scheme over the raw
 *   body, a shared secret, a timestamp) before reading anything, and throw a
 *   `WebhookRefusedError` for a forged, tampered or stale request: tickler then changes nothing;
 * - throw a `ValidationError` for a verified request it cannot read;
 * - read the provider's statuses into {@link DeliveryStatus}, keeping the provider's words
 *   in `detail`, and never report a soft bounce or a temporary deferral as `bounced`.
 *
 * Every adapter with webhooks passes the webhook cases of `runChannelContract`.
 */
export interface ChannelWebhooks {
  /** Verifies and reads one webhook request. */
  read(request: WebhookRequest, options: WebhookReadOptions): Promise<WebhookReading>;
}
