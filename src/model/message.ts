import type { ChannelKind } from './channel-kind';
import type { JsonValue } from './json';
import type { SendWindow } from './send-window';

/** One recipient address as a channel receives it. */
export interface MessageAddress {
  /**
   * The address in the channel's terms: an email address, an E.164 phone number (also
   * for WhatsApp, without the `whatsapp:` prefix), a Slack channel or user id, or, for
   * webhooks, an identifier the receiver understands.
   */
  address: string;
  /** A display name, when known. */
  name: string | null;
  /** Where the address came from: the customer, one of its contacts, an internal user, or given literally. */
  origin: 'customer' | 'contact' | 'user' | 'literal';
  /** The internal user id, for `origin: 'user'`. */
  userId: string | null;
}

/** A template kept at the provider (a WhatsApp content template, a SendGrid dynamic template) and its variables. */
export interface ProviderTemplate {
  /** The provider's template id: a Twilio ContentSid (`HX…`), a SendGrid template id (`d-…`). */
  id: string;
  /** Variables for the provider to fill in. For WhatsApp these are strings keyed `1`, `2`…. */
  variables: Record<string, JsonValue>;
}

/** Why a message is being sent: the entity and step that caused it. Part of its idempotency key. */
export interface MessageCause {
  /** The kind of cause, such as `dunning`, `reminder`, `automation`, `intake` or `manual`. */
  type: string;
  /** The id of the causing entity (an invoice, a reminder, a rule run). */
  id: string;
  /** The step of the cause, such as a dunning step id; null when the cause has one message only. */
  step: string | null;
}

/**
 * Where a message is in its life:
 * - `queued`: waiting for its time, a send window, a retry, or a channel;
 * - `sending`: handed to the provider; if the process died here, the outcome is unknown
 *   and the next attempt sends again with the same idempotency key;
 * - `sent`: the provider accepted it;
 * - `failed`: it will not be sent (`reason` says why), after the last attempt or a refusal;
 * - `skipped`: tickler decided not to send it (`reason`: opted-out, no-longer-due…);
 * - `received`: an inbound message from the customer.
 */
export type MessageState = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'received';

/**
 * What a provider says became of a message it accepted: `delivered`, or one of the ends
 * that fail it, `bounced` (a hard bounce), `undelivered` (the carrier could not deliver)
 * and `failed`.
 */
export type DeliveryStatus = 'delivered' | 'bounced' | 'undelivered' | 'failed';

/** The last delivery receipt recorded for a sent message. */
export interface MessageDelivery {
  /** What the provider said. */
  status: DeliveryStatus;
  /** When it happened, by the provider's account (else when the receipt was recorded). */
  at: Date;
  /** The provider's words: a bounce reason, a carrier error. */
  detail: string | null;
}

/** Outbound (tickler sends it) or inbound (the customer sent it). */
export type MessageDirection = 'outbound' | 'inbound';

/** Who a message is for: the customer (consent applies) or people inside the business. */
export type MessageAudience = 'customer' | 'internal';

/** The rendered content of a message. */
export interface MessageContent {
  /** Email subject. */
  subject: string | null;
  /** Text body. */
  text: string | null;
  /** Email HTML body. */
  html: string | null;
  /** A provider-side template and its variables. */
  providerTemplate: ProviderTemplate | null;
  /** Email reply-to. */
  replyTo: string | null;
  /** Email categories. */
  categories: string[];
}

/**
 * Stable reasons a message is skipped, failed, or waiting. Hosts may see others from
 * their own cause checks (`causes` in the messaging config).
 */
export type MessageReason =
  | 'opted-out'
  | 'no-longer-due'
  | 'no-recipient'
  | 'cancelled'
  | 'customer-removed'
  | 'provider-rejected'
  | 'attempts-exhausted'
  | 'template-missing'
  | 'render-failed'
  | 'whatsapp-template-required'
  | 'send-window-never-open'
  | 'no-channel'
  | 'retrying'
  | 'outside-send-window'
  | 'bounced'
  | 'undelivered'
  | 'delivery-failed'
  | 'paid-at-source'
  | 'closed-at-source'
  | (string & {});

/** One message, outbound or inbound, as the outbox and the communications timeline keep it. */
export interface Message {
  /** The tenant. */
  tenantId: string;
  /** tickler's id. */
  id: string;
  /**
   * Deterministic from what caused it (tenant, cause, step, channel, recipient): causing
   * the same message again finds this one instead of creating a second.
   */
  idempotencyKey: string;
  /** Outbound or inbound. */
  direction: MessageDirection;
  /** The channel name it goes out on (or came in on, for inbound: the kind). */
  channel: string;
  /** The channel kind. */
  kind: ChannelKind;
  /** The customer it is about, if any. */
  customerId: string | null;
  /** Customer-facing (consent applies) or internal. */
  audience: MessageAudience;
  /** Recipients (for inbound: the address it was sent to, if known). */
  to: MessageAddress[];
  /** The sender address, for inbound messages. */
  from: string | null;
  /** The template it was rendered from, or null for literal content. */
  templateId: string | null;
  /** The locale it was rendered in. */
  locale: string | null;
  /** The recipient's zone: for send windows and dates. */
  zone: string;
  /** The variables it was rendered with, as JSON. */
  variables: Record<string, JsonValue>;
  /** What goes out (or what came in). */
  content: MessageContent;
  /** What caused it. */
  cause: MessageCause;
  /** Where it is in its life. */
  state: MessageState;
  /** Why it was skipped or failed, or why it is still waiting. */
  reason: MessageReason | null;
  /** A sentence with the detail (the provider's error, the check that skipped it). */
  detail: string | null;
  /** Provider calls made so far. */
  attempts: number;
  /** Provider calls allowed before it fails. */
  maxAttempts: number;
  /** Not sent before this instant (its time, a send window's opening, or a retry). */
  notBefore: Date;
  /**
   * Hours the message may go out: the template's and the caller's windows. The tenant's
   * window (read when sending) applies on top to customer messages.
   */
  sendWindows: SendWindow[];
  /** Channels to try in turn if this one fails for good. */
  fallbackChannels: string[];
  /** The message this one replaces after it failed, for fallback messages. */
  fallbackOf: string | null;
  /** The provider's id, once sent (or for inbound, as received). */
  providerMessageId: string | null;
  /** When it was queued or received. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** When the provider accepted it. */
  sentAt: Date | null;
  /** The last delivery receipt from the provider (delivered, bounced…), or null before any. */
  delivery: MessageDelivery | null;
  /** Incremented by every change; stores use it for conditional updates. */
  version: number;
}
