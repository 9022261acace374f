import { AbortedWhileWaiting, parseRetryAfter, SourceError, sourceErrorForStatus } from 'tickler/adapter';
import { PipedriveHttpError } from './pipedrive-errors';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** How long a 429 asks to wait, in ms: `Retry-After` (an HTTP date read against `now`), else `x-ratelimit-reset` seconds, else `fallbackMs`. */
function rateLimitWait(error: PipedriveHttpError, now: Date, fallbackMs: number): number {
  const retryAfter = parseRetryAfter(error.headers.retryAfter, now);
  if (retryAfter !== null && Number.isFinite(retryAfter)) return retryAfter;
  const reset = error.headers.rateLimitReset === null ? Number.NaN : Number(error.headers.rateLimitReset);
  return Number.isFinite(reset) && reset >= 0 ? Math.ceil(reset * 1000) : fallbackMs;
}

/**
 * The {@link SourceError} for what a Recents call threw. Pipedrive answers errors as
 * `{ success: false, error, error_info }` with the status saying what kind: 401 refused
 * credentials; 429 a rate limit (`Retry-After`, else `x-ratelimit-reset`, else
 * `limitWaitMs`); 5xx retryable; other 4xx (400 a bad query, 402 a lapsed subscription,
 * 403 a missing scope) final with Pipedrive's words. No answer at all is retryable.
 */
export function pipedriveSourceError(error: unknown, options: { now: Date; limitWaitMs: number }): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof AbortedWhileWaiting) return new SourceError('Pipedrive did not answer the Recents read in time.', { retryable: true, cause: error });
  if (error instanceof PipedriveHttpError) {
    const body = (typeof error.body === 'object' && error.body !== null ? error.body : {}) as { error?: unknown; errorCode?: unknown; code?: unknown };
    const words = text(body.error) ?? (typeof error.body === 'string' ? error.body.trim().slice(0, 300) : '') ?? '';
    const code = text(body.code) ?? (typeof body.errorCode === 'number' ? String(body.errorCode) : text(body.errorCode));
    const retryAfterMs = error.status === 429 ? rateLimitWait(error, options.now, options.limitWaitMs) : null;
    return sourceErrorForStatus(`Pipedrive answered ${error.status}: ${words === '' ? `HTTP ${error.status}` : words}`, error.status, { retryAfterMs, providerCode: code, cause: error });
  }
  const e = (error ?? {}) as { message?: unknown; code?: unknown };
  return sourceErrorForStatus(`Pipedrive did not answer: ${text(e.message) ?? String(error)}`, null, { providerCode: text(e.code), cause: error });
}
