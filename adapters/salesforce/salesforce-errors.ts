import { ConnectorError } from 'tickler/adapter';

/** Salesforce error codes a retry can get past. */
const RETRYABLE = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'REQUEST_RUNNING_TOO_LONG', 'QUERY_TIMEOUT', 'TXN_SECURITY_METERING_ERROR']);

interface JsforceError {
  /** jsforce's HttpApiError: Salesforce's `errorCode`, or `ERROR_HTTP_<status>` for an answer that was not Salesforce's JSON. */
  errorCode?: unknown;
  message?: unknown;
  /** node-fetch's system error code (`ECONNRESET`…) when no answer arrived. */
  code?: unknown;
}

/**
 * The {@link ConnectorError} for what jsforce threw. Salesforce answers errors as
 * `[{ message, errorCode, fields }]`; jsforce keeps `errorCode` and `message` but not the
 * HTTP status, so the code decides: `INVALID_SESSION_ID` is refused credentials,
 * `REQUEST_LIMIT_EXCEEDED` an API limit (retried after `limitWaitMs`, as Salesforce
 * sends no Retry-After), row locks and server errors retryable, the rest (validation,
 * missing fields, bad ids) final with Salesforce's own message.
 */
export function salesforceError(error: unknown, options: { limitWaitMs: number }): ConnectorError {
  const e = (error ?? {}) as JsforceError;
  const code = typeof e.errorCode === 'string' ? e.errorCode : null;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (code === null) {
    // No answer (a reset connection, a timeout): the outcome is unknown.
    return new ConnectorError(`Salesforce did not answer: ${message}`, { retryable: true, providerCode: typeof e.code === 'string' ? e.code : null, cause: error });
  }
  const http = /^ERROR_HTTP_(\d{3})$/.exec(code);
  const status = http === null ? null : Number(http[1]);
  const text = `Salesforce: ${message.split('\n')[0] ?? message} (${code})`;
  if (code === 'INVALID_SESSION_ID' || status === 401) return new ConnectorError(text, { retryable: false, unauthorized: true, status: 401, providerCode: code, cause: error });
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new ConnectorError(text, { retryable: true, retryAfterMs: options.limitWaitMs, status: 403, providerCode: code, cause: error });
  if (status === 429) return new ConnectorError(text, { retryable: true, retryAfterMs: options.limitWaitMs, status, providerCode: code, cause: error });
  if (RETRYABLE.has(code) || (status !== null && status >= 500)) return new ConnectorError(text, { retryable: true, status, providerCode: code, cause: error });
  return new ConnectorError(text, { retryable: false, status: status ?? 400, providerCode: code, cause: error });
}
