import { AbortedWhileWaiting, SourceError, parseRetryAfter, sourceErrorForStatus } from 'tickler/adapter';

/** What the SDK's `StripeError` carries (`error.type`, `error.code`, `error.message` of Stripe's body, the status and the headers). */
interface SdkError {
  /** The SDK's class name, such as `StripeRateLimitError` or `StripeConnectionError`. */
  type?: unknown;
  /** Stripe's `error.type`, such as `invalid_request_error` or `api_error`. */
  rawType?: unknown;
  /** Stripe's `error.code`, such as `rate_limit`, `resource_missing` or `lock_timeout`. */
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  headers?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function header(headers: unknown, name: string): string | null {
  if (typeof headers !== 'object' || headers === null) return null;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) if (key.toLowerCase() === name) return text(Array.isArray(value) ? (value as unknown[])[0] : value);
  return null;
}

/**
 * The {@link SourceError} for what a Stripe call threw. Stripe answers errors as
 * `{ error: { type, code, message, param } }`; the SDK keeps them with the HTTP status and
 * headers. 401 (a revoked or wrong key) is refused credentials; 429 (`rate_limit`) is
 * retryable, after `Retry-After` when Stripe sends one (it usually does not: tickler then
 * backs off on its own); 5xx and no answer at all are retryable; `Stripe-Should-Retry`
 * overrides the status either way when present (Stripe sets it on a `lock_timeout` 409);
 * other 4xx are final, with Stripe's own message and code.
 */
export function stripeSourceError(error: unknown, now: Date): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof AbortedWhileWaiting) return new SourceError('Stripe did not answer in time.', { retryable: true, cause: error });
  const e = (error ?? {}) as SdkError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  const code = text(e.code);
  const message = text(e.message) ?? String(error);
  if (status === null) {
    // StripeConnectionError: no answer (a reset connection, a timeout).
    return new SourceError(`Stripe did not answer: ${message}`, { retryable: true, providerCode: code ?? text(e.type), cause: error });
  }
  const words = `Stripe: ${message} (${code ?? text(e.rawType) ?? status})`;
  const retryAfterMs = parseRetryAfter(header(e.headers, 'retry-after'), now);
  const shouldRetry = header(e.headers, 'stripe-should-retry');
  const providerCode = code ?? text(e.rawType);
  // The SDK also reads a 400 with code rate_limit as a rate limit.
  if (status === 429 || code === 'rate_limit') return new SourceError(words, { retryable: true, status, providerCode, retryAfterMs, cause: error });
  const base = sourceErrorForStatus(words, status, { providerCode, retryAfterMs, cause: error });
  if (shouldRetry === null || base.unauthorized || base.retryable === (shouldRetry === 'true')) return base;
  return new SourceError(words, { retryable: shouldRetry === 'true', status, providerCode, retryAfterMs, cause: error });
}

/** True when Stripe answered that an object (or a list's `ending_before` object) does not exist. */
export function isResourceMissing(error: unknown): boolean {
  if (error instanceof SourceError) return error.providerCode === 'resource_missing';
  return ((error ?? {}) as SdkError).code === 'resource_missing';
}
