import { AbortedWhileWaiting, parseRetryAfter, SourceError, sourceErrorForStatus } from 'tickler/adapter';
import type { ZohoAnswer } from './zoho-client';
import { describeZohoError, type ZohoErrorItem } from './zoho-errors';

/**
 * The {@link SourceError} for an answer of the records API that is not a success: 401
 * `INVALID_TOKEN` or `AUTHENTICATION_FAILURE` are refused credentials (tickler refreshes
 * once); 401 `OAUTH_SCOPE_MISMATCH` is final, since a fresh token has the same scopes;
 * 429 `TOO_MANY_REQUESTS` waits `Retry-After` when sent, else `rateLimitWaitMs`; 5xx are
 * retried; other 4xx (`INVALID_DATA`, `NO_PERMISSION`, `INVALID_MODULE`) are final.
 */
export function zohoSourceAnswerError(answer: ZohoAnswer, module: string, options: { rateLimitWaitMs: number; now: Date }): SourceError {
  const item = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as ZohoErrorItem;
  const { code, text } = describeZohoError(item, `HTTP ${answer.status}`);
  const message = `Zoho CRM refused the read of ${module}: ${text}`;
  if (code === 'OAUTH_SCOPE_MISMATCH') return new SourceError(`${message}. Give the token the scope ZohoCRM.modules.${module.toLowerCase()}.READ.`, { retryable: false, status: answer.status, providerCode: code });
  if (answer.status === 429 || code === 'TOO_MANY_REQUESTS') {
    const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), options.now) ?? options.rateLimitWaitMs;
    return new SourceError(message, { retryable: true, retryAfterMs, status: answer.status, providerCode: code });
  }
  return sourceErrorForStatus(message, answer.status, { providerCode: code, retryAfterMs: answer.status === 503 ? parseRetryAfter(answer.headers.get('retry-after'), options.now) : null });
}

/** The {@link SourceError} for a read that got no answer (a reset connection, DNS, TLS, a timeout): retryable. */
export function zohoSourceUnreachable(error: unknown, module: string): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof AbortedWhileWaiting) return new SourceError(`Zoho CRM did not answer the read of ${module} in time.`, { retryable: true, cause: error });
  // Node's fetch says only "fetch failed"; the reason (ECONNRESET, ENOTFOUND…) is in its cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const pick = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const detail = pick(cause?.code) ?? pick(cause?.message) ?? (error instanceof Error ? error.message : String(error));
  return new SourceError(`Zoho CRM did not answer the read of ${module} (${detail}).`, { retryable: true, providerCode: pick(cause?.code), cause: error });
}
