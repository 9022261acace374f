import { type Channel, type OutboundMessage, type SendOptions, type SendResult, ChannelError, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';
import { parseWebhookChannelConfig, type ResolvedWebhookChannelConfig, type WebhookChannelConfig, type WebhookFetchResponse } from './webhook-config';
import { webhookMessageEvent } from './webhook-payload';
import { describeUrl, receiverMessageId, webhookStatusError } from './webhook-response';
import { WEBHOOK_SIGNATURE_HEADER, webhookSignatureHeader } from './webhook-signature';

/** The `user-agent` of webhook requests. */
export const WEBHOOK_USER_AGENT = 'tickler-webhook/1';

class WebhookChannel implements Channel {
  readonly kind = 'webhook' as const;
  readonly name: string;
  readonly #config: ResolvedWebhookChannelConfig;

  constructor(config: ResolvedWebhookChannelConfig) {
    this.name = config.name;
    this.#config = config;
  }

  async send(message: OutboundMessage, { idempotencyKey, signal }: SendOptions): Promise<SendResult> {
    const { url, clock, secrets, timeoutMs } = this.#config;
    const where = describeUrl(url);
    if (signal.aborted) throw aborted(message, where, 'before sending', signal.reason);
    const now = clock.now();
    const body = JSON.stringify(webhookMessageEvent(message, idempotencyKey, now));
    const headers: Record<string, string> = {
      ...this.#config.headers,
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'idempotency-key': idempotencyKey,
      'tickler-message-id': message.id,
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignatureHeader(body, secrets, Math.floor(now.getTime() / 1000)),
    };
    // One signal for the request: the caller's abort or our own timeout, whichever comes first.
    const controller = new AbortController();
    const timeout = new Error(`no answer within ${timeoutMs} ms`);
    const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const receiverId = await untilAborted(this.#exchange(url.href, headers, body, controller.signal), controller.signal);
      return { providerMessageId: receiverId ?? message.id };
    } catch (error) {
      if (error instanceof ChannelError) throw error;
      if (error instanceof AbortedWhileWaiting || controller.signal.aborted) {
        if (controller.signal.reason === timeout) {
          throw new ChannelError(`The webhook receiver at ${where} did not answer message ${message.id} within ${timeoutMs} ms; the outbox will retry (the receiver should deduplicate on the idempotency-key header).`, {
            retryable: true,
            providerCode: 'timeout',
            cause: error,
          });
        }
        throw aborted(message, where, 'while waiting for the receiver', error);
      }
      throw unreachable(where, error);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Sends and reads the answer (the body read is covered by the same signal): the receiver's id on a 2xx, a ChannelError otherwise. */
  async #exchange(href: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<string | null> {
    const response: WebhookFetchResponse = await this.#config.fetch(href, { method: 'POST', headers, body, signal, redirect: 'manual' });
    if (response.status >= 200 && response.status < 300) return receiverMessageId(response);
    throw await webhookStatusError(response, this.#config.url, this.#config.clock.now());
  }
}

function aborted(message: OutboundMessage, where: string, when: string, cause?: unknown): ChannelError {
  return new ChannelError(`Sending message ${message.id} to the webhook receiver at ${where} was aborted ${when} (send timeout or worker stopping); whether it arrived is unknown.`, {
    retryable: true,
    providerCode: 'aborted',
    cause,
  });
}

function unreachable(where: string, error: unknown): ChannelError {
  // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return new ChannelError(`Could not reach the webhook receiver at ${where} (${detail}); the outbox will retry.`, {
    retryable: true,
    providerCode: typeof cause?.code === 'string' ? cause.code : null,
    cause: error,
  });
}

/**
 * A channel that POSTs each message as signed JSON to a URL the host controls: its
 * own backend, Zapier, an internal queue. The body is a {@link WebhookMessageEvent};
 * the `tickler-signature` header (Stripe's `t=…,v1=…` scheme) lets the receiver check
 * it with {@link verifyWebhookSignature}, and `idempotency-key` lets it drop repeats.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * const hooks = webhookChannel({ url: 'https://crm.example/hooks/tickler', secret: 'whsec-0123456789abcdef' });
 * ```
 */
export function webhookChannel(config: WebhookChannelConfig): Channel {
  return new WebhookChannel(parseWebhookChannelConfig(config));
}
