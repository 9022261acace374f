import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { DeliveryStatus, WebhookRequest } from 'tickler';
import type { ChannelContractSetup } from 'tickler/testing';

/** One SendGrid Event Webhook event, as its Event Webhook Reference shows them. */
export type SendGridEvent = Record<string, string | number | string[]>;

/** Where the host's routes are, as configured in SendGrid. */
export const EVENT_WEBHOOK_URL = 'https://tickler.acme.example/webhooks/sendgrid/events';
/** The Inbound Parse destination URL, before its `?secret=`. */
export const INBOUND_PARSE_URL = 'https://tickler.acme.example/webhooks/sendgrid/inbound';
/** A secret for the Inbound Parse URL. */
export const INBOUND_SECRET = 'parse-secret-0123456789abcdef';

/**
 * SendGrid's side of the Signed Event Webhook: an ECDSA P-256 key pair, as SendGrid
 * generates one when Signed Event Webhook Requests is enabled; the public key in the
 * base64 DER form its UI shows.
 */
export class SendGridEventSigner {
  readonly publicKey: string;
  readonly #privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.publicKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    this.#privateKey = privateKey;
  }

  /** The base64 DER ECDSA signature, with SHA-256, of the timestamp followed by the raw body. */
  signature(timestamp: string, body: string | Uint8Array): string {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    return sign('sha256', Buffer.concat([Buffer.from(timestamp), bytes]), { key: this.#privateKey, dsaEncoding: 'der' }).toString('base64');
  }

  /** A POST of `events` signed at `at`, with SendGrid's headers. */
  request(events: SendGridEvent[] | string, at: Date): WebhookRequest {
    const body = typeof events === 'string' ? events : eventWebhookBody(events);
    return this.resign({ method: 'POST', url: EVENT_WEBHOOK_URL, headers: { 'content-type': 'application/json', 'user-agent': 'SendGrid Event API' }, body }, at);
  }

  /** The same request signed again at `at`, as SendGrid would have signed it then. */
  resign(request: WebhookRequest, at: Date): WebhookRequest {
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const headers = {
      ...request.headers,
      'x-twilio-email-event-webhook-signature': this.signature(timestamp, request.body),
      'x-twilio-email-event-webhook-timestamp': timestamp,
    };
    return { ...request, headers };
  }
}

/**
 * The body as SendGrid posts it: a JSON array, each event after the first on its own
 * line, ending with CRLF (the layout of the payloads in `@sendgrid/eventwebhook`'s tests).
 */
export function eventWebhookBody(events: SendGridEvent[]): string {
  return `[${events.map((event) => JSON.stringify(event)).join(',\r\n')}]\r\n`;
}

/** An event for the message SendGrid accepted with `xMessageId`, with the fields its reference lists. */
export function sendgridEvent(xMessageId: string, event: string, at: Date, extra: SendGridEvent = {}): SendGridEvent {
  return {
    email: 'ada@customer.example',
    event,
    sg_event_id: randomBytes(24).toString('base64url'),
    sg_message_id: `${xMessageId}.recvd-7d9f8c6b5-2xq7l-1-6683A1F2-1B.0`,
    'smtp-id': `<${xMessageId}@geopod-ismtpd-3>`,
    timestamp: Math.floor(at.getTime() / 1000),
    category: ['dunning'],
    tickler_message_id: 'msg-1',
    tickler_tenant: 'acme',
    tickler_idempotency_key: 'acme:dunning:inv-7:level-1',
    ...extra,
  };
}

/** What SendGrid posts for each outcome tickler reads. */
export const EVENT_FOR: Record<Exclude<DeliveryStatus, 'undelivered'>, { event: string; extra: SendGridEvent }> = {
  delivered: { event: 'delivered', extra: { ip: '149.72.154.231', response: '250 2.0.0 OK  1719836402 a640c23a62f3a-a73b3c5f9d2si1 - gsmtp', tls: 1 } },
  bounced: {
    event: 'bounce',
    extra: {
      type: 'bounce',
      reason: '550 5.1.1 The email account that you tried to reach does not exist.',
      status: '5.1.1',
      bounce_classification: 'Invalid Address',
      ip: '149.72.154.231',
      tls: 1,
    },
  },
  failed: { event: 'dropped', extra: { reason: 'Bounced Address' } },
};

/** A field of an Inbound Parse post: text, or raw bytes (in the charset its `charsets` names). */
export type InboundField = string | Buffer | { filename: string; type: string; content: Buffer };

/**
 * An Inbound Parse post as SendGrid sends it: multipart/form-data, boundary `xYzZY`,
 * one part per field without a content type (its example payload), files with a filename.
 */
export function inboundParseRequest(fields: Record<string, InboundField>, url = `${INBOUND_PARSE_URL}?secret=${INBOUND_SECRET}`): WebhookRequest {
  const boundary = 'xYzZY';
  const parts = Object.entries(fields).map(([name, value]) => {
    const isFile = typeof value === 'object' && !Buffer.isBuffer(value);
    const head = isFile
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`;
    const content = isFile ? value.content : Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    return Buffer.concat([Buffer.from(head), content, Buffer.from('\r\n')]);
  });
  const body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
  return { method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
}

/** The parsed fields of a customer's reply to a tickler email, as Inbound Parse posts them. */
export function replyFields(from: string, text: string, inReplyTo: string, messageId = `<CAH${randomBytes(12).toString('hex')}@mail.gmail.com>`): Record<string, string> {
  const headers = [
    'Received: by mx0047p1mdw1.sendgrid.net with SMTP id 8Q8pQ4mR9f Tue, 02 Jul 2024 09:20:11 +0000 (UTC)',
    'MIME-Version: 1.0',
    `References: <${inReplyTo}@geopod-ismtpd-3>`,
    `In-Reply-To: <${inReplyTo}@geopod-ismtpd-3>`,
    `From: Ada Lovelace <${from}>`,
    'Date: Tue, 2 Jul 2024 11:20:01 +0200',
    `Message-ID: ${messageId}`,
    'Subject: Re: Your invoice INV-7 is overdue',
    'To: Acme Billing <billing@reply.acme.example>',
    'Content-Type: multipart/alternative; boundary="000000000000a1b2c3"',
    '',
  ].join('\n');
  return {
    headers,
    dkim: '{@customer.example : pass}',
    to: 'Acme Billing <billing@reply.acme.example>',
    html: `<div dir="ltr">${text}</div>`,
    from: `Ada Lovelace <${from}>`,
    text: `${text}\n\nOn Mon, Jul 1, 2024 at 9:00 AM Acme Billing <billing@acme.example> wrote:\n> Invoice INV-7 (120.00 EUR) is 7 days overdue.\n`,
    sender_ip: '209.85.161.46',
    envelope: JSON.stringify({ to: ['billing@reply.acme.example'], from }),
    attachments: '0',
    subject: 'Re: Your invoice INV-7 is overdue',
    spam_score: '0.011',
    charsets: JSON.stringify({ to: 'UTF-8', html: 'UTF-8', subject: 'UTF-8', from: 'UTF-8', text: 'UTF-8' }),
    SPF: 'pass',
  };
}

/** The contract's webhook fixture: SendGrid's Signed Event Webhook and its Inbound Parse Webhook. */
export function sendgridWebhookFixture(signer: SendGridEventSigner): NonNullable<ChannelContractSetup['webhooks']> {
  const isParse = (request: WebhookRequest) => String(request.headers['content-type']).startsWith('multipart/form-data');
  return {
    receipt: async (providerMessageId, status, now) => {
      if (status === 'undelivered') throw new Error('SendGrid has no "undelivered" event: email ends bounced, blocked or dropped.');
      const { event, extra } = EVENT_FOR[status];
      return signer.request([sendgridEvent(providerMessageId, 'processed', new Date(now.getTime() - 2_000)), sendgridEvent(providerMessageId, event, now, extra)], now);
    },
    reply: async (from, text, inReplyTo) => inboundParseRequest(replyFields(from, text, inReplyTo)),
    replyFrom: 'ada@customer.example',
    tamper: (request) => {
      // Inbound Parse has no signature over the body: what proves it is the URL's secret.
      if (isParse(request)) return { ...request, url: `${INBOUND_PARSE_URL}?secret=guessed-secret-0123456789` };
      const body = typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
      const changed = body.includes('"event":"delivered"') ? body.replace('"event":"delivered"', '"event":"dropped"') : body.replace(/"event":"(bounce|dropped)"/, '"event":"delivered"');
      return { ...request, body: changed };
    },
    stale: async (request, ageSeconds, now) => {
      if (isParse(request)) throw new Error('An Inbound Parse post carries no time: only Event Webhook requests can be stale.');
      return signer.resign(request, new Date(now.getTime() - ageSeconds * 1000));
    },
  };
}
