import { ChannelError, type Channel, type ChannelWebhooks, type OutboundMessage, type SendOptions, type SendResult } from 'tickler/adapter';
import { postSendSms, type ClickSendHttpAnswer } from './clicksend-client';
import { parseClickSendConfig, type ClickSendSmsConfig, type ResolvedClickSendConfig } from './clicksend-config';
import { noAnswer, sendOutcome, type SendContext } from './clicksend-errors';
import { recipientOf, sendRequest } from './clicksend-message';
import { ClickSendWebhooks } from './clicksend-webhooks';

class ClickSendChannel implements Channel {
  readonly name: string;
  readonly kind = 'sms' as const;
  readonly webhooks: ChannelWebhooks | undefined;
  readonly #config: ResolvedClickSendConfig;

  constructor(config: ResolvedClickSendConfig) {
    this.name = config.name;
    this.#config = config;
    // Without a secret nothing could tell ClickSend's webhooks from a forger's: no webhooks then.
    this.webhooks = config.webhookSecrets.length === 0 ? undefined : new ClickSendWebhooks({ secrets: config.webhookSecrets, toleranceSeconds: config.webhookToleranceSeconds });
  }

  async send(message: OutboundMessage, { idempotencyKey, signal }: SendOptions): Promise<SendResult> {
    const context: SendContext = { to: recipientOf(message) };
    const request = sendRequest(message, this.#config, idempotencyKey);
    if (signal.aborted) {
      throw new ChannelError(`The SMS to ${context.to} was not sent: the send was cancelled before it started.`, { retryable: true, cause: signal.reason });
    }
    let answer: ClickSendHttpAnswer;
    try {
      // ClickSend takes no idempotency key and its history cannot be searched by
      // custom_string, so a retry after an unknown outcome can send the SMS twice.
      answer = await postSendSms(this.#config, request, AbortSignal.any([signal, AbortSignal.timeout(this.#config.timeoutMs)]));
    } catch (error) {
      throw noAnswer(error, context, signal);
    }
    return sendOutcome(answer, context, () => this.#config.clock.now());
  }
}

/**
 * An SMS channel (kind `sms`, default name `sms`) over ClickSend's REST API v3
 * (`POST /v3/sms/send`, HTTP Basic auth with your API username and key). Each message's
 * text goes to its one recipient; tickler's idempotency key rides in `custom_string`.
 *
 * With `webhookSecret`, the channel also reads ClickSend's delivery receipts and inbound
 * SMS (`channel.webhooks`), refusing requests without the secret or older than
 * `webhookToleranceSeconds`.
 *
 * @example
 * ```ts
 * const sms = clicksendSms({ username: 'acme', apiKey: process.env.CLICKSEND_API_KEY ?? '', from: '+61411111111', webhookSecret: process.env.CLICKSEND_WEBHOOK_SECRET });
 * ```
 * @throws ValidationError when the config is incomplete or malformed, naming the field.
 */
export function clicksendSms(config: ClickSendSmsConfig): Channel {
  return new ClickSendChannel(parseClickSendConfig(config));
}
