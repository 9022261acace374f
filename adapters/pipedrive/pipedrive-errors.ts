import { type ConnectorError, connectorErrorForStatus, parseRetryAfter } from 'tickler/adapter';

/** The headers of a failed answer that say how long to wait. */
export interface PipedriveWaitHeaders {
  /** `Retry-After`: seconds, or an HTTP date. */
  retryAfter: string | null;
  /** `x-ratelimit-reset`: seconds until the rate-limit window resets. */
  rateLimitReset: string | null;
  /** `Date`: the server's time, which an HTTP-date `Retry-After` is relative to. */
  date: string | null;
}

/** Pipedrive answered with an error status: the status, the wait headers and the body, which the SDK alone would drop. */
export class PipedriveHttpError extends Error {
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** The headers that say how long to wait. */
    readonly headers: PipedriveWaitHeaders,
    /** The body: Pipedrive's JSON (`{ success: false, error, error_info, … }`) or a proxy's text. */
    readonly body: unknown,
    cause: unknown,
  ) {
    super(`Pipedrive answered ${status}`, { cause });
    this.name = 'PipedriveHttpError';
  }
}

interface PipedriveErrorBody {
  /** The error in Pipedrive's words. */
  error?: unknown;
  /** v1's numeric code, such as 401. */
  errorCode?: unknown;
  /** v2's code, such as `ERR_SCHEMA_VALIDATION_FAILED`. */
  code?: unknown;
}

/** How long a 429 asks to wait, in ms: `Retry-After`, else `x-ratelimit-reset`, else `fallbackMs`. */
function rateLimitWait(headers: PipedriveWaitHeaders, fallbackMs: number): number {
  // An HTTP-date Retry-After is measured from the answer's own Date, not the wall clock;
  // without a Date it reads as NaN and the next header decides.
  const retryAfter = parseRetryAfter(headers.retryAfter, new Date(headers.date ?? Number.NaN));
  if (retryAfter !== null && Number.isFinite(retryAfter)) return retryAfter;
  const reset = headers.rateLimitReset === null ? Number.NaN : Number(headers.rateLimitReset);
  return Number.isFinite(reset) && reset >= 0 ? Math.ceil(reset * 1000) : fallbackMs;
}

/** Pipedrive's own words for a failed answer, from its `{ success: false, error }` body or a proxy's text. */
function providerMessage(error: PipedriveHttpError): { text: string; code: string | null } {
  const body = error.body;
  if (typeof body === 'string') return { text: body.trim().slice(0, 300) || `HTTP ${error.status}`, code: null };
  const b = (body ?? {}) as PipedriveErrorBody;
  const text = typeof b.error === 'string' && b.error.trim() !== '' ? b.error : `HTTP ${error.status}`;
  const code = typeof b.code === 'string' ? b.code : typeof b.errorCode === 'number' || typeof b.errorCode === 'string' ? String(b.errorCode) : null;
  return { text, code };
}

/**
 * The {@link ConnectorError} for what a Pipedrive call threw. Pipedrive answers errors
 * as `{ success: false, error, error_info, data: null }` with the HTTP status saying what
 * kind: 401 refused credentials; 429 a rate limit (retried after `Retry-After`, else
 * `x-ratelimit-reset`, else `limitWaitMs`); 5xx, 408 and 409 retryable; other 4xx (400
 * validation, 402 a lapsed subscription, 403 missing permission or scope, 404 a deal,
 * person or organization that is not there) final, with Pipedrive's own message. No
 * answer at all (a reset connection, a timeout, a cancelled request) is retryable.
 */
export function pipedriveError(error: unknown, options: { limitWaitMs: number }): ConnectorError {
  if (error instanceof PipedriveHttpError) {
    const { text, code } = providerMessage(error);
    const retryAfterMs = error.status === 429 ? rateLimitWait(error.headers, options.limitWaitMs) : null;
    return connectorErrorForStatus(`Pipedrive answered ${error.status}: ${text}`, error.status, { retryAfterMs, providerCode: code, cause: error });
  }
  const e = (error ?? {}) as { message?: unknown; code?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  return connectorErrorForStatus(`Pipedrive did not answer: ${message}`, null, { providerCode: typeof e.code === 'string' ? e.code : null, cause: error });
}
