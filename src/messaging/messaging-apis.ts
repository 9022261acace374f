import type { Page } from '../customers/customers-api';
import type { ConsentRecord } from '../model/consent';
import type { Customer } from '../model/customer';
import type { DeliveryStatus, Message, MessageContent, MessageDirection, MessageState } from '../model/message';
import type { WebhookRequest, WebhookResponse } from './channels/channel-webhooks';
import type { JsonValue } from '../model/json';
import type { ChannelKind } from '../model/channel-kind';
import type { InboundMessageInput } from './inbound/inbound-message';
import type { SendMessageInput } from './outbox/send-request';
import type { MessageTemplate, TemplateDefinition } from './templates/template-definition';

/** Filters for `messages.list` (the outbox view). */
export interface MessageListQuery {
  /** Only messages in this state, such as `queued`. */
  state?: MessageState | undefined;
  /** Only this customer's. */
  customerId?: string | undefined;
  /** Only outbound or only inbound. */
  direction?: MessageDirection | undefined;
  /** Only this channel kind. */
  kind?: ChannelKind | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 500 (default 50). */
  limit?: number | undefined;
}

/** What `messages.receive` did with an inbound message. */
export type ReceiveResult = ReceivedMessage | ConsentKeywordReceived | UnknownSender;

/** An inbound message recorded in the customer's timeline (`message.received` fired). */
export interface ReceivedMessage {
  /** What happened. */
  kind: 'received';
  /** The customer who sent it. */
  customer: Customer;
  /** The recorded message. */
  message: Message;
}

/** A STOP-like (or START-like) keyword: recorded, and the customer's consent for the channel kind changed. */
export interface ConsentKeywordReceived {
  /** `opted-out` for STOP, UNSUBSCRIBE, ARRET…; `opted-in` for START, UNSTOP…. */
  kind: 'opted-out' | 'opted-in';
  /** The customer who sent it. */
  customer: Customer;
  /** The recorded message. */
  message: Message;
  /** The consent record now in force. */
  consent: ConsentRecord;
}

/** Nobody in the tenant has the sender's address: nothing was stored; the host decides (a new lead?). */
export interface UnknownSender {
  /** What happened. */
  kind: 'unknown-sender';
  /** The sender's address, normalised (E.164 or lower-cased email). */
  from: string;
}

/** The outbox: sending messages and following them. */
export interface MessagesApi {
  /**
   * Queues a message; the scheduler sends it when due, inside send windows, respecting
   * consent, retrying failures. Returns one message per provider call (one per address
   * for SMS, WhatsApp and chat; one per email). The same cause queued again returns the
   * messages it made the first time.
   *
   * @example
   * ```ts
   * await acme.messages.send({
   *   channel: 'sms',
   *   customerId: 'c-42',
   *   template: 'invoice-overdue',
   *   variables: { invoice: { number: 'F-17', amountMinor: 12050, currency: 'EUR' } },
   *   cause: { type: 'invoice', id: 'F-17', step: 'first-reminder' },
   * });
   * ```
   */
  send(input: SendMessageInput): Promise<Message[]>;
  /** One message; NotFoundError when it is not in the tenant. */
  get(id: string): Promise<Message>;
  /** Messages newest first, filtered, a page at a time. */
  list(query?: MessageListQuery): Promise<Page<Message>>;
  /** Skips a queued message (reason `cancelled`); ConflictError once it is being sent or done. */
  cancel(id: string, reason?: string): Promise<Message>;
  /**
   * Records a customer's inbound message (from a Twilio webhook, say): finds the customer
   * by phone or email, adds it to the timeline, and handles STOP / START keywords on SMS
   * and WhatsApp. A provider id seen before returns the first recording.
   */
  receive(input: InboundMessageInput): Promise<ReceiveResult>;
  /**
   * Hands a provider's webhook (delivery receipts, customers' replies) to the channel
   * named `channel`, which verifies it (a forged, tampered or stale request throws
   * `WebhookRefusedError` and changes nothing) and reads it. A receipt updates the message
   * it names: `delivered` is recorded, a bounce or an undeliverable number fails it and
   * queues its fallback channel once. A reply is recorded as `receive` does, and counts as
   * the customer's answer for escalations. Answer the provider with `response`.
   */
  handleWebhook(channel: string, request: WebhookRequest): Promise<WebhookResult>;
}

/** What a delivery receipt did to its message. */
export interface ReceiptApplied {
  /**
   * - `recorded`: the message now shows the receipt (delivered);
   * - `failed`: the receipt ended the message as failed, and its fallback was queued if it has one;
   * - `unchanged`: the message already showed it, or had already ended (a `delivered` after a bounce);
   * - `unmatched`: no message of this channel has that provider id in the tenant.
   */
  outcome: 'recorded' | 'failed' | 'unchanged' | 'unmatched';
  /** The message as it is now; null when unmatched. */
  message: Message | null;
  /** The message queued on the fallback channel, when the receipt failed this one. */
  fallback: Message | null;
}

/** What `messages.handleWebhook` did with one event of a webhook. */
export type WebhookEventOutcome = ReceiptOutcome | ReplyOutcome;

/** A delivery receipt, and what it did to its message. */
export interface ReceiptOutcome extends ReceiptApplied {
  /** Discriminates the outcomes. */
  type: 'receipt';
  /** The provider's id the receipt named. */
  providerMessageId: string;
  /** What the provider said. */
  status: DeliveryStatus;
}

/** A customer's reply, and what recording it did. */
export interface ReplyOutcome {
  /** Discriminates the outcomes. */
  type: 'reply';
  /** What `receive` did; null when the reply could not be read (`error` says why). */
  result: ReceiveResult | null;
  /** Why the reply was not recorded (a sender that is no phone number, say). */
  error?: string | undefined;
}

/** What `messages.handleWebhook` did. */
export interface WebhookResult {
  /** What to answer the provider (an empty 200 unless the provider expects a body). */
  response: WebhookResponse;
  /** Each receipt and reply of the webhook, in order. */
  events: WebhookEventOutcome[];
}

/** Query of `communications.list`. */
export interface CommunicationsQuery {
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 500 (default 50). */
  limit?: number | undefined;
}

/** The communications timeline of a customer. */
export interface CommunicationsApi {
  /** Every message sent, failed, skipped, queued or received for the customer, newest first. */
  list(customerId: string, query?: CommunicationsQuery): Promise<Page<Message>>;
}

/** A customer's consent per channel kind. */
export interface ConsentApi {
  /** The customer's records (a kind with no record is allowed). */
  get(customerId: string): Promise<ConsentRecord[]>;
  /** Stops customer messages on a channel kind; queued ones are skipped when due. */
  optOut(customerId: string, channel: ChannelKind, options?: { reason?: string | undefined }): Promise<ConsentRecord>;
  /** Allows a channel kind again. */
  optIn(customerId: string, channel: ChannelKind, options?: { reason?: string | undefined }): Promise<ConsentRecord>;
}

/** What `templates.preview` renders. */
export interface TemplatePreviewInput {
  /** The template id. */
  template: string;
  /** The channel kind whose variant to render. */
  kind: ChannelKind;
  /** The customer to render for (their name, locale and zone); none for a sample. */
  customerId?: string | undefined;
  /** The template's variables. */
  variables?: Record<string, JsonValue> | undefined;
  /** Render in this locale. */
  locale?: string | undefined;
}

/** Message templates of the tenant, over the configured ones. */
export interface TemplatesApi {
  /**
   * Creates or replaces a tenant template (it shadows a configured one with the same id).
   * Every variable and filter is checked now: an unknown one is a ValidationError naming
   * the locale, variant and field.
   */
  define(definition: TemplateDefinition): Promise<MessageTemplate>;
  /** A template the tenant sees: its own, else the configured one. */
  get(id: string): Promise<MessageTemplate>;
  /** Every template the tenant sees, by id. */
  list(): Promise<MessageTemplate[]>;
  /** Removes a tenant template (a configured one with the same id shows again). */
  remove(id: string): Promise<void>;
  /** Renders a template without sending anything. */
  preview(input: TemplatePreviewInput): Promise<TemplatePreview>;
}

/** What `templates.preview` returns. */
export interface TemplatePreview {
  /** The locale the template was rendered in. */
  locale: string | null;
  /** The rendered content, as a message would carry it. */
  content: MessageContent;
}
