import { ChannelError, parseRetryAfter } from 'tickler/adapter';
import { headerValue } from './sendgrid-headers';

/** One entry of SendGrid's `errors` array. */
interface SendGridErrorEntry {
  message: string | null;
  field: string | null;
}

interface FailedResponse {
  status: number;
  headers: unknown;
  body: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

// The SDK rejects with ResponseError { code: status, response: { headers, body } } for a
// status >= 400, and with the raw axios error (response: { status, headers, data }) otherwise.
function failedResponse(error: unknown): FailedResponse | null {
  if (!isRecord(error) || !isRecord(error.response)) return null;
  const response = error.response;
  if (typeof error.code === 'number') return { status: error.code, headers: response.headers, body: response.body };
  if (typeof response.status === 'number') return { status: response.status, headers: response.headers, body: response.data ?? response.body };
  return null;
}

function firstError(body: unknown): SendGridErrorEntry | null {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return body.trim() === '' ? null : { message: body.trim().slice(0, 200), field: null };
    }
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.errors)) return null;
  const first: unknown = parsed.errors[0];
  if (!isRecord(first)) return null;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  return { message: text(first.message), field: text(first.field) };
}

function describe(status: number, entry: SendGridErrorEntry | null): string {
  if (entry === null || (entry.message === null && entry.field === null)) return String(status);
  const field = entry.field === null ? '' : ` [field ${entry.field}]`;
  return `${status}: ${entry.message ?? 'no message'}${field}`;
}

// What a person can do about a 400, from the field SendGrid names.
function hintFor(field: string | null): string {
  if (field === null) return 'fix the email or the channel configuration; sending the same request again cannot succeed.';
  if (field.startsWith('from')) return "check the channel's from address: it must be a verified sender identity of the SendGrid account.";
  if (field.startsWith('reply_to')) return 'check the reply-to address.';
  if (field.startsWith('personalizations')) return 'check the recipient email addresses.';
  if (field.startsWith('template_id')) return 'check that the dynamic template exists in this SendGrid account and has an active version.';
  if (field.startsWith('categories')) return 'check the categories (at most 10, each at most 255 characters).';
  if (field.startsWith('custom_args')) return 'the custom arguments exceed 10,000 bytes; shorten the tenant id or the idempotency key.';
  if (field.startsWith('subject') || field.startsWith('content')) return 'check the template the email was rendered from.';
  return 'fix the email or the channel configuration; sending the same request again cannot succeed.';
}

function rateLimitWait(headers: unknown, now: Date): number | null {
  const retryAfter = parseRetryAfter(headerValue(headers, 'retry-after'), now);
  if (retryAfter !== null) return retryAfter;
  // SendGrid's documented rate-limit header: the end of the window, in epoch seconds.
  const reset = headerValue(headers, 'x-ratelimit-reset');
  if (reset === null || !/^\d+(\.\d+)?$/.test(reset)) return null;
  return Math.max(0, Math.round(Number(reset) * 1000 - now.getTime()));
}

function fromResponse(response: FailedResponse, cause: unknown, now: Date): ChannelError {
  const { status } = response;
  const entry = firstError(response.body);
  const said = describe(status, entry);
  const base = { status, providerCode: entry?.field ?? null, cause };
  if (status === 429) {
    const retryAfterMs = rateLimitWait(response.headers, now);
    const when = retryAfterMs === null ? 'later' : `in ${Math.ceil(retryAfterMs / 1000)} s`;
    return new ChannelError(`SendGrid is rate limiting this account (${said}); the email will be retried ${when}.`, { ...base, retryable: true, retryAfterMs });
  }
  if (status >= 500 || status === 408) {
    return new ChannelError(`SendGrid failed to take the email (${said}); it will be retried.`, { ...base, retryable: true });
  }
  const refused = (message: string) => new ChannelError(message, { ...base, retryable: false });
  if (status === 400) return refused(`SendGrid refused the email (${said}): ${hintFor(entry?.field ?? null)}`);
  if (status === 401) return refused(`SendGrid rejected the API key (${said}): check the apiKey of the SendGrid channel; it may be mistyped or revoked.`);
  if (status === 403) {
    return refused(`SendGrid forbade the send (${said}): check that the API key has the Mail Send permission and that the from address is a verified sender identity.`);
  }
  if (status === 413) return refused(`SendGrid refused the email as too large (${said}): keep the email and its content under SendGrid's 30 MB limit.`);
  if (status === 404 || status === 405) return refused(`SendGrid has no mail send endpoint there (${said}): check apiBaseUrl; it should be an API host such as https://api.sendgrid.com.`);
  return refused(`SendGrid refused the request (${said}): check the channel configuration (apiBaseUrl, apiKey).`);
}

/**
 * Turns whatever the SDK (or a host client) rejected with into a {@link ChannelError}:
 * 400/401/403/413 and other 4xx are final; 408, 429 (with the wait SendGrid asked for),
 * 5xx, network errors and timeouts are retryable.
 */
export function toSendGridChannelError(error: unknown, now: Date): ChannelError {
  const response = failedResponse(error);
  if (response !== null) return fromResponse(response, error, now);
  const message = error instanceof Error ? error.message : String(error);
  const code = isRecord(error) && typeof error.code === 'string' ? error.code : null;
  if (code !== null || (isRecord(error) && error.isAxiosError === true)) {
    // axios reports its timeout as ECONNABORTED (ETIMEDOUT with clarifyTimeoutError).
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
      return new ChannelError(`SendGrid did not answer in time (${message}); it may or may not have accepted the email, which will be retried.`, {
        retryable: true,
        cause: error,
      });
    }
    return new ChannelError(`Could not reach SendGrid (${code ?? 'network error'}: ${message}); the email will be retried.`, { retryable: true, cause: error });
  }
  // Without a response or a network code, the SDK refused the data before any request.
  return new ChannelError(`The SendGrid SDK refused the email before sending it (${message}): check the channel configuration and the message fields.`, {
    retryable: false,
    cause: error,
  });
}
