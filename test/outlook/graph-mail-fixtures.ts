import { randomUUID } from 'node:crypto';
import type { WebhookRequest } from 'tickler/adapter';
import type { GraphDouble } from './graph-double';
import { conversationId, internetMessageId, type StoredMessage } from './graph-mail-store';

/** The public URL the subscription's notificationUrl points at. */
export const NOTIFICATION_URL = 'https://crm.example.com/graph/notifications';

/** Exchange Online's postmaster, as NDRs in a Microsoft 365 tenant come from it. */
export const POSTMASTER = { name: 'Microsoft Outlook', address: 'MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@acme.example' };

const stamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** How an NDR points back at the message it reports on. */
export type NdrLink = 'headers' | 'body' | 'conversation';

/** What {@link deliverNdr} builds. */
export interface NdrOptions {
  /** The enhanced status code: 5.1.10 (recipient not found) by default; 4.4.7 for an expired message. */
  code?: string;
  /** The failed recipient. Default the original's first recipient. */
  recipient?: string;
  /** What the report carries of the original. Default all of it: headers and the quoted headers in the body. */
  link?: NdrLink;
  /** Whether the answer carries the message class (REPORT.IPM.Note.NDR). Default true. */
  withClass?: boolean;
  at?: Date;
}

/**
 * Puts a non-delivery report in the mailbox's inbox as Exchange Online writes one: from
 * the postmaster ("Microsoft Outlook"), subject `Undeliverable: …`, message class
 * `REPORT.IPM.Note.NDR`, `In-Reply-To` and `References` naming the original, the same
 * conversation, and a body with the diagnostic and the original message headers.
 */
export function deliverNdr(double: GraphDouble, mailbox: string, original: string, options: NdrOptions = {}): StoredMessage {
  const at = options.at ?? new Date();
  const sent = double.messages.find((m) => m.internetMessageId === original);
  const recipient = options.recipient ?? sent?.toRecipients[0]?.emailAddress.address ?? 'ada@customer.example';
  const code = options.code ?? '5.1.10';
  const link = options.link ?? 'headers';
  const reply = code.startsWith('4') ? `451 ${code} Message expired, cannot reach destination` : `550 ${code} RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup`;
  const domain = recipient.split('@')[1] ?? 'customer.example';
  const quoted = link === 'conversation' ? '' : [`Original message headers:`, ``, `Received: from AM6PR04MB1234.eurprd04.prod.outlook.com`, `From: ${double.addressOf(mailbox)}`, `To: ${recipient}`, `Subject: ${sent?.subject ?? 'Your invoice'}`, `Message-ID: ${original}`, `MIME-Version: 1.0`].join('\r\n');
  const body = [
    `Your message to ${recipient} couldn't be delivered.`,
    `${recipient.split('@')[0] ?? ''} wasn't found at ${domain}.`,
    ``,
    `Diagnostic information for administrators:`,
    ``,
    `Generating server: AM6PR04MB1234.eurprd04.prod.outlook.com`,
    recipient,
    `Remote server returned '${reply}'`,
    ``,
    quoted,
  ].join('\r\n');
  const headers = [
    { name: 'From', value: `${POSTMASTER.name} <${POSTMASTER.address}>` },
    { name: 'To', value: double.addressOf(mailbox) },
    { name: 'Subject', value: `Undeliverable: ${sent?.subject ?? 'Your invoice'}` },
    { name: 'Message-ID', value: internetMessageId() },
    ...(link === 'headers' ? [{ name: 'In-Reply-To', value: original }, { name: 'References', value: original }] : []),
    { name: 'Auto-Submitted', value: 'auto-replied' },
    { name: 'X-MS-Exchange-Message-Is-Ndr', value: '' },
    { name: 'Content-Type', value: 'multipart/report; report-type=delivery-status; boundary="_000_"' },
  ];
  return double.receive({
    mailbox,
    internetMessageId: headers[3]?.value as string,
    conversationId: sent?.conversationId ?? conversationId(),
    messageClass: options.withClass === false ? null : 'REPORT.IPM.Note.NDR',
    subject: `Undeliverable: ${sent?.subject ?? 'Your invoice'}`,
    body: { contentType: 'text', content: body },
    uniqueBody: null,
    from: { emailAddress: POSTMASTER },
    sender: { emailAddress: POSTMASTER },
    toRecipients: [{ emailAddress: { address: double.addressOf(mailbox) } }],
    replyTo: [],
    internetMessageHeaders: headers,
    singleValueExtendedProperties: [],
    receivedDateTime: stamp(at),
  });
}

/**
 * Puts an Exchange delivery report (`REPORT.IPM.Note.DR`, `Delivered: …`) in the inbox:
 * what Exchange sends back only for a message sent with `isDeliveryReceiptRequested`,
 * which tickler never sets. The channel reads it as nothing.
 */
export function deliverDeliveryReport(double: GraphDouble, mailbox: string, original: string, at: Date = new Date()): StoredMessage {
  const sent = double.messages.find((m) => m.internetMessageId === original);
  const recipient = sent?.toRecipients[0]?.emailAddress.address ?? 'ada@customer.example';
  const id = internetMessageId();
  return double.receive({
    mailbox,
    internetMessageId: id,
    conversationId: sent?.conversationId ?? conversationId(),
    messageClass: 'REPORT.IPM.Note.DR',
    subject: `Delivered: ${sent?.subject ?? 'Your invoice'}`,
    body: { contentType: 'text', content: `Your message has been delivered to the following recipients:\r\n\r\n${recipient}\r\n\r\nSubject: ${sent?.subject ?? 'Your invoice'}` },
    uniqueBody: null,
    from: { emailAddress: POSTMASTER },
    sender: { emailAddress: POSTMASTER },
    toRecipients: [{ emailAddress: { address: double.addressOf(mailbox) } }],
    replyTo: [],
    internetMessageHeaders: [
      { name: 'Message-ID', value: id },
      { name: 'In-Reply-To', value: original },
      { name: 'Auto-Submitted', value: 'auto-replied' },
    ],
    singleValueExtendedProperties: [],
    receivedDateTime: stamp(at),
  });
}

/** What {@link deliverReply} builds. */
export interface ReplyOptions {
  from: string;
  text: string;
  /** The Internet message id it answers. */
  inReplyTo?: string;
  /** An RFC 3834 Auto-Submitted value, for an out-of-office answer. */
  autoSubmitted?: string;
  at?: Date;
}

/** Puts a customer's answer in the mailbox's inbox, threaded to the message it answers, quoting it below the new text. */
export function deliverReply(double: GraphDouble, mailbox: string, options: ReplyOptions): StoredMessage {
  const at = options.at ?? new Date();
  const original = options.inReplyTo === undefined ? undefined : double.messages.find((m) => m.internetMessageId === options.inReplyTo);
  const id = internetMessageId().replace('outlook.com', 'customer.example');
  const headers = [
    { name: 'From', value: options.from },
    { name: 'To', value: double.addressOf(mailbox) },
    { name: 'Subject', value: `RE: ${original?.subject ?? 'Your invoice'}` },
    { name: 'Message-ID', value: id },
    ...(options.inReplyTo === undefined ? [] : [{ name: 'In-Reply-To', value: options.inReplyTo }, { name: 'References', value: options.inReplyTo }]),
    ...(options.autoSubmitted === undefined ? [] : [{ name: 'Auto-Submitted', value: options.autoSubmitted }]),
  ];
  const quote = original === undefined ? '' : `\r\n\r\nFrom: ${double.addressOf(mailbox)}\r\nSent: ${original.sentDateTime ?? ''}\r\nSubject: ${original.subject}\r\n\r\n> ${original.body.content.replace(/<[^>]+>/g, '')}`;
  return double.receive({
    mailbox,
    internetMessageId: id,
    conversationId: original?.conversationId ?? conversationId(),
    messageClass: options.autoSubmitted === undefined ? 'IPM.Note' : 'IPM.Note.Rules.OofTemplate.Microsoft',
    subject: `RE: ${original?.subject ?? 'Your invoice'}`,
    body: { contentType: 'text', content: `${options.text}${quote}` },
    uniqueBody: { contentType: 'text', content: options.text },
    from: { emailAddress: { address: options.from } },
    sender: { emailAddress: { address: options.from } },
    toRecipients: [{ emailAddress: { address: double.addressOf(mailbox) } }],
    replyTo: [],
    internetMessageHeaders: headers,
    singleValueExtendedProperties: [],
    receivedDateTime: stamp(at),
  });
}

/** The subscription the notifications come from. */
export interface Subscription {
  id: string;
  tenantId: string;
  clientState: string;
}

/** A subscription to `/users/{id}/mailFolders('inbox')/messages` with `clientState`. */
export const subscription = (clientState: string): Subscription => ({ id: randomUUID(), tenantId: randomUUID(), clientState });

/**
 * The POST Graph makes to the notification URL for messages created in the mailbox's
 * inbox: a changeNotificationCollection of basic notifications (no resource data beyond
 * the id), each with the subscription's clientState.
 */
export function notificationRequest(double: GraphDouble, sub: Subscription, mailbox: string, created: StoredMessage[], changeType = 'created'): WebhookRequest {
  const user = double.userIdOf(mailbox);
  const value = created.map((m) => ({
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: '2026-11-26T09:00:00.0000000+00:00',
    changeType,
    resource: `Users/${user}/Messages/${m.id}`,
    resourceData: { '@odata.type': '#Microsoft.Graph.Message', '@odata.id': `Users/${user}/Messages/${m.id}`, '@odata.etag': 'W/"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf"', id: m.id },
    clientState: sub.clientState,
    tenantId: sub.tenantId,
  }));
  return { method: 'POST', url: NOTIFICATION_URL, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ value }) };
}

/** Graph's validation of a new subscription's notification URL. */
export function validationRequest(token: string): WebhookRequest {
  return { method: 'POST', url: `${NOTIFICATION_URL}?validationToken=${encodeURIComponent(token)}`, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: '' };
}

/** The same notifications with another clientState: what a forger without the secret can send. */
export function withClientState(request: WebhookRequest, clientState: string | null): WebhookRequest {
  const body = JSON.parse(typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8')) as { value: Record<string, unknown>[] };
  for (const n of body.value) {
    if (clientState === null) delete n.clientState;
    else n.clientState = clientState;
  }
  return { ...request, body: JSON.stringify(body) };
}
