import { AbortedWhileWaiting, SourceError, parseRetryAfter, type FetchResponseLike } from 'tickler/adapter';

/** A non-2xx answer (or a 2xx that is not OData JSON), kept whole so the source can read SAP's error body and headers. */
export class SapHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: FetchResponseLike['headers'],
    readonly action: string,
  ) {
    super(`SAP answered HTTP ${status} to ${action}`);
    this.name = 'SapHttpError';
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * SAP Gateway's words in an OData V2 error body, `{ error: { code, message: { lang, value } } }`,
 * with its code; an HTML or text body (the ICM's logon page, API Management's fault) shortened.
 */
export function sapErrorDetail(body: unknown): { message: string; code: string | null } {
  if (typeof body === 'string') return { message: body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300) || 'no body', code: null };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  if (error !== undefined && error !== null) {
    const message = typeof error.message === 'string' ? text(error.message) : text((error.message as { value?: unknown } | null)?.value);
    return { message: message ?? 'no message', code: text(error.code) };
  }
  // API Management's own faults: { fault: { faultstring, detail: { errorcode } } }.
  const fault = (body as { fault?: { faultstring?: unknown; detail?: { errorcode?: unknown } } } | null | undefined)?.fault;
  if (fault !== undefined && fault !== null) return { message: text(fault.faultstring) ?? 'fault', code: text(fault.detail?.errorcode) };
  return { message: (JSON.stringify(body) ?? 'no body').slice(0, 300), code: null };
}

/**
 * The {@link SourceError} for what a request ended with: 401 refused credentials (the
 * communication user's password, an expired token); 403 final (the user lacks the
 * communication arrangement's authorization); 429 (API Management's spike arrest or quota)
 * waits its `Retry-After`, else `limitWaitMs`; 5xx, a timeout and no answer retryable; other
 * 4xx (a `$filter` the service refuses) final, with SAP's own message.
 */
export function sapError(error: unknown, options: { action: string; limitWaitMs: number; now: Date }): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof AbortedWhileWaiting) return new SourceError(`SAP did not answer ${options.action} in time.`, { retryable: true, cause: error });
  if (!(error instanceof SapHttpError)) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
    const detail = text(cause?.code) ?? text(cause?.message) ?? (error instanceof Error ? error.message : String(error));
    return new SourceError(`SAP did not answer ${options.action}: ${detail}`, { retryable: true, providerCode: text(cause?.code), cause: error });
  }
  const { status, body, headers, action } = error;
  const { message, code } = sapErrorDetail(body);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), options.now);
  if (status >= 200 && status < 300) return new SourceError(`SAP answered ${action} with HTTP ${status} but not with OData JSON (d.results): ${message}`, { retryable: true, status, cause: error });
  if (status === 401) return new SourceError(`SAP refused the credentials for ${action} (HTTP 401): ${message}`, { retryable: false, unauthorized: true, status, providerCode: code, cause: error });
  if (status === 429) return new SourceError(`SAP is limiting requests (HTTP 429) on ${action}: ${message}`, { retryable: true, retryAfterMs: retryAfterMs ?? options.limitWaitMs, status, providerCode: code, cause: error });
  if (status >= 500 || status === 408) return new SourceError(`SAP failed on ${action} (HTTP ${status}): ${message}`, { retryable: true, retryAfterMs, status, providerCode: code, cause: error });
  const hint = status === 403 ? ' Check that the communication arrangement includes SAP_COM_0008 (business partner) and SAP_COM_0303 (accounting analytics: the document item cube) for this user.' : '';
  return new SourceError(`SAP refused ${action} (HTTP ${status}): ${message}${hint}`, { retryable: false, status, providerCode: code, cause: error });
}
