import { ConnectorError, connectorErrorForStatus, parseRetryAfter } from 'tickler/adapter';
import type { ZohoAnswer } from './zoho-client';

/** Zoho's error object, request-level (the whole body) or record-level (an item of `data`). */
export interface ZohoErrorItem {
  /** Such as `INVALID_TOKEN`, `MANDATORY_NOT_FOUND`, `DUPLICATE_DATA`. */
  code?: unknown;
  /** Zoho's own words, such as `required field not found`. */
  message?: unknown;
  /** `api_name` of the field at fault, `duplicate_record` of a unique field's clash… */
  details?: unknown;
  /** `error`. */
  status?: unknown;
}

/** Record-level codes a later attempt can get past. */
const TRANSIENT = new Set(['INTERNAL_ERROR', 'INTERNAL_SERVER_ERROR', 'RECORD_LOCKED']);

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Zoho's code, message and field of an error object, as one sentence ending: `required field not found (MANDATORY_NOT_FOUND, field Subject)`. */
export function describeZohoError(item: ZohoErrorItem, fallback: string): { code: string | null; text: string } {
  const code = text(item.code);
  const details = (typeof item.details === 'object' && item.details !== null ? item.details : {}) as { api_name?: unknown };
  const field = text(details.api_name);
  const why = [code, field === null ? null : `field ${field}`].filter((p) => p !== null).join(', ');
  return { code, text: `${text(item.message) ?? fallback}${why === '' ? '' : ` (${why})`}` };
}

/**
 * The {@link ConnectorError} for a record-level error inside `data` (Zoho validated the
 * record and refused it): final, with Zoho's message, except the few a retry can pass.
 */
export function zohoRecordError(item: ZohoErrorItem, what: string, status: number): ConnectorError {
  const { code, text: words } = describeZohoError(item, 'the record was refused');
  return new ConnectorError(`Zoho CRM ${what}: ${words}`, { retryable: code !== null && TRANSIENT.has(code), status, providerCode: code });
}

/**
 * The {@link ConnectorError} for a request-level answer that is not a success: 401
 * `INVALID_TOKEN` and `AUTHENTICATION_FAILURE` are refused credentials (tickler refreshes
 * once); 401 `OAUTH_SCOPE_MISMATCH` is final, since a fresh token has the same scopes;
 * 429 `TOO_MANY_REQUESTS` waits `Retry-After` when sent, else `rateLimitWaitMs`; 5xx are
 * retried; other 4xx are final with Zoho's message.
 */
export function zohoAnswerError(answer: ZohoAnswer, what: string, options: { rateLimitWaitMs: number; now: Date }): ConnectorError {
  const item = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as ZohoErrorItem;
  const { code, text: words } = describeZohoError(item, `HTTP ${answer.status}`);
  const message = `Zoho CRM ${what}: ${words}`;
  if (code === 'OAUTH_SCOPE_MISMATCH') {
    return new ConnectorError(`${message}. Give the token the scopes ZohoCRM.modules.tasks.CREATE, ZohoCRM.modules.tasks.READ and ZohoCRM.users.READ.`, { retryable: false, status: answer.status, providerCode: code });
  }
  if (answer.status === 401) return new ConnectorError(message, { retryable: false, unauthorized: true, status: 401, providerCode: code });
  if (answer.status === 429 || code === 'TOO_MANY_REQUESTS') {
    const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), options.now) ?? options.rateLimitWaitMs;
    return new ConnectorError(message, { retryable: true, retryAfterMs, status: answer.status, providerCode: code });
  }
  return connectorErrorForStatus(message, answer.status, { providerCode: code, retryAfterMs: answer.status === 503 ? parseRetryAfter(answer.headers.get('retry-after'), options.now) : null });
}

/** The {@link ConnectorError} for a call that got no answer (a reset connection, DNS, TLS): retryable, the outcome unknown. */
export function zohoUnreachable(error: unknown, what: string): ConnectorError {
  // Node's fetch says only "fetch failed"; the reason (ECONNRESET, ENOTFOUND…) is in its cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = text(cause?.code) ?? text(cause?.message) ?? (error instanceof Error ? error.message : String(error));
  return new ConnectorError(`Zoho CRM did not answer ${what} (${detail}); the retry finds the task if it was made.`, { retryable: true, providerCode: text(cause?.code), cause: error });
}
