import type { GmailApi } from './gmail-client';
import type { GmailThreading } from './gmail-config';
import { messageIdsIn } from './gmail-message-id';
import { addressOf, baseSubject, headerOf, strippedSubject } from './gmail-payload';

/** Where an email goes in the mailbox: a thread to join (with the headers that join it, and its subject), or none. */
export interface GmailThreadPlan {
  /** The thread id `messages.send` takes. */
  threadId: string;
  /** The `Message-ID` of the customer's latest message, answered. */
  inReplyTo: string;
  /** That message's `References` and its `Message-ID` (RFC 5322 §3.6.4). */
  references: string[];
  /** The subject the email must carry to join the thread. */
  subject: string;
}

/**
 * The customer's latest thread with the mailbox, when they have written to it
 * (`users.messages.list` with `q=from:<customer>`, then that message's headers), and
 * when the policy lets the email join it. Gmail threads a sent message only when the
 * request names the `threadId`, the `In-Reply-To` and `References` headers point at the
 * thread, and the subjects match.
 */
export async function threadFor(api: GmailApi, policy: GmailThreading, customer: string, subject: string, signal: AbortSignal): Promise<GmailThreadPlan | null> {
  if (policy === 'off') return null;
  const purpose = `looking up the latest email from ${customer} (threading)`;
  const [latest] = await api.list(`from:${customer}`, { maxResults: 1 }, signal, purpose);
  if (latest?.id === undefined || latest.id === null) return null;
  const message = await api.get(latest.id, 'metadata', ['From', 'Subject', 'Message-ID', 'References'], signal, purpose);
  const messageId = messageIdsIn(headerOf(message, 'Message-ID'))[0];
  const threadId = message?.threadId ?? latest.threadId;
  // Gmail's search matches more than the From address (a display name, a list's sender).
  if (message === null || messageId === undefined || typeof threadId !== 'string' || addressOf(headerOf(message, 'From')) !== customer.toLowerCase()) return null;
  const theirs = headerOf(message, 'Subject') ?? '';
  if (policy === 'same-subject' && baseSubject(theirs) !== baseSubject(subject)) return null;
  const references = [...messageIdsIn(headerOf(message, 'References')).filter((id) => id !== messageId), messageId];
  const replySubject = policy === 'same-subject' ? subject : `Re: ${strippedSubject(theirs)}`;
  return { threadId, inReplyTo: messageId, references, subject: replySubject };
}
