import { ERROR_CODES, TicklerError } from '../errors';

/** What {@link ConnectorError} takes. */
export interface ConnectorErrorOptions {
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
 * A connector could not do its work. Adapters throw it with the provider's own message;
 * tickler reads `retryable`, `retryAfterMs` and `unauthorized` to decide between a retry,
 * a token refresh and a final failure.
 *
 * @example
 * ```ts
 * import { ConnectorError } from 'tickler/adapter';
 *
 * throw new ConnectorError('Salesforce: REQUEST_LIMIT_EXCEEDED', { retryable: true, retryAfterMs: 60_000, status: 403 });
 * ```
 */
export class ConnectorError extends TicklerError {
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

  constructor(message: string, options: ConnectorErrorOptions) {
    super(ERROR_CODES.CONNECTOR_FAILED, message, { cause: options.cause });
    this.name = 'ConnectorError';
    this.retryable = options.retryable;
    this.unauthorized = options.unauthorized ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
    this.providerCode = options.providerCode ?? null;
  }
}

/** True when `value` is a {@link ConnectorError}, also across duplicated module copies. */
export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof Error && (value as { code?: unknown }).code === ERROR_CODES.CONNECTOR_FAILED && typeof (value as { retryable?: unknown }).retryable === 'boolean';
}

/**
 * The {@link ConnectorError} for an HTTP failure, by the usual meaning of its status:
 * 401 unauthorized; 408, 409 (a conflicting concurrent write), 425, 429 and 5xx
 * retryable; other 4xx final. `message` should carry the provider's own words.
 */
export function connectorErrorForStatus(message: string, status: number | null, options: Omit<ConnectorErrorOptions, 'retryable' | 'status' | 'unauthorized'> = {}): ConnectorError {
  const retryable = status === null || status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
  return new ConnectorError(message, { ...options, status, retryable, unauthorized: status === 401 });
}
