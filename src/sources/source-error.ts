import { ERROR_CODES, TicklerError } from '../errors';
import { ProviderFailure, retryableStatus, type ProviderFailureOptions } from '../http/provider-failure';

/** What {@link SourceError} takes. */
export type SourceErrorOptions = ProviderFailureOptions;

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
export class SourceError extends ProviderFailure {
  constructor(message: string, options: SourceErrorOptions) {
    super(ERROR_CODES.SOURCE_FAILED, message, options);
    this.name = 'SourceError';
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
  const retryable = retryableStatus(status, { conflict: false });
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
