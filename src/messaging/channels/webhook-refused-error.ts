import { ERROR_CODES, TicklerError } from '../../errors';

/** Why a webhook request was refused. */
export type WebhookRefusal = 'signature-missing' | 'signature-invalid' | 'stale' | 'unknown-sender';

/**
 * A webhook request failed its provider's verification: no signature, a signature that
 * does not match the raw body, or a timestamp outside the tolerance (a replay). Nothing
 * was recorded. A host answers it with 401 or 403 and never retries it.
 *
 * @example
 * ```ts
 * throw new WebhookRefusedError('stale', 'The X-Twilio-Email-Event-Webhook-Timestamp is 11 minutes old; at most 5 are accepted.');
 * ```
 */
export class WebhookRefusedError extends TicklerError {
  /** Why it was refused. */
  readonly refusal: WebhookRefusal;

  constructor(refusal: WebhookRefusal, message: string, options: { cause?: unknown } = {}) {
    super(ERROR_CODES.WEBHOOK_REFUSED, message, { cause: options.cause });
    this.name = 'WebhookRefusedError';
    this.refusal = refusal;
  }
}

/** True when `value` is a {@link WebhookRefusedError}, also across duplicated module copies. */
export function isWebhookRefusedError(value: unknown): value is WebhookRefusedError {
  return value instanceof Error && (value as { code?: unknown }).code === ERROR_CODES.WEBHOOK_REFUSED;
}
