import { ChannelError, type OutboundMessage } from 'tickler/adapter';
import type { ClickSendSendRequest } from './clicksend-client';
import type { ResolvedClickSendConfig } from './clicksend-config';

/** The one recipient of an SMS; anything else is the caller's bug, never worth a retry. */
export function recipientOf(message: OutboundMessage): string {
  const [first, ...rest] = message.to;
  if (first === undefined || rest.length > 0) {
    throw new ChannelError(`A ClickSend SMS goes to exactly one recipient; message ${message.id} has ${message.to.length}.`, { retryable: false });
  }
  const address = first.address.trim();
  if (address === '') throw new ChannelError(`Message ${message.id} has an empty recipient address: check the customer's phone number.`, { retryable: false });
  return address;
}

/**
 * The Send SMS body for one message. The idempotency key goes into `custom_string`,
 * ClickSend's "your reference": it comes back in every receipt and reply, which lets a
 * host match them even without the message id (ClickSend does not deduplicate on it).
 */
export function sendRequest(message: OutboundMessage, config: ResolvedClickSendConfig, idempotencyKey: string): ClickSendSendRequest {
  const to = recipientOf(message);
  const body = message.text ?? '';
  if (body === '') {
    // ClickSend's Send SMS takes a body only: no provider templates.
    throw new ChannelError(`Message ${message.id} has no text, so there is nothing to send over ClickSend: check the template's SMS variant.`, { retryable: false });
  }
  return {
    messages: [{ source: config.source, ...(config.from === null ? {} : { from: config.from }), to, body, custom_string: idempotencyKey }],
  };
}
