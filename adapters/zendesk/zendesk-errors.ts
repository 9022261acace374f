import { AbortedWhileWaiting, ConnectorError, connectorErrorForStatus, isConnectorError, parseRetryAfter } from 'tickler/adapter';
import { ZendeskHttpError } from './zendesk-transport';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * Zendesk's own words from an error body: `{ error, description, details }` (details
 * being `{ field: [{ description, error }] }` for a 422 RecordInvalid), the
 * `{ error: { title, message } }` form of some endpoints, or a text body.
 */
function providerWords(body: unknown): { message: string | null; code: string | null } {
  if (typeof body === 'string') return { message: text(body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' '))?.slice(0, 300) ?? null, code: null };
  if (typeof body !== 'object' || body === null) return { message: null, code: null };
  const { error, description, details } = body as { error?: unknown; description?: unknown; details?: unknown };
  if (typeof error === 'object' && error !== null) {
    const { title, message } = error as { title?: unknown; message?: unknown };
    return { message: [text(title), text(message)].filter((t) => t !== null).join(': ') || null, code: text(title) };
  }
  const reasons: string[] = [];
  if (typeof details === 'object' && details !== null) {
    for (const [field, list] of Object.entries(details as Record<string, unknown>)) {
      for (const item of Array.isArray(list) ? (list as unknown[]) : [list]) {
        const entry = (item ?? {}) as { description?: unknown; error?: unknown };
        const said = text(entry.description) ?? (text(entry.error) === null ? null : `${field}: ${text(entry.error) as string}`);
        if (said !== null) reasons.push(said);
      }
    }
  }
  const head = text(description) ?? text(error);
  const message = [head, reasons.join('; ')].filter((t) => t !== null && t !== '').join(': ');
  const code = text(error);
  return { message: message === '' ? null : message, code: code !== null && /^[A-Za-z]+$/.test(code) ? code : null };
}

/** The wait a `Retry-After` asks for: seconds, or an HTTP date read against the answer's own `Date` (never this machine's clock). */
function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value === null) return null;
  const date = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(date) && !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  return parseRetryAfter(value, new Date(Number.isNaN(date) ? 0 : date));
}

/**
 * How long Zendesk asked to wait: `Retry-After`, else `ratelimit-reset` (seconds), else
 * the longest `resets=` of an exhausted `Zendesk-RateLimit-<endpoint>` header.
 */
export function rateLimitWait(headers: Headers): number | null {
  const retryAfter = retryAfterMs(headers);
  if (retryAfter !== null) return retryAfter;
  const reset = Number(headers.get('ratelimit-reset') ?? NaN);
  if (Number.isFinite(reset) && reset >= 0) return reset * 1000;
  let longest: number | null = null;
  headers.forEach((value, name) => {
    if (!name.toLowerCase().startsWith('zendesk-ratelimit-')) return;
    const remaining = /remaining=(\d+)/.exec(value)?.[1];
    const resets = /resets=(\d+)/.exec(value)?.[1];
    if (remaining === '0' && resets !== undefined) longest = Math.max(longest ?? 0, Number(resets) * 1000);
  });
  return longest;
}

/** The network failure under a fetch `TypeError` (`ECONNRESET`, `UND_ERR_SOCKET`…), or null. */
function networkCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : null;
}

/**
 * The {@link ConnectorError} for what a Zendesk call threw: 401 refused credentials; 429
 * retryable after `Retry-After` (or the rate-limit headers, else `limitWaitMs`); 409 (a
 * concurrent write) and 5xx retryable; other 4xx (422 RecordInvalid, 403, 404) final with
 * Zendesk's own message; no answer (reset connection, timeout, abort) retryable, since the
 * retry looks the ticket up before creating one.
 */
export function zendeskError(error: unknown, options: { limitWaitMs: number; signal: AbortSignal }): ConnectorError {
  if (isConnectorError(error)) return error;
  if (error instanceof ZendeskHttpError) {
    const { message, code } = providerWords(error.body);
    const said = `Zendesk answered HTTP ${error.status}${code === null ? '' : ` ${code}`}: ${message ?? 'no message'}`;
    if (error.status === 401) return connectorErrorForStatus(`Zendesk refused the credentials (HTTP 401): ${message ?? 'no message'}`, 401, { providerCode: code, cause: error });
    if (error.status === 429) return connectorErrorForStatus(said, 429, { retryAfterMs: rateLimitWait(error.headers) ?? options.limitWaitMs, providerCode: code, cause: error });
    return connectorErrorForStatus(said, error.status, { retryAfterMs: error.status >= 500 ? retryAfterMs(error.headers) : null, providerCode: code, cause: error });
  }
  if (error instanceof AbortedWhileWaiting || options.signal.aborted) {
    return new ConnectorError('Zendesk did not answer in time; the ticket may exist, and the retry looks it up by external_id before creating one.', { retryable: true, cause: error });
  }
  const code = networkCode(error);
  const why = error instanceof Error ? error.message : String(error);
  return new ConnectorError(`Zendesk did not answer (${code ?? why}); the ticket may exist, and the retry looks it up by external_id before creating one.`, { retryable: true, providerCode: code, cause: error });
}
