import { parseRetryAfter, SourceError } from 'tickler/adapter';

/** One error of a QuickBooks fault, as its body gives it. */
export interface QuickBooksFault {
  /** Intuit's error code: `3200` (authentication), `3001` (throttled), `4000` (query), `10000` (system)… */
  code: string | null;
  /** The message, such as `message=ThrottleExceeded; errorCode=003001; statusCode=429`. */
  message: string;
  /** Intuit's detail, when there is one. */
  detail: string | null;
  /** The fault type: `AUTHENTICATION`, `SERVICE`, `ValidationFault`, `SystemFault`… */
  type: string | null;
}

interface JsonFaultError {
  Message?: unknown;
  message?: unknown;
  Detail?: unknown;
  detail?: unknown;
  code?: unknown;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Reads a QuickBooks fault from an error body. QuickBooks answers faults in three shapes,
 * all seen in practice: `{ Fault: { Error: [{ Message, Detail, code }], type } }` (most
 * errors), `{ fault: { error: [{ message, detail, code }], type } }` (a refused token, 401),
 * and `<IntuitResponse><Fault type><Error code><Message/><Detail/></Error></Fault>` XML
 * (throttling, even when JSON was asked for). Null when the body is none of them.
 */
export function readQuickBooksFault(body: string): QuickBooksFault | null {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed) as unknown;
    } catch {
      return null;
    }
    const record = (parsed ?? {}) as { Fault?: unknown; fault?: unknown };
    const fault = (record.Fault ?? record.fault) as { Error?: unknown; error?: unknown; type?: unknown } | undefined;
    if (fault === undefined || fault === null) return null;
    const errors = (fault.Error ?? fault.error) as JsonFaultError[] | undefined;
    const first = Array.isArray(errors) ? errors[0] : undefined;
    return {
      code: typeof first?.code === 'string' || typeof first?.code === 'number' ? String(first.code) : null,
      message: text(first?.Message) ?? text(first?.message) ?? 'QuickBooks returned a fault.',
      detail: text(first?.Detail) ?? text(first?.detail),
      type: text(fault.type),
    };
  }
  if (trimmed.startsWith('<')) {
    const error = /<Error\b[^>]*?code="([^"]*)"[^>]*>([\s\S]*?)<\/Error>/.exec(trimmed);
    if (error === null) return null;
    const inner = error[2] ?? '';
    return {
      code: error[1] ?? null,
      message: /<Message>([\s\S]*?)<\/Message>/.exec(inner)?.[1]?.trim() ?? 'QuickBooks returned a fault.',
      detail: /<Detail>([\s\S]*?)<\/Detail>/.exec(inner)?.[1]?.trim() ?? null,
      type: /<Fault\b[^>]*?type="([^"]*)"/.exec(trimmed)?.[1] ?? null,
    };
  }
  return null;
}

/** What {@link quickBooksError} needs beside the answer. */
export interface QuickBooksErrorContext {
  /** The engine's now, to read an HTTP-date `Retry-After`. */
  now: Date;
  /** The wait to report for a throttled request that carries no `Retry-After`. */
  throttleWaitMs: number;
}

/**
 * The {@link SourceError} for a QuickBooks error answer. 401 (code 3200,
 * `AuthenticationFailed`) is refused credentials; 429 (code 3001, `ThrottleExceeded`:
 * 500 requests a minute per company, 10 at once) is retryable after `Retry-After` when
 * QuickBooks sends one and `throttleWaitMs` otherwise, as its limit is per minute; 5xx
 * is retryable; other answers (a query QuickBooks cannot parse, a missing permission) are
 * final, with Intuit's own words.
 */
export function quickBooksError(status: number, body: string, retryAfter: string | null, context: QuickBooksErrorContext): SourceError {
  const fault = readQuickBooksFault(body);
  const words = fault === null ? body.trim().slice(0, 200) || `HTTP ${status}` : [fault.message, fault.detail].filter((w) => w !== null).join(': ');
  const message = `QuickBooks answered ${status}: ${words}`;
  const providerCode = fault?.code ?? null;
  if (status === 401) return new SourceError(message, { retryable: false, unauthorized: true, status, providerCode });
  if (status === 429 || providerCode === '3001') {
    const retryAfterMs = parseRetryAfter(retryAfter, context.now) ?? context.throttleWaitMs;
    return new SourceError(message, { retryable: true, retryAfterMs, status, providerCode });
  }
  const retryable = status === 408 || status >= 500;
  return new SourceError(message, { retryable, status, providerCode });
}
