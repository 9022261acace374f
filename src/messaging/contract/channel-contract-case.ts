import type { Channel } from '../channels/channel';
import type { DeliveryStatus, WebhookRequest } from '../channels/channel-webhooks';
import type { ScriptedProvider } from './scripted-provider';

/** What the channel contract suite is given for each case. */
export interface ChannelContractSetup {
  /** The channel under test, pointed at `provider`. */
  channel: Channel;
  /** The provider double the channel talks to. */
  provider: ScriptedProvider;
  /**
   * A recipient address of the channel's kind that the provider accepts: an email
   * address, an E.164 number, a Slack channel id, or any string for webhooks.
   */
  address: string;
  /**
   * For WhatsApp: a content template id to use for business-initiated messages (the
   * suite sends outside a customer session). Ignored by other kinds.
   */
  contentTemplateId?: string | undefined;
  /**
   * For a channel with `webhooks`: requests as its provider sends them, so the suite can
   * check that receipts and replies are read and that forged or stale ones are refused.
   */
  webhooks?: ChannelWebhookFixture | undefined;
  /** Releases what the setup opened (servers, clients). */
  close?: (() => Promise<void>) | undefined;
}

/** One check of the channel contract. */
export interface ChannelContractCase {
  /** Unique name, the test title and the key of a skip list. */
  name: string;
  /** Runs the check; throws when the channel breaks the contract. */
  run(setup: ChannelContractSetup): Promise<void>;
}

/**
 * Builds webhook requests exactly as a provider sends them (its body format, its
 * signature headers), for the webhook cases of the channel contract. A fixture may also
 * put state in the provider double (a message the channel then fetches to read it).
 */
export interface ChannelWebhookFixture {
  /**
   * A signed delivery receipt for a message the channel sent, with the provider's own
   * status for `status`; omit when the provider has no receipts (the receipt cases must then be skipped with a reason).
   */
  receipt?: ((providerMessageId: string, status: DeliveryStatus, now: Date) => Promise<WebhookRequest>) | undefined;
  /**
   * A signed inbound message from the customer at `from` saying `text`, answering a
   * message the channel sent (`inReplyTo`, its provider id, for threads); omit when the provider has no replies.
   */
  reply?: ((from: string, text: string, inReplyTo: string, now: Date) => Promise<WebhookRequest>) | undefined;
  /** The customer's address replies come from: an E.164 number, or an email address. */
  replyFrom: string;
  /** A copy of a signed request whose body was changed after signing, or whose signature is wrong. */
  tamper(request: WebhookRequest): WebhookRequest;
  /**
   * The same request, signed as the provider would have signed it `ageSeconds` ago; omit
   * when the provider's scheme carries no time (the stale case must then be skipped with a reason).
   */
  stale?: ((request: WebhookRequest, ageSeconds: number, now: Date) => Promise<WebhookRequest>) | undefined;
}
