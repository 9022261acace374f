import { randomBytes } from 'node:crypto';
import { startScriptedServer, type ProviderReply, type RecordedRequest, type ScriptedServer } from '../support/scripted-server';

/** A Twilio error as the REST API reports it. */
export interface TwilioErrorReply {
  status: number;
  code: number;
  message: string;
}

/** The Twilio API double: a scripted server speaking the 2010-04-01 Messages API. */
export interface TwilioDouble extends ScriptedServer {
  /** What a scripted `reject` answers from now on (default 400 / 21211 invalid To). */
  rejectWith(error: TwilioErrorReply): void;
  /** From now on, a scripted `rate-limit` sends `Retry-After` as an HTTP date: `base` plus the seconds. */
  retryAfterAsDate(base: Date): void;
}

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const MESSAGING_SERVICE_SID = `MG${'b2'.repeat(16)}`;
export const CONTENT_SID = `HX${'c3'.repeat(16)}`;

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

function errorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The Message resource Twilio answers a create with (201). */
function messageResource(request: RecordedRequest, accountSid: string) {
  const form = request.form ?? new URLSearchParams();
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const date = new Date().toUTCString().replace('GMT', '+0000');
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: form.get('Body') ?? '',
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: form.get('From'),
    messaging_service_sid: form.get('MessagingServiceSid'),
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid,
    status: form.has('MessagingServiceSid') && !form.has('From') ? 'accepted' : 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to: form.get('To'),
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
  };
}

/** Twilio checks the path and Basic credentials before anything scripted. */
function gatekeeper(request: RecordedRequest): ProviderReply | null {
  const match = MESSAGES_PATH.exec(request.path);
  if (request.method !== 'POST' || match === null) return { status: 404, body: errorBody(404, 20404, `The requested resource ${request.path} was not found`) };
  const expected = `Basic ${Buffer.from(`${match[1]}:${AUTH_TOKEN}`).toString('base64')}`;
  if (request.headers.authorization !== expected) return { status: 401, body: errorBody(401, 20003, 'Authenticate') };
  if (request.form === null || !request.form.has('To')) return { status: 400, body: errorBody(400, 21604, "A 'To' phone number is required.") };
  return null;
}

/** Starts the double on 127.0.0.1; point a channel at it with `apiBaseUrl: double.url`. */
export async function startTwilioDouble(): Promise<TwilioDouble> {
  let rejection: TwilioErrorReply | null = null;
  let dateBase: Date | null = null;
  const server = await startScriptedServer((response, request) => {
    const refused = gatekeeper(request);
    if (refused !== null) return refused;
    switch (response.type) {
      case 'accept':
        return { status: 201, body: messageResource(request, MESSAGES_PATH.exec(request.path)?.[1] ?? '') };
      case 'reject': {
        const to = request.form?.get('To') ?? '';
        const { status, code, message } = rejection ?? { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` };
        return { status, body: errorBody(status, code, message) };
      }
      case 'rate-limit': {
        const seconds = response.retryAfterSeconds;
        const retryAfter = dateBase === null ? String(seconds) : new Date(dateBase.getTime() + seconds * 1000).toUTCString();
        return { status: 429, headers: { 'Retry-After': retryAfter }, body: errorBody(429, 20429, 'Too Many Requests') };
      }
      case 'server-error':
        return { status: 500, body: errorBody(500, 20500, 'An internal server error has occurred') };
    }
  });
  return Object.assign(server, {
    rejectWith: (error: TwilioErrorReply) => void (rejection = error),
    retryAfterAsDate: (base: Date) => void (dateBase = base),
  });
}
