import { randomUUID } from 'node:crypto';
import { startScriptedServer, type ProviderReply, type RecordedRequest, type ScriptedServer } from '../support/scripted-server';

export const USERNAME = 'acme-api';
export const API_KEY = 'E1F2A3B4-C5D6-4E7F-8091-A2B3C4D5E6F7';
export const SEND_PATH = '/v3/sms/send';

/** A message the double queued, for receipts and replies about it. */
export interface QueuedSms {
  message_id: string;
  to: string;
  from: string | null;
  body: string;
  custom_string: string | null;
}

/** What a scripted `reject` answers. */
export type ClickSendRejection =
  /** An error envelope with this HTTP status and response_code (default 400 BAD_REQUEST). */
  | { kind: 'call'; status: number; responseCode: string; message: string }
  /** HTTP 200, the call accepted, but the message not queued: its own status says why. */
  | { kind: 'message'; status: string };

/** The ClickSend double: a scripted server speaking REST API v3's Send SMS. */
export interface ClickSendDouble extends ScriptedServer {
  /** Every message it queued, in order. */
  readonly queued: QueuedSms[];
  /** What a scripted `reject` answers from now on. */
  rejectWith(rejection: ClickSendRejection): void;
  /** From now on, a scripted `rate-limit` sends `Retry-After` as an HTTP date, `base` plus the seconds, with `Date: base`. */
  retryAfterAsDate(base: Date): void;
}

/** ClickSend's envelope, the same for every answer. */
export function envelope(httpCode: number, responseCode: string, message: string, data: unknown = null) {
  return { http_code: httpCode, response_code: responseCode, response_msg: message, data };
}

interface SmsIn {
  to?: unknown;
  from?: unknown;
  body?: unknown;
  source?: unknown;
  custom_string?: unknown;
  schedule?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** One message of the Send SMS answer, with the fields of ClickSend's documented example. */
function sentMessage(input: SmsIn, status: string, at: number): Record<string, unknown> {
  return {
    direction: 'out',
    date: at,
    to: text(input.to),
    body: text(input.body),
    from: text(input.from) ?? '+61411111111',
    schedule: at,
    message_id: randomUUID().toUpperCase(),
    message_parts: 1,
    message_price: '0.0792',
    from_email: null,
    list_id: null,
    custom_string: text(input.custom_string) ?? '',
    contact_id: null,
    user_id: 123456,
    subaccount_id: 123456,
    is_shared_system_number: false,
    country: 'AU',
    carrier: 'Telstra',
    status,
  };
}

/** The 200 answer to Send SMS, every message with `status`. */
function sendAnswer(messages: SmsIn[], status: string, at: number): { body: ReturnType<typeof envelope>; sent: Record<string, unknown>[] } {
  const sent = messages.map((m) => sentMessage(m, status, at));
  const queued = status === 'SUCCESS' ? sent.length : 0;
  const data = {
    total_price: queued * 0.0792,
    total_count: sent.length,
    queued_count: queued,
    messages: sent,
    _currency: { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' },
    blocked_count: 0,
  };
  return { body: envelope(200, 'SUCCESS', 'Messages queued for delivery.', data), sent };
}

/** ClickSend checks the route, the Basic credentials and the body before anything scripted. */
function gatekeeper(request: RecordedRequest): ProviderReply | null {
  if (request.method !== 'POST' || request.path !== SEND_PATH) return { status: 404, body: envelope(404, 'NOT_FOUND', 'Invalid endpoint. Please try again.') };
  const expected = `Basic ${Buffer.from(`${USERNAME}:${API_KEY}`).toString('base64')}`;
  if (request.headers.authorization !== expected) return { status: 401, body: envelope(401, 'UNAUTHORIZED', 'Invalid username or password.') };
  const messages = (request.json as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return { status: 400, body: envelope(400, 'BAD_REQUEST', 'Messages are required.') };
  return null;
}

/** Starts the double on 127.0.0.1; point a channel at it with `apiBaseUrl: double.url`. */
export async function startClickSendDouble(): Promise<ClickSendDouble> {
  let rejection: ClickSendRejection = { kind: 'call', status: 400, responseCode: 'BAD_REQUEST', message: 'The request was invalid or cannot be otherwise served.' };
  let dateBase: Date | null = null;
  const queued: QueuedSms[] = [];
  const server = await startScriptedServer((response, request) => {
    const refused = gatekeeper(request);
    if (refused !== null) return refused;
    const messages = (request.json as { messages: SmsIn[] }).messages;
    const at = Math.floor(Date.now() / 1000);
    switch (response.type) {
      case 'accept': {
        const { body, sent } = sendAnswer(messages, 'SUCCESS', at);
        for (const m of sent) queued.push({ message_id: String(m.message_id), to: String(m.to), from: text(m.from), body: String(m.body), custom_string: text(m.custom_string) });
        return { status: 200, body };
      }
      case 'reject':
        if (rejection.kind === 'message') return { status: 200, body: sendAnswer(messages, rejection.status, at).body };
        return { status: rejection.status, body: envelope(rejection.status, rejection.responseCode, rejection.message) };
      case 'rate-limit': {
        const seconds = response.retryAfterSeconds;
        const headers: Record<string, string> =
          dateBase === null ? { 'Retry-After': String(seconds) } : { 'Retry-After': new Date(dateBase.getTime() + seconds * 1000).toUTCString(), Date: dateBase.toUTCString() };
        return { status: 429, headers, body: envelope(429, 'TOO_MANY_REQUESTS', 'Too many requests.') };
      }
      case 'server-error':
        return { status: 500, body: envelope(500, 'INTERNAL_SERVER_ERROR', 'Internal server error.') };
    }
  });
  return Object.assign(server, {
    queued,
    rejectWith: (value: ClickSendRejection) => void (rejection = value),
    retryAfterAsDate: (base: Date) => void (dateBase = base),
  });
}
