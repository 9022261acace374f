import { ChannelError, type OutboundMessage } from 'tickler/adapter';

import type { ResolvedOutlookConfig } from './outlook-config';
import { KEY_HEADER, KEY_PROPERTY_ID } from './outlook-properties';

/** A recipient as Graph's message resource takes it. */
export interface GraphRecipient {
  emailAddress: { address: string; name?: string };
}

/** The JSON body of POST /messages (Graph's message resource, the fields tickler sets). */
export interface GraphDraft {
  subject: string;
  body: { contentType: 'HTML' | 'Text'; content: string };
  toRecipients: GraphRecipient[];
  replyTo?: GraphRecipient[];
  from?: GraphRecipient;
  internetMessageHeaders: { name: string; value: string }[];
  singleValueExtendedProperties: { id: string; value: string }[];
}

const recipient = (address: string, name: string | null): GraphRecipient => ({ emailAddress: name === null ? { address } : { address, name } });

/**
 * The draft for one message: its recipients, subject and body (the HTML part when there
 * is one, since a Graph message has a single body, else the text), the configured `from`,
 * and the idempotency key twice: as the `x-tickler-key` Internet header (custom headers
 * must start with `x-` and can be set only when the message is created) and as tickler's
 * extended property, the one Graph can filter on.
 *
 * @throws ChannelError (not retryable) for a message Graph cannot send.
 */
export function draftOf(message: OutboundMessage, config: ResolvedOutlookConfig, idempotencyKey: string): GraphDraft {
  if (message.to.length === 0) throw new ChannelError(`Message ${message.id} has no recipient; an email needs at least one.`, { retryable: false });
  const body = message.html !== null ? { contentType: 'HTML' as const, content: message.html } : message.text !== null ? { contentType: 'Text' as const, content: message.text } : null;
  if (body === null) {
    const why = message.providerTemplate === null ? 'no text and no HTML' : 'only a provider template, which Outlook does not render';
    throw new ChannelError(`Message ${message.id} has ${why}: give the template an email body.`, { retryable: false });
  }
  const draft: GraphDraft = {
    subject: message.subject ?? '',
    body,
    toRecipients: message.to.map((to) => recipient(to.address, to.name)),
    internetMessageHeaders: [{ name: KEY_HEADER, value: idempotencyKey }],
    singleValueExtendedProperties: [{ id: KEY_PROPERTY_ID, value: idempotencyKey }],
  };
  if (message.replyTo !== null) draft.replyTo = [recipient(message.replyTo, null)];
  if (config.from !== null) draft.from = recipient(config.from.address, config.from.name);
  return draft;
}
