import type { ResolvedClickSendConfig } from './clicksend-config';

/** The path of ClickSend's Send SMS call, under the API host. */
export const SEND_SMS_PATH = '/v3/sms/send';

/** One message of a Send SMS request, in ClickSend's field names. */
export interface ClickSendSmsMessage {
  /** Where the message comes from, shown in ClickSend's reports: `tickler` by default. */
  source: string;
  /** The sender ID; left out to use the account's default sender. */
  from?: string;
  /** The recipient in E.164. */
  to: string;
  /** The text. */
  body: string;
  /** "Your reference": echoed in the response, in every delivery receipt and in replies. tickler puts the idempotency key here. */
  custom_string: string;
}

/** The body of `POST /v3/sms/send`. */
export interface ClickSendSendRequest {
  /** Up to 1000 messages; tickler sends one. */
  messages: ClickSendSmsMessage[];
}

/** One message of the Send SMS answer (the fields tickler reads). */
export interface ClickSendSentMessage {
  /** ClickSend's id of the message: an upper-case UUID. */
  message_id?: string | null;
  /** This message's own outcome: `SUCCESS`, or why it was not queued (`INVALID_RECIPIENT`, `INSUFFICIENT_CREDIT`…). */
  status?: string | null;
  /** The recipient, as ClickSend read it. */
  to?: string | null;
}

/** ClickSend's answer envelope: the same shape for successes and errors. */
export interface ClickSendEnvelope {
  /** The HTTP status, repeated. */
  http_code?: number | string | null;
  /** `SUCCESS`, `BAD_REQUEST`, `UNAUTHORIZED`, `TOO_MANY_REQUESTS`… */
  response_code?: string | null;
  /** A sentence about the outcome. */
  response_msg?: string | null;
  /** For Send SMS: the messages with their ids and statuses. */
  data?: { messages?: ClickSendSentMessage[] | null } | null;
}

/** What came back from one call: the status, the headers and the body as it could be read. */
export interface ClickSendHttpAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON envelope, or null when the body was not JSON. */
  envelope: ClickSendEnvelope | null;
  /** The raw body, for messages when it was not JSON. */
  text: string;
}

function basicAuth(username: string, apiKey: string): string {
  return `Basic ${Buffer.from(`${username}:${apiKey}`, 'utf8').toString('base64')}`;
}

function readEnvelope(text: string): ClickSendEnvelope | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Posts one Send SMS request and reads the whole answer. Rejects only when no answer
 * arrived (network error, timeout, abort); every HTTP status resolves.
 */
export async function postSendSms(config: ResolvedClickSendConfig, request: ClickSendSendRequest, signal: AbortSignal): Promise<ClickSendHttpAnswer> {
  const response = await fetch(`${config.apiBaseUrl}${SEND_SMS_PATH}`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(config.username, config.apiKey),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(request),
    signal,
    // A redirected POST would turn into a GET and lose the message; report it instead.
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, envelope: readEnvelope(text), text };
}
