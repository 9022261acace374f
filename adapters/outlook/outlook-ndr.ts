import type { DeliveryStatus } from 'tickler/adapter';

import { bodyTextOf, headerOf, messageClassOf, senderOf, type GraphMessage } from './outlook-graph-message';

/**
 * True for a non-delivery report. Exchange gives an NDR the message class
 * `REPORT.IPM.Note.NDR` (also for a DSN another server sent back, which it converts);
 * when the class was not returned, an NDR is recognised as Exchange words it: the subject
 * `Undeliverable: …` from the postmaster (`Microsoft Outlook`, MicrosoftExchange…@, postmaster@, mailer-daemon@).
 * Delay notifications (`REPORT.IPM.Note.Delayed…`), delivery and read receipts are not NDRs.
 */
export function isNonDeliveryReport(message: GraphMessage): boolean {
  const messageClass = messageClassOf(message);
  if (messageClass !== null) return /^REPORT\..*\.NDR$/i.test(messageClass);
  const sender = senderOf(message) ?? '';
  return /^Undeliverable:/i.test(message.subject ?? '') && /^(postmaster|mailer-daemon|microsoftexchange)/i.test(sender);
}

const MESSAGE_IDS = /<[^<>\s]+>/g;

/**
 * The Internet message id of the message an NDR reports on, from what the report carries:
 * its `In-Reply-To` header (Exchange's reports answer the original), else the last id of
 * its `References`, else the `Message-ID:` line of the original headers quoted in the
 * report's body. Null when the report carries none of them.
 */
export function reportedMessageId(report: GraphMessage): string | null {
  const inReplyTo = headerOf(report, 'In-Reply-To')?.match(MESSAGE_IDS)?.[0];
  if (inReplyTo !== undefined) return inReplyTo;
  const references = headerOf(report, 'References')?.match(MESSAGE_IDS);
  const last = references?.[references.length - 1];
  if (last !== undefined) return last;
  return /^\s*Message-ID:\s*(<[^<>\s]+>)/im.exec(bodyTextOf(report))?.[1] ?? null;
}

/** What an NDR says became of the message, with the words kept for the timeline. */
export interface ReportedFailure {
  status: DeliveryStatus;
  detail: string;
}

/**
 * Reads the report's enhanced status code (RFC 3463), as Exchange writes it after the
 * SMTP reply code (`Remote server returned '550 5.1.1 …'`) or in a DSN's `Status:` field.
 * A 5.x.x is a permanent failure: `bounced`. A 4.x.x in an NDR means Exchange retried a
 * temporary failure until it gave up (4.4.7, the message expired): `undelivered`. An NDR
 * without a code is still a final failure: `bounced`.
 */
export function reportedFailure(report: GraphMessage): ReportedFailure {
  const text = bodyTextOf(report);
  const withReply = /\b[45]\d\d[\s-]+([45]\.\d{1,3}\.\d{1,3})\b[^\r\n]*/.exec(text);
  const dsn = /^\s*Status:\s*([45]\.\d{1,3}\.\d{1,3})\b.*$/im.exec(text);
  const match = withReply ?? dsn;
  const code = match?.[1] ?? null;
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? report.subject ?? 'Undeliverable';
  const detail = (match === null ? firstLine : match[0].trim().replace(/['"]+$/, '')).slice(0, 500);
  return { status: code?.startsWith('4') === true ? 'undelivered' : 'bounced', detail };
}
