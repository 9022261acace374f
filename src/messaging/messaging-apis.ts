import type { Page } from '../customers/customers-api';
import type { ConsentRecord } from '../model/consent';
import type { Customer } from '../model/customer';
import type { Message, MessageContent, MessageDirection, MessageState } from '../model/message';
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
