import { ConnectorError, parseRetryAfter } from 'tickler/adapter';

/**
 * What the SDK throws for an HTTP answer outside 2xx: its `ApiException`, with the status
 * in `code`, HubSpot's error body (`{ message, category, correlationId, errors }`, as the
 * SDK's `Error` model keeps it) and the response headers, lower-cased.
 */
interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

const isApiException = (e: unknown): e is ApiExceptionLike =>
  typeof (e as { code?: unknown } | null)?.code === 'number' && typeof (e as { headers?: unknown }).headers === 'object' && (e as { headers?: unknown }).headers !== null;

/** HubSpot's own words from an error body, with the first detail when it adds one. */
function hubspotMessage(body: unknown, status: number): { text: string; category: string | null } {
  if (typeof body === 'string' && body.trim() !== '') return { text: `HTTP ${status}: ${body.trim().replace(/\s+/g, ' ').slice(0, 300)}`, category: null };
  const b = (body ?? {}) as { message?: unknown; category?: unknown; errors?: unknown };
  const category = typeof b.category === 'string' ? b.category : null;
  let text = typeof b.message === 'string' && b.message !== '' ? b.message : `HTTP ${status}`;
  const first = Array.isArray(b.errors) ? (b.errors[0] as { message?: unknown } | undefined) : undefined;
  // HubSpot often quotes its details inside the message as JSON: compare unescaped.
  if (typeof first?.message === 'string' && first.message !== '' && !text.replace(/\\"/g, '"').includes(first.message)) text = `${text}: ${first.message}`;
  return { text, category };
}

/** Milliseconds from a `Retry-After` header: seconds as HubSpot sends it, or an HTTP date against the answer's own `Date`. */
function retryAfter(headers: Record<string, string>): number | null {
  const value = headers['retry-after'];
  if (value === undefined) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return parseRetryAfter(value, new Date(0));
  const date = headers.date === undefined ? Number.NaN : Date.parse(headers.date);
  return Number.isNaN(date) ? null : parseRetryAfter(value, new Date(date));
}

/**
 * How long a 429 asks to wait. HubSpot documents no `Retry-After` on 429 but sends its
 * rate-limit headers: an exhausted daily limit waits `dailyLimitWaitMs`; an exhausted
 * rolling window (`X-HubSpot-RateLimit-Remaining: 0`) waits the window,
 * `X-HubSpot-RateLimit-Interval-Milliseconds`; else `limitWaitMs`.
 */
function rateLimitWait(headers: Record<string, string>, message: string, options: HubSpotErrorOptions): number {
  const after = retryAfter(headers);
  if (after !== null) return after;
  if (headers['x-hubspot-ratelimit-daily-remaining'] === '0' || /daily limit/i.test(message)) return options.dailyLimitWaitMs;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  if (headers['x-hubspot-ratelimit-remaining'] === '0' && Number.isInteger(interval) && interval > 0) return interval;
  return options.limitWaitMs;
}

/** The waits {@link hubspotError} falls back on. */
export interface HubSpotErrorOptions {
  limitWaitMs: number;
  dailyLimitWaitMs: number;
  /** The scopes the caller needs, named in the advice for a 403. Default the connector's (tasks and owners). */
  scopes?: string | undefined;
}

/**
 * The {@link ConnectorError} for what the SDK threw. 401 is refused credentials; 429 a
 * rate limit (waiting as {@link rateLimitWait} says); 423 a lock HubSpot holds for two
 * seconds; 477 an account migration (with `Retry-After`); 408, 409, 425 and 5xx
 * retryable; other answers final with HubSpot's own message. No answer at all (a reset
 * connection, an unreadable body) is retryable: the outcome is unknown.
 */
export function hubspotError(error: unknown, options: HubSpotErrorOptions): ConnectorError {
  if (!isApiException(error)) {
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? ((error as { code: string }).code) : null;
    return new ConnectorError(`HubSpot did not answer: ${message.split('\n')[0] ?? message}`, { retryable: true, providerCode: code, cause: error });
  }
  const status = error.code;
  const { text, category } = hubspotMessage(error.body, status);
  const message = `HubSpot: ${text}${category === null ? '' : ` (${category})`}`;
  const base = { status, providerCode: category, cause: error };
  if (status === 401) return new ConnectorError(message, { ...base, retryable: false, unauthorized: true });
  if (status === 429) return new ConnectorError(message, { ...base, retryable: true, retryAfterMs: rateLimitWait(error.headers, text, options) });
  if (status === 423) return new ConnectorError(message, { ...base, retryable: true, retryAfterMs: retryAfter(error.headers) ?? 2_000 });
  if (status === 477 || status === 408 || status === 409 || status === 425 || status >= 500) return new ConnectorError(message, { ...base, retryable: true, retryAfterMs: retryAfter(error.headers) });
  if (status === 403) return new ConnectorError(`${message}; check the app's scopes (${options.scopes ?? 'crm.objects.contacts.write for tasks, crm.objects.owners.read for owners'}).`, { ...base, retryable: false });
  return new ConnectorError(message, { ...base, retryable: false });
}
