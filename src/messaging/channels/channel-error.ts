import { ERROR_CODES, TicklerError } from '../../errors';

/** What {@link ChannelError} takes. */
export interface ChannelErrorOptions {
  /** True when trying again later could succeed (a timeout, a 429, a 5xx). */
  retryable: boolean;
  /** How long the provider asked to wait (its `Retry-After`), in milliseconds. */
  retryAfterMs?: number | null | undefined;
  /** The provider's HTTP status, when there was a response. */
  status?: number | null | undefined;
  /** The provider's own error code, such as Twilio's `21211` or Slack's `channel_not_found`. */
  providerCode?: string | null | undefined;
  /** The underlying error, kept for its stack. */
  cause?: unknown;
}

/**
 * A channel could not deliver a message. Adapters throw it; the outbox reads
 * `retryable` and `retryAfterMs` to decide between a retry and a final failure.
 *
 * @example
 * ```ts
 * throw new ChannelError('Twilio rate limit', { retryable: true, retryAfterMs: 30_000, status: 429 });
 * ```
 */
export class ChannelError extends TicklerError {
  /** True when a retry could succeed. */
  readonly retryable: boolean;
  /** The provider's requested wait before a retry, in milliseconds, or null. */
  readonly retryAfterMs: number | null;
  /** The provider's HTTP status, or null. */
  readonly status: number | null;
  /** The provider's error code, or null. */
  readonly providerCode: string | null;

  constructor(message: string, options: ChannelErrorOptions) {
    super(ERROR_CODES.CHANNEL_FAILED, message, { cause: options.cause });
    this.name = 'ChannelError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.status = options.status ?? null;
    this.providerCode = options.providerCode ?? null;
  }
}

/** True when `value` is a {@link ChannelError}, also across duplicated module copies. */
export function isChannelError(value: unknown): value is ChannelError {
  return value instanceof Error && (value as { code?: unknown }).code === ERROR_CODES.CHANNEL_FAILED && typeof (value as { retryable?: unknown }).retryable === 'boolean';
}

/**
 * Reads an HTTP `Retry-After` header (seconds, or an HTTP date relative to `now`) as
 * milliseconds; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
