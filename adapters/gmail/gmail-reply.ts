import type { InboundReply } from 'tickler/adapter';
import type { GmailApi, GmailMessage } from './gmail-client';
import { isTicklerMessageId, messageIdsIn } from './gmail-message-id';
import { headerOf, messageText, withoutQuote } from './gmail-payload';

/** What an inbound message may hold (`InboundMessageInput.text`). */
const MAX_TEXT = 10_000;

/**
 * Whether a message answers one of tickler's emails: its `In-Reply-To` or `References`
 * name a tickler `Message-ID`, or (a client that trimmed them) its Gmail thread holds an
 * email with an `X-Tickler-Key` header.
 */
async function answersTickler(api: GmailApi, message: GmailMessage, messageIdDomain: string, signal: AbortSignal): Promise<boolean> {
  const refs = [...messageIdsIn(headerOf(message, 'In-Reply-To')), ...messageIdsIn(headerOf(message, 'References'))];
  if (refs.some((id) => isTicklerMessageId(id, messageIdDomain))) return true;
  if (typeof message.threadId !== 'string' || message.threadId === message.id) return false;
  const thread = (await api.thread(message.threadId, ['Message-ID', 'X-Tickler-Key'], signal, 'checking whether a reply is in one of tickler’s threads')) ?? [];
  return thread.some((m) => headerOf(m, 'X-Tickler-Key') !== null || messageIdsIn(headerOf(m, 'Message-ID')).some((id) => isTicklerMessageId(id, messageIdDomain)));
}

/** True for automatic answers (RFC 3834 `Auto-Submitted`, vacation responders), which are no customer's reply. */
function automatic(message: GmailMessage): boolean {
  const submitted = headerOf(message, 'Auto-Submitted');
  if (submitted !== null && submitted.trim().toLowerCase() !== 'no') return true;
  return headerOf(message, 'X-Autoreply') !== null || headerOf(message, 'X-Autorespond') !== null || /^(auto_reply|bulk|junk)$/i.test(headerOf(message, 'Precedence') ?? '');
}

/**
 * Reads a customer's message as an inbound reply when it answers one of tickler's
 * emails: `from` the sender's address, `text` its own words (the quoted email cut off),
 * `providerMessageId` its Gmail id (a redelivered notification is recorded once). Null
 * for anything else in the mailbox.
 */
export async function inboundReply(api: GmailApi, message: GmailMessage, from: string, mailbox: string, messageIdDomain: string, signal: AbortSignal): Promise<InboundReply | null> {
  if (typeof message.id !== 'string' || automatic(message)) return null;
  if (!(await answersTickler(api, message, messageIdDomain, signal))) return null;
  const at = Number(message.internalDate);
  return {
    type: 'reply',
    message: {
      channel: 'email',
      from,
      to: mailbox,
      text: withoutQuote(messageText(message)).slice(0, MAX_TEXT),
      ...(Number.isFinite(at) && at > 0 ? { receivedAt: new Date(at) } : {}),
      providerMessageId: message.id,
    },
  };
}
