import { randomUUID } from 'node:crypto';
import type { DeliveryStatus, WebhookRequest } from 'tickler';
import type { ChannelContractSetup } from 'tickler/testing';
import type { ClickSendDouble, QueuedSms } from './clicksend-double';

/** Where the host receives ClickSend's posts, as configured in the ClickSend rule. */
export const WEBHOOK_URL = 'https://crm.acme.example/webhooks/clicksend';
/** The channel's webhookSecret in these tests. */
export const WEBHOOK_SECRET = 'cs-hook-0123456789abcdef0123';
/** The customer who replies. */
export const CUSTOMER = '+61429912603';
/** The account's dedicated number the customer answers. */
export const OUR_NUMBER = '+61477485926';

/** A webhook rule's `webhook_type`: a form POST (ClickSend's default), a JSON POST, or a GET with a query string. */
export type WebhookFormat = 'post' | 'json' | 'get';

/**
 * Where the secret is: `basic`, credentials written in the rule's URL
 * (`https://clicksend:<secret>@host/…`), which arrive as an Authorization header;
 * `query`, a `?secret=` parameter of that URL.
 */
export type SecretPlacement = 'basic' | 'query';

/** How a request is made. */
export interface WebhookShape {
  format: WebhookFormat;
  secret: SecretPlacement;
  /** The secret presented. Default {@link WEBHOOK_SECRET}. */
  value?: string;
}

export type WebhookFields = Record<string, string | number | null>;

const unix = (at: Date): number => Math.floor(at.getTime() / 1000);

/** A form or query string; ClickSend's nulls become empty values there. */
function params(fields: WebhookFields): URLSearchParams {
  return new URLSearchParams(Object.entries(fields).map(([key, value]): [string, string] => [key, value === null ? '' : String(value)]));
}

/** A request as ClickSend posts `fields` to the rule's URL. */
export function clicksendWebhook(fields: WebhookFields, shape: WebhookShape): WebhookRequest {
  const secret = shape.value ?? WEBHOOK_SECRET;
  const url = new URL(WEBHOOK_URL);
  const headers: Record<string, string> = {};
  if (shape.secret === 'query') url.searchParams.set('secret', secret);
  else headers.authorization = `Basic ${Buffer.from(`clicksend:${secret}`).toString('base64')}`;
  if (shape.format === 'get') {
    for (const [key, value] of params(fields)) url.searchParams.append(key, value);
    return { method: 'GET', url: url.toString(), headers, body: '' };
  }
  if (shape.format === 'json') return { method: 'POST', url: url.toString(), headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(fields) };
  return { method: 'POST', url: url.toString(), headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: params(fields).toString() };
}

/** The gateway outcome ClickSend reports for each end tickler reads (its "List of SMS gateway error codes"). */
export const RECEIPT_FOR: Record<DeliveryStatus, { status_code: number; status_text: string; error_code: number | null; error_text: string | null }> = {
  delivered: { status_code: 201, status_text: 'Success: Message received on handset.', error_code: null, error_text: null },
  bounced: { status_code: 301, status_text: 'Failed', error_code: 8, error_text: 'Unknown subscriber. Number is inactive or invalid' },
  undelivered: { status_code: 301, status_text: 'Failed', error_code: 12, error_text: 'Absent Subscriber. Phone is out of range or switched off.' },
  failed: { status_code: 301, status_text: 'Failed', error_code: 7, error_text: 'Unknown failure' },
};

/** A delivery receipt's fields, as ClickSend's SmsReceipt model lists them. */
export function receiptFields(messageId: string, outcome: Pick<WebhookFields, 'status_code' | 'status_text' | 'error_code' | 'error_text'>, at: Date, customString: string | null = null): WebhookFields {
  return {
    timestamp_send: unix(at) - 4,
    timestamp: unix(at),
    message_id: messageId,
    ...outcome,
    custom_string: customString,
    subaccount_id: 123456,
    message_type: 'sms',
  };
}

/** An inbound SMS's fields, as ClickSend's own example payload shows them (its n8n trigger). */
export function inboundFields(from: string, text: string, at: Date, original: Partial<QueuedSms> & { message_id: string }): WebhookFields {
  return {
    originalsenderid: original.from ?? OUR_NUMBER,
    body: text,
    message: text,
    sms: from,
    from,
    to: original.from ?? OUR_NUMBER,
    timestamp: unix(at),
    message_id: randomUUID().toUpperCase(),
    original_message_id: original.message_id,
    original_body: original.body ?? 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    user_id: 123456,
    subaccount_id: 123456,
    custom_string: original.custom_string ?? '',
  };
}

/** The same request with its `timestamp` moved `ageSeconds` back, as ClickSend would have stamped it then. */
export function aged(request: WebhookRequest, ageSeconds: number, now: Date): WebhookRequest {
  const timestamp = String(unix(now) - ageSeconds);
  const text = typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
  if (request.method === 'GET') {
    const url = new URL(request.url);
    url.searchParams.set('timestamp', timestamp);
    return { ...request, url: url.toString() };
  }
  if (String(request.headers['content-type']).includes('json')) return { ...request, body: JSON.stringify({ ...(JSON.parse(text) as object), timestamp: Number(timestamp) }) };
  const form = new URLSearchParams(text);
  form.set('timestamp', timestamp);
  return { ...request, body: form.toString() };
}

/** The contract's webhook fixture: receipts as form posts, replies as JSON posts, the secret as Basic credentials. */
export function clicksendWebhookFixture(double: ClickSendDouble): NonNullable<ChannelContractSetup['webhooks']> {
  const sent = (id: string): Partial<QueuedSms> & { message_id: string } => double.queued.find((m) => m.message_id === id) ?? { message_id: id };
  return {
    receipt: async (providerMessageId, status, now) =>
      clicksendWebhook(receiptFields(providerMessageId, RECEIPT_FOR[status], now, sent(providerMessageId).custom_string ?? null), { format: 'post', secret: 'basic' }),
    reply: async (from, text, inReplyTo, now) => clicksendWebhook(inboundFields(from, text, now, sent(inReplyTo)), { format: 'json', secret: 'basic' }),
    replyFrom: CUSTOMER,
    // ClickSend signs no body: what proves a request is the secret, so a forger's is wrong.
    tamper: (request) => ({ ...request, headers: { ...request.headers, authorization: `Basic ${Buffer.from('clicksend:guessed-secret-0123456789').toString('base64')}` } }),
    stale: async (request, ageSeconds, now) => aged(request, ageSeconds, now),
  };
}
