import type { DeliveryReceipt } from 'tickler/adapter';
import type { GmailApi, GmailMessage, GmailMessagePart } from './gmail-client';
import { isTicklerMessageId, messageIdsIn } from './gmail-message-id';
import { allParts, headerOf, partText } from './gmail-payload';

const mime = (part: GmailMessagePart): string => (part.mimeType ?? '').toLowerCase();

/** The `Name: value` fields of a delivery-status or header block, names lower-case (a field repeats once per recipient). */
function fields(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split('\n')) {
    const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
    if (match !== null) out.push([(match[1] as string).toLowerCase(), (match[2] as string).trim()]);
  }
  return out;
}

/**
 * The msg-ids a delivery status notification names for the email it reports on: its
 * `In-Reply-To` and `References` (Gmail threads a bounce with the email), the
 * `X-Original-Message-ID` of its `message/delivery-status` part, and the `Message-ID` of
 * the returned copy (`message/rfc822` or `text/rfc822-headers`), when Gmail sent those
 * parts inline.
 */
function originalIds(message: GmailMessage): string[] {
  const ids = [...messageIdsIn(headerOf(message, 'In-Reply-To')), ...messageIdsIn(headerOf(message, 'References'))];
  for (const part of allParts(message.payload)) {
    const type = mime(part);
    if (type === 'message/delivery-status') {
      for (const [name, value] of fields(partText(part) ?? '')) if (name === 'x-original-message-id') ids.push(...messageIdsIn(value));
    } else if (type === 'message/rfc822') {
      ids.push(...messageIdsIn(headerOf(part, 'Message-ID')), ...(part.parts ?? []).flatMap((p) => messageIdsIn(headerOf(p, 'Message-ID'))));
    } else if (type === 'text/rfc822-headers') {
      for (const [name, value] of fields(partText(part) ?? '')) if (name === 'message-id') ids.push(...messageIdsIn(value));
    }
  }
  return ids;
}

/** The report of a DSN: whether it is a final failure, and Gmail's words for it. */
function report(message: GmailMessage): { failed: boolean; detail: string } {
  const status = allParts(message.payload).find((p) => mime(p) === 'message/delivery-status');
  const block = status === undefined ? null : partText(status);
  const subject = headerOf(message, 'Subject') ?? '';
  const recipients = headerOf(message, 'X-Failed-Recipients');
  if (block === null) {
    // Without the machine-readable part, Gmail's subject says it: "(Failure)" or "(Delay)".
    const failed = /\bfailure\b|undeliverable|returned to sender/i.test(subject) && !/\bdelay/i.test(subject);
    return { failed, detail: [subject, recipients === null ? null : `to ${recipients}`, message.snippet ?? null].filter((s) => s !== null && s !== '').join(' — ') };
  }
  const parsed = fields(block);
  const actions = parsed.filter(([name]) => name === 'action').map(([, value]) => value.toLowerCase());
  const statusCode = parsed.find(([name]) => name === 'status')?.[1] ?? null;
  const diagnostic = parsed.find(([name]) => name === 'diagnostic-code')?.[1] ?? null;
  const recipient = parsed.find(([name]) => name === 'final-recipient')?.[1]?.replace(/^rfc822;\s*/i, '') ?? recipients;
  const detail = [statusCode === null ? null : `status ${statusCode}`, recipient === null ? null : `to ${recipient}`, diagnostic].filter((s) => s !== null && s !== '').join(': ');
  // A "delayed" or "relayed" action is a deferral, not a bounce: the email may still arrive.
  return { failed: actions.includes('failed'), detail: detail === '' ? subject : detail };
}

/**
 * Reads a delivery status notification from Gmail's mailer-daemon as a `bounced`
 * receipt for the email it reports on, by that email's Gmail id: the message in the
 * bounce's thread with the reported `Message-ID`, else the mailbox search
 * `rfc822msgid:`. Null for a delay notice, and for a bounce of an email tickler did not
 * send (its `Message-ID` is not in the channel's domain).
 */
export async function bounceReceipt(api: GmailApi, message: GmailMessage, messageIdDomain: string, signal: AbortSignal): Promise<DeliveryReceipt | null> {
  const { failed, detail } = report(message);
  if (!failed) return null;
  const original = originalIds(message).find((id) => isTicklerMessageId(id, messageIdDomain));
  if (original === undefined) return null;
  const purpose = `finding the email a bounce reports on (${original})`;
  let providerMessageId: string | null = null;
  if (typeof message.threadId === 'string') {
    const thread = (await api.thread(message.threadId, ['Message-ID'], signal, purpose)) ?? [];
    const sent = thread.find((m) => messageIdsIn(headerOf(m, 'Message-ID'))[0]?.toLowerCase() === original.toLowerCase());
    providerMessageId = typeof sent?.id === 'string' ? sent.id : null;
  }
  if (providerMessageId === null) {
    const [found] = await api.list(`rfc822msgid:${original.slice(1, -1)}`, { maxResults: 1, includeSpamTrash: true }, signal, purpose);
    providerMessageId = typeof found?.id === 'string' ? found.id : null;
  }
  if (providerMessageId === null) return null;
  const at = Number(message.internalDate);
  return { type: 'receipt', providerMessageId, status: 'bounced', at: Number.isFinite(at) && at > 0 ? new Date(at) : null, detail: detail.slice(0, 1000) };
}
