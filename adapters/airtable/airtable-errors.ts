import { ConnectorError, connectorErrorForStatus } from 'tickler/adapter';

/**
 * What airtable.js rejects with: an `AirtableError` (not an `Error`) with Airtable's
 * error type in `error`, a message and the HTTP status; or, when no answer arrived,
 * node-fetch's `FetchError` (`code` such as `ECONNRESET`) or `AbortError` (its request
 * timeout).
 */
interface SdkError {
  error?: unknown;
  message?: unknown;
  statusCode?: unknown;
  name?: unknown;
  code?: unknown;
}

/** Where the connector writes, for messages a person can act on. */
interface Target {
  baseId: string;
  table: string;
  rateLimitWaitMs: number;
}

/**
 * The {@link ConnectorError} for what airtable.js threw. Airtable answers errors as
 * `{ error: { type, message } }`; airtable.js keeps the type and message of 404, 422 and
 * other 4xx answers, but replaces the message of 401, 403, 413, 429, 500 and 503 with its
 * own, and drops the headers. So: 401 is refused credentials; 429 is retried after
 * `rateLimitWaitMs` (Airtable asks for 30 seconds and sends no Retry-After); 5xx, 408,
 * 409 and no answer at all are retryable; every other 4xx is final, with Airtable's words.
 */
export function airtableError(error: unknown, target: Target): ConnectorError {
  const e = (error ?? {}) as SdkError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  const type = typeof e.error === 'string' ? e.error : null;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (status === null) {
    // No answer (a reset connection, airtable.js's timeout): the record may or may not exist.
    const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : type;
    return new ConnectorError(`Airtable did not answer: ${message}`, { retryable: true, providerCode: code, cause: error });
  }
  const text = `Airtable: ${message}${type === null ? '' : ` (${type})`}`;
  const options = { providerCode: type, cause: error };
  if (status === 401) return new ConnectorError(`${text}. The access token was refused.`, { ...options, retryable: false, unauthorized: true, status });
  if (status === 429) return new ConnectorError(text, { ...options, retryable: true, retryAfterMs: target.rateLimitWaitMs, status });
  if (status === 403) {
    return new ConnectorError(`${text}. Give the token the data.records:write scope and access to base ${target.baseId}, make its user an editor of the base, and check that table "${target.table}" exists.`, { ...options, retryable: false, status });
  }
  if (status === 404) return new ConnectorError(`${text}. Check baseId ${target.baseId} and table "${target.table}".`, { ...options, retryable: false, status });
  // A 2xx airtable.js could not read (not JSON): Airtable may hold the record; the retry upserts the same one.
  if (status < 400) return new ConnectorError(text, { ...options, retryable: true, status });
  return connectorErrorForStatus(text, status, options);
}
