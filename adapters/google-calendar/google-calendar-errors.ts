import { ConnectorError, parseRetryAfter } from 'tickler/adapter';

/** The `usageLimits` reasons a wait gets past: the per-minute quotas, and Calendar's own usage limits. */
const RATE_LIMITS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

interface GaxiosLikeError {
  /** The HTTP status, when an answer arrived. */
  status?: unknown;
  /** A system error code (`ECONNRESET`), `TimeoutError`, `AbortError`… when none did. */
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; headers?: unknown; data?: unknown } | undefined;
}

/** Google's JSON error body: `{ error: { code, message, errors: [{ domain, reason, message }], status } }`. */
interface GoogleErrorBody {
  error?: { code?: unknown; message?: unknown; status?: unknown; errors?: { domain?: unknown; reason?: unknown; message?: unknown }[] } | undefined;
}

/** A response header, from gaxios 7's `Headers` or an older client's plain object. */
function header(headers: unknown, name: string): string | null {
  if (headers === null || typeof headers !== 'object') return null;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/**
 * `Retry-After` in milliseconds, or null. An HTTP date is read against Google's own
 * clock (its `Date` header), as adapters do not read the wall clock.
 */
function retryAfter(headers: unknown): number | null {
  const raw = header(headers, 'retry-after');
  if (raw === null) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return parseRetryAfter(raw, new Date(0));
  const date = header(headers, 'date');
  const ms = date === null ? null : parseRetryAfter(raw, new Date(date));
  return ms !== null && Number.isFinite(ms) ? ms : null;
}

/** What Google said: its message, and the first error's reason (`duplicate`, `rateLimitExceeded`, `authError`…). */
export function googleErrorOf(error: unknown): { status: number | null; message: string; reason: string | null } {
  const e = (error ?? {}) as GaxiosLikeError;
  const status = typeof e.response?.status === 'number' ? e.response.status : typeof e.status === 'number' ? e.status : null;
  const body = (typeof e.response?.data === 'object' && e.response.data !== null ? e.response.data : {}) as GoogleErrorBody;
  const first = body.error?.errors?.[0];
  const reason = typeof first?.reason === 'string' ? first.reason : null;
  const message = typeof body.error?.message === 'string' ? body.error.message : typeof first?.message === 'string' ? first.message : typeof e.message === 'string' ? e.message : String(error);
  // A proxy's HTML error page is no message for people: keep the start of it.
  return { status, message: message.length > 500 ? `${message.slice(0, 500)}…` : message, reason };
}

/**
 * The {@link ConnectorError} for what the SDK (gaxios) threw. No answer (a reset
 * connection, a timeout, an abort) is retryable: the outcome is unknown, and the retry's
 * insert finds the event by its id. 401 is refused credentials; 429 and 403 with a
 * `usageLimits` reason are rate limits, retried after `Retry-After` or `rateLimitWaitMs`;
 * 5xx and 408 are retryable; the rest (400 `invalid`, `timeRangeEmpty`, 403
 * `forbidden`, 404 `notFound`…) are final with Google's own message.
 */
export function googleCalendarError(error: unknown, options: { rateLimitWaitMs: number }): ConnectorError {
  const { status, message, reason } = googleErrorOf(error);
  if (status === null) {
    const code = (error as GaxiosLikeError | null)?.code;
    return new ConnectorError(`Google Calendar did not answer: ${message}`, { retryable: true, providerCode: typeof code === 'string' ? code : null, cause: error });
  }
  const text = `Google Calendar: ${message} (${reason ?? `HTTP ${status}`})`;
  const base = { status, providerCode: reason, cause: error };
  if (status === 401) return new ConnectorError(text, { ...base, retryable: false, unauthorized: true });
  const retryAfterMs = retryAfter((error as GaxiosLikeError).response?.headers);
  if (status === 429 || (status === 403 && reason !== null && RATE_LIMITS.has(reason))) {
    return new ConnectorError(text, { ...base, retryable: true, retryAfterMs: retryAfterMs ?? options.rateLimitWaitMs });
  }
  if (status >= 500 || status === 408) return new ConnectorError(text, { ...base, retryable: true, retryAfterMs });
  return new ConnectorError(text, { ...base, retryable: false });
}
