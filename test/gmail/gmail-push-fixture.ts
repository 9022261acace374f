import { randomBytes, sign } from 'node:crypto';
import type { WebhookRequest } from 'tickler/adapter';
import type { ChannelContractSetup } from 'tickler/testing';
import type { GmailDouble } from './gmail-double';
import { header, splitMessage } from './gmail-mime-reader';

/** The push subscription the tests configure: its audience and its service account. */
export const PUSH = {
  audience: 'https://crm.acme.example/webhooks/gmail',
  serviceAccountEmail: 'gmail-push@acme-crm.iam.gserviceaccount.com',
  subscription: 'projects/acme-crm/subscriptions/gmail-push',
};

/** The claims of a Pub/Sub push token (cloud.google.com/pubsub/docs/authenticate-push-subscriptions). */
export interface PushClaims {
  aud: string;
  azp: string;
  email: string;
  email_verified: boolean;
  exp: number;
  iat: number;
  iss: string;
  sub: string;
}

/** A Google-signed OIDC token (RS256, `kid` of the double's published key) over `claims`. */
export function signToken(double: GmailDouble, claims: Partial<PushClaims> & { iat: number }): string {
  const full: PushClaims = {
    aud: PUSH.audience,
    azp: '113774264463038321964',
    email: PUSH.serviceAccountEmail,
    email_verified: true,
    exp: claims.iat + 3600,
    iss: 'https://accounts.google.com',
    sub: '113774264463038321964',
    ...claims,
  };
  const { kid, privateKey } = double.signingKey;
  const head = Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** The Pub/Sub push request Gmail's notification arrives as: JSON envelope, base64 data, bearer OIDC token. */
export function pushRequest(double: GmailDouble, now: Date, options: { historyId?: string; emailAddress?: string; token?: string; claims?: Partial<PushClaims> } = {}): WebhookRequest {
  const historyId = Number(options.historyId ?? double.historyId());
  const data = Buffer.from(JSON.stringify({ emailAddress: options.emailAddress ?? double.mailbox, historyId })).toString('base64');
  const id = String(BigInt(`0x${randomBytes(6).toString('hex')}`));
  const published = now.toISOString();
  const token = options.token ?? signToken(double, { iat: Math.floor(now.getTime() / 1000), ...options.claims });
  return {
    method: 'POST',
    url: PUSH.audience,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'user-agent': 'APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)',
    },
    body: JSON.stringify({ message: { data, messageId: id, message_id: id, publishTime: published, publish_time: published }, subscription: PUSH.subscription }),
  };
}

/** The same request with its token's signature altered. */
export function tampered(request: WebhookRequest): WebhookRequest {
  const authorization = String(request.headers.authorization);
  const last = authorization.at(-2) === 'A' ? 'B' : 'A';
  return { ...request, headers: { ...request.headers, authorization: `${authorization.slice(0, -2)}${last}${authorization.slice(-1)}` } };
}

/** The same request with a token Pub/Sub would have signed `ageSeconds` before `now`. */
export function resigned(double: GmailDouble, request: WebhookRequest, ageSeconds: number, now: Date): WebhookRequest {
  const token = signToken(double, { iat: Math.floor(now.getTime() / 1000) - ageSeconds });
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

const b64 = (text: string): string => (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
const rfcDate = (at: Date): string => at.toUTCString().replace('GMT', '+0000');

/** The headers of a message of the double that the fixtures answer or bounce. */
function original(double: GmailDouble, gmailId: string): { messageId: string; subject: string; references: string; from: string; raw: string } {
  const message = double.messages.get(gmailId);
  if (message === undefined) throw new Error(`The double holds no message ${gmailId}.`);
  const { headers } = splitMessage(message.raw);
  return { messageId: header(headers, 'Message-ID') ?? '', subject: header(headers, 'Subject') ?? '', references: header(headers, 'References') ?? '', from: header(headers, 'From') ?? '', raw: message.raw };
}

/** A customer's answer to a message of the mailbox, as their mail client writes it (the quoted email below). */
export function replyMail(double: GmailDouble, from: string, text: string, gmailId: string, at: Date, extra: { headers?: string[]; references?: boolean } = {}): string {
  const o = original(double, gmailId);
  const refs = extra.references === false ? [] : [`In-Reply-To: ${o.messageId}`, `References: ${[o.references, o.messageId].filter((r) => r !== '').join(' ')}`];
  const plain = `${text}\r\n\r\nOn ${rfcDate(at)}, ${o.from} wrote:\r\n> Invoice INV-1 (120.00 EUR) is 7 days overdue.\r\n>\r\n`;
  const html = `<div dir="ltr">${text}</div><br><div class="gmail_quote"><div class="gmail_attr">On ${rfcDate(at)}, ${o.from} wrote:<br></div><blockquote class="gmail_quote">Invoice INV-1 is overdue.</blockquote></div>`;
  return [
    `From: Ada Lovelace <${from}>`,
    `Date: ${rfcDate(at)}`,
    `Message-ID: <CAN${randomBytes(10).toString('hex')}@mail.gmail.com>`,
    `Subject: Re: ${o.subject}`,
    `To: ${double.mailbox}`,
    ...refs,
    ...(extra.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="000000000000e1b2c3"',
    '',
    '--000000000000e1b2c3',
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(plain),
    '--000000000000e1b2c3',
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(html),
    '--000000000000e1b2c3--',
    '',
  ].join('\r\n');
}

/** What kind of delivery status notification {@link bounceMail} writes. */
export interface BounceOptions {
  /** `failed` (a bounce, Gmail's "(Failure)") or `delayed` (Gmail's "(Delay)": still trying). Default failed. */
  action?: 'failed' | 'delayed';
  /** Whether the DSN's own headers reference the email (Gmail threads its bounces). Default true. */
  references?: boolean;
  /** The failed recipient. Default the email's first `To`. */
  recipient?: string;
}

/** Gmail's delivery status notification for a message of the mailbox, from mailer-daemon@googlemail.com (RFC 3464 report). */
export function bounceMail(double: GmailDouble, gmailId: string, at: Date, options: BounceOptions = {}): string {
  const o = original(double, gmailId);
  const failed = (options.action ?? 'failed') === 'failed';
  const to = options.recipient ?? (/<([^>]+)>/.exec(header(splitMessage(o.raw).headers, 'To') ?? '')?.[1] ?? 'ada@customer.example');
  const human = failed
    ? `** Address not found **\r\n\r\nYour message wasn't delivered to ${to} because the address couldn't be found, or is unable to receive mail.`
    : `** Message not delivered yet **\r\n\r\nThere was a temporary problem delivering your message to ${to}. Gmail will retry for 45 more hours. You'll be notified if the delivery fails permanently.`;
  return [
    'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    `To: ${double.mailbox}`,
    'Auto-Submitted: auto-replied',
    `Subject: Delivery Status Notification (${failed ? 'Failure' : 'Delay'})`,
    ...(options.references === false ? [] : [`References: ${o.messageId}`, `In-Reply-To: ${o.messageId}`]),
    ...(failed ? [`X-Failed-Recipients: ${to}`] : []),
    `Message-ID: <${randomBytes(12).toString('hex')}.${Date.UTC(2026, 10, 23)}@mx.google.com>`,
    `Date: ${rfcDate(at)}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; boundary="00000000000051a2b3"; report-type=delivery-status',
    '',
    '--00000000000051a2b3',
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    human,
    '',
    '--00000000000051a2b3',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; googlemail.com',
    `Received-From-MTA: dns; ${double.mailbox}`,
    `Arrival-Date: ${rfcDate(at)}`,
    `X-Original-Message-ID: ${o.messageId}`,
    '',
    `Final-Recipient: rfc822; ${to}`,
    `Action: ${failed ? 'failed' : 'delayed'}`,
    `Status: ${failed ? '5.1.1' : '4.4.7'}`,
    `Diagnostic-Code: smtp; ${failed ? "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces." : '421-4.7.0 Try again later, closing connection.'}`,
    `Last-Attempt-Date: ${rfcDate(at)}`,
    '',
    '--00000000000051a2b3',
    'Content-Type: message/rfc822',
    '',
    o.raw,
    '--00000000000051a2b3--',
    '',
  ].join('\r\n');
}

/**
 * The channel contract's webhook fixture: Gmail pushes a notification for each mailbox
 * change, so each request is a signed Pub/Sub push after the fixture put the change
 * (a customer's reply, Gmail's bounce) into the double. Gmail has no delivery receipts:
 * for `delivered` the fixture gives the notification of the change the send itself made
 * (the email added to Sent), which a genuine push carries and which holds no receipt.
 */
export function gmailWebhookFixture(double: GmailDouble, replyFrom = 'ada@customer.example'): NonNullable<ChannelContractSetup['webhooks']> {
  return {
    replyFrom,
    receipt: async (providerMessageId, status, now) => {
      if (status === 'delivered') return pushRequest(double, now);
      if (status !== 'bounced') throw new Error(`Gmail reports no "${status}" status: its only receipt is a bounce.`);
      double.deliver(bounceMail(double, providerMessageId, now));
      return pushRequest(double, now);
    },
    reply: async (from, text, inReplyTo, now) => {
      double.deliver(replyMail(double, from, text, inReplyTo, now));
      return pushRequest(double, now);
    },
    tamper: tampered,
    stale: async (request, ageSeconds, now) => resigned(double, request, ageSeconds, now),
  };
}
