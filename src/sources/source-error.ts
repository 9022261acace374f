import { ERROR_CODES, TicklerError } from '../errors';

/** What {@link SourceError} takes. */
export interface SourceErrorOptions {
  /** True when trying again later could succeed (a timeout, a 429, a 5xx, a dropped connection). */
  retryable: boolean;
  /** True when the provider refused the credentials (HTTP 401, an expired or revoked token). */
  unauthorized?: boolean | undefined;
  /** How long the provider asked to wait (`Retry-After`, a rate-limit reset), in milliseconds. */
  retryAfterMs?: number | null | undefined;
  /** The provider's HTTP status, when there was a response. */
  status?: number | null | undefined;
  /** The provider's own error code, such as QuickBooks' `3200` or Stripe's `rate_limit`. */
  providerCode?: string | null | undefined;
  /** The underlying error, kept for its stack. */
  cause?: unknown;
}

/**
 * A source could not be read. Adapters throw it with the provider's own words; tickler
 * reads `retryable`, `retryAfterMs` and `unauthorized` to decide between a retry from the
 * last committed cursor, a credentials refresh and stopping the pull.
 *
 * @example
 * ```ts
 * import { SourceError } from 'tickler/adapter';
 *
 * throw new SourceError('QuickBooks: ThrottleExceeded', { retryable: true, retryAfterMs: 60_000, status: 429 });
 * ```
 */
export class SourceError extends TicklerError {
  /** True when a retry could succeed. */
  readonly retryable: boolean;
  /** True when the provider refused the credentials. */
  readonly unauthorized: boolean;
  /** The provider's requested wait before a retry, in milliseconds, or null. */
  readonly retryAfterMs: number | null;
  /** The provider's HTTP status, or null. */
  readonly status: number | null;
  /** The provider's error code, or null. */
  readonly providerCode: string | null;

  constructor(message: string, options: SourceErrorOptions) {
    super(ERROR_CODES.SOURCE_FAILED, message, { cause: options.cause });
    this.name = 'SourceError';
    this.retryable = options.retryable;
    this.unauthorized = options.unauthorized ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
    this.providerCode = options.providerCode ?? null;
  }
}

/** True when `value` is a {@link SourceError}, also across duplicated module copies. */
export function isSourceError(value: unknown): value is SourceError {
  return value instanceof Error && (value as { code?: unknown }).code === ERROR_CODES.SOURCE_FAILED && typeof (value as { retryable?: unknown }).retryable === 'boolean';
}

/**
 * The {@link SourceError} for an HTTP failure, by the usual meaning of its status: 401
 * unauthorized; 408, 425, 429 and 5xx retryable; other 4xx final. `message` should carry
 * the provider's own words.
 */
export function sourceErrorForStatus(message: string, status: number | null, options: Omit<SourceErrorOptions, 'retryable' | 'status' | 'unauthorized'> = {}): SourceError {
  const retryable = status === null || status === 408 || status === 425 || status === 429 || status >= 500;
  return new SourceError(message, { ...options, status, retryable, unauthorized: status === 401 });
}

/** Where a refused record was in its page, and what it was. */
export interface SourceRecordRef {
  /** The change's kind. */
  type: string;
  /** The provider's id of the record. */
  id: string;
}

/**
 * One record a source yielded was refused: bad data at the provider (a negative amount,
 * a currency tickler does not know, an invoice whose customer the source never yielded).
 * The rest of the page is applied; the pull reports each refused record with this error.
 */
export class SourceRecordError extends TicklerError {
  /** The source's name. */
  readonly source: string;
  /** The record. */
  readonly record: SourceRecordRef;
  /** The code of the error that refused it (`VALIDATION_FAILED`, `NOT_FOUND`, `CONFLICT`). */
  readonly reason: string;

  constructor(source: string, record: SourceRecordRef, message: string, options: { path?: string | undefined; reason: string; cause?: unknown }) {
    super(ERROR_CODES.SOURCE_RECORD_REJECTED, message, { ...(options.path === undefined ? {} : { path: options.path }), cause: options.cause });
    this.name = 'SourceRecordError';
    this.source = source;
    this.record = record;
    this.reason = options.reason;
  }
}
