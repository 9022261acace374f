import type { Channel } from '../channels/channel';
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
