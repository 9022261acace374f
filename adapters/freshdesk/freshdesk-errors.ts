import { ConnectorError, parseRetryAfter } from 'tickler/adapter';
import { FreshdeskHttpError } from './freshdesk-client';

/** One entry of Freshdesk's `errors` array: `{ field, nested_field?, message, code }`. */
interface FieldError {
  field?: unknown;
  nested_field?: unknown;
  message?: unknown;
  code?: unknown;
}

/** Freshdesk's error bodies: `{ description, errors }` for a 400, `{ code, message }` for a request error, `{ message }` for a 429 or 500. */
interface ErrorBody {
  description?: unknown;
  errors?: unknown;
  code?: unknown;
  message?: unknown;
}

/**
 * The wait `Retry-After` asks for. Freshdesk sends seconds; an HTTP date is measured
 * against the answer's own `Date` header, since adapters do not read the wall clock.
 */
function retryAfterMs(headers: FreshdeskHttpError['headers']): number | null {
  const value = headers.get('retry-after');
  const date = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(date)) return value !== null && /^\s*\d+(\.\d+)?\s*$/.test(value) ? parseRetryAfter(value, new Date(0)) : null;
  return parseRetryAfter(value, new Date(date));
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Freshdesk's field errors of a 400, as `[{ path, message, code }]`. */
export function fieldErrors(body: unknown): { path: string; message: string; code: string | null }[] {
  const errors = (body as ErrorBody | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return (errors as FieldError[]).map((e) => ({ path: text(e.nested_field) ?? text(e.field) ?? '', message: text(e.message) ?? 'invalid', code: text(e.code) }));
}

/** Freshdesk's own words in an error body, or the raw text when it is not Freshdesk's JSON. */
export function freshdeskMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim().slice(0, 500) || 'no body';
  const b = (body ?? {}) as ErrorBody;
  const fields = fieldErrors(body).map((e) => `${e.path === '' ? '' : `${e.path}: `}${e.message}${e.code === null ? '' : ` (${e.code})`}`);
  const head = text(b.description) ?? text(b.message) ?? null;
  const code = text(b.code);
  if (head === null && fields.length === 0) return JSON.stringify(body).slice(0, 500);
  if (fields.length === 0) return `${head}${code === null ? '' : ` (${code})`}`;
  return `${head === null ? '' : `${head}: `}${fields.join('; ')}`;
}

/**
 * The {@link ConnectorError} for a Freshdesk answer or a failed exchange. Freshdesk
 * answers 401 for a refused key, 429 with `Retry-After` (seconds) when the account's
 * rate limit is spent, 5xx when it fails; every other 4xx (400 validation, 403 access,
 * 404, 409 duplicate value) is final, with Freshdesk's own message.
 */
export function freshdeskError(error: unknown, options: { limitWaitMs: number; keyField: string }): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (!(error instanceof FreshdeskHttpError)) {
    // No answer at all (refused, reset, DNS): the write may or may not have happened.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
    return new ConnectorError(`Freshdesk did not answer: ${detail}`, { retryable: true, providerCode: typeof cause?.code === 'string' ? cause.code : null, cause: error });
  }
  const { status, body, headers, action } = error;
  const said = freshdeskMessage(body);
  const first = fieldErrors(body)[0];
  const providerCode = first?.code ?? text((body as ErrorBody | null)?.code) ?? null;
  if (status >= 200 && status < 300) {
    return new ConnectorError(`Freshdesk answered ${action} with HTTP ${status} but a body that is not JSON; the retry looks the ticket up.`, { retryable: true, status, cause: error });
  }
  if (status === 401) {
    return new ConnectorError(`Freshdesk refused the API key (HTTP 401): ${said}`, { retryable: false, unauthorized: true, status, providerCode, cause: error });
  }
  if (status === 429) {
    const wait = retryAfterMs(headers) ?? options.limitWaitMs;
    return new ConnectorError(`Freshdesk is rate limiting the account (HTTP 429): ${said}`, { retryable: true, retryAfterMs: wait, status, providerCode: providerCode ?? 'rate_limited', cause: error });
  }
  if (status >= 500 || status === 408) {
    return new ConnectorError(`Freshdesk failed on ${action} (HTTP ${status}): ${said}`, { retryable: true, retryAfterMs: retryAfterMs(headers), status, providerCode, cause: error });
  }
  const missingKeyField = fieldErrors(body).some((e) => e.path === `custom_fields.${options.keyField}` && e.code === 'invalid_field');
  const hint = missingKeyField ? ` Create the custom ticket field ${options.keyField} (single-line text) in Freshdesk: tickler stores its idempotency key there.` : '';
  return new ConnectorError(`Freshdesk refused ${action} (HTTP ${status}): ${said}${hint}`, { retryable: false, status, providerCode, cause: error });
}
