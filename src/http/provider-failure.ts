import { TicklerError, type ErrorCode } from '../errors';

/** What a {@link ProviderFailure} takes: how the provider's answer bears on a retry. */
export interface ProviderFailureOptions {
  /** True when trying again later could succeed (a timeout, a 429, a 5xx, a dropped connection). */
  retryable: boolean;
  /** True when the provider refused the credentials (HTTP 401, an expired or revoked token). */
  unauthorized?: boolean | undefined;
  /** How long the provider asked to wait (`Retry-After`, a rate-limit reset), in milliseconds. */
  retryAfterMs?: number | null | undefined;
  /** The provider's HTTP status, when there was a response. */
  status?: number | null | undefined;
  /** The provider's own error code, such as Salesforce's `REQUIRED_FIELD_MISSING`. */
  providerCode?: string | null | undefined;
  /** The underlying error, kept for its stack. */
  cause?: unknown;
}

/**
 * A call to a provider's API failed: the base of `ConnectorError` and `SourceError`.
 * tickler reads `retryable`, `retryAfterMs` and `unauthorized` to decide between a
 * durable retry, a credentials refresh and giving up.
 */
export abstract class ProviderFailure extends TicklerError {
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

  protected constructor(code: ErrorCode, message: string, options: ProviderFailureOptions) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
    this.unauthorized = options.unauthorized ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
    this.providerCode = options.providerCode ?? null;
  }
}

/**
 * Whether an HTTP status means a retry could succeed: no answer at all, 408, 425, 429 and
 * 5xx; and 409 (a conflicting concurrent write) when the caller writes.
 */
export function retryableStatus(status: number | null, options: { conflict: boolean }): boolean {
  return status === null || status === 408 || status === 425 || status === 429 || status >= 500 || (options.conflict && status === 409);
}
