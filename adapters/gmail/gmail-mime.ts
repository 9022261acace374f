import type * as MimeTextModule from 'mimetext';
import type { Mailbox } from 'mimetext';
import type { GmailAddress } from './gmail-config';

/** Everything the RFC 5322 message carries. */
export interface GmailMimeInput {
  /** `From`: the mailbox or a send-as alias. */
  from: GmailAddress;
  /** `To`, each address once. */
  to: GmailAddress[];
  /** `Subject`, UTF-8. */
  subject: string;
  /** The text/plain alternative, or null. */
  text: string | null;
  /** The text/html alternative, or null. */
  html: string | null;
  /** `Reply-To`, or null. */
  replyTo: string | null;
  /** `Message-ID`, brackets included. */
  messageId: string;
  /** `X-Tickler-Key`: the idempotency key. */
  key: string;
  /** `Date`. */
  date: Date;
  /** `In-Reply-To` and `References` when the email joins a thread. */
  thread: { inReplyTo: string; references: string[] } | null;
}

type MimeText = typeof MimeTextModule;

// mimetext's CommonJS file sits in an ESM package ("type": "module") and cannot be
// required, so both of tickler's builds load its ESM entry with import(), once.
let loaded: Promise<MimeText> | null = null;
const mimetext = (): Promise<MimeText> => (loaded ??= import('mimetext'));

/** Base64 in lines of 76 characters (RFC 2045), for UTF-8 text of any line length. */
function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

// Values tickler writes into headers verbatim: a line break would start a new header.
const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ').trim();

const mailbox = (m: MimeText, address: GmailAddress, type: 'From' | 'To'): Mailbox =>
  new m.Mailbox(address.name === undefined || address.name === '' ? { addr: address.email } : { addr: address.email, name: oneLine(address.name) }, { type });

/**
 * The email as Gmail's `raw` field takes it: an RFC 5322 message built by `mimetext`
 * (multipart/alternative when it has both a text and an HTML part; each part base64, so
 * UTF-8 and long lines travel intact; the subject and display names as RFC 2047 encoded
 * words), then base64url-encoded.
 */
export async function rawMessage(input: GmailMimeInput): Promise<string> {
  const m = await mimetext();
  // mimetext writes the platform's end of line; RFC 5322 wants CRLF, whatever the host.
  const message = new m.MIMEMessage({ ...m.createMimeMessage().envctx, eol: '\r\n' });
  message.setSender({ addr: input.from.email, ...(input.from.name === undefined || input.from.name === '' ? {} : { name: oneLine(input.from.name) }) });
  message.setHeader('To', input.to.map((address) => mailbox(m, address, 'To')));
  message.setSubject(oneLine(input.subject));
  message.setHeader('Date', input.date.toUTCString().replace(/GMT|UTC/, '+0000'));
  message.setHeader('Message-ID', input.messageId);
  if (input.replyTo !== null) message.setHeader('Reply-To', new m.Mailbox({ addr: input.replyTo }));
  if (input.thread !== null) {
    message.setHeader('In-Reply-To', input.thread.inReplyTo);
    message.setHeader('References', input.thread.references.join(' '));
  }
  message.setHeader('X-Tickler-Key', oneLine(input.key));
  if (input.text !== null) message.addMessage({ contentType: 'text/plain', data: base64Lines(input.text), encoding: 'base64' });
  if (input.html !== null) message.addMessage({ contentType: 'text/html', data: base64Lines(input.html), encoding: 'base64' });
  return message.asEncoded();
}
