import { ERROR_CODES } from '../errors';
import { ProviderFailure, retryableStatus, type ProviderFailureOptions } from '../http/provider-failure';

/** What {@link ConnectorError} takes. */
export type ConnectorErrorOptions = ProviderFailureOptions;

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
export class ConnectorError extends ProviderFailure {
  constructor(message: string, options: ConnectorErrorOptions) {
    super(ERROR_CODES.CONNECTOR_FAILED, message, options);
    this.name = 'ConnectorError';
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
  const retryable = retryableStatus(status, { conflict: true });
  return new ConnectorError(message, { ...options, status, retryable, unauthorized: status === 401 });
}
