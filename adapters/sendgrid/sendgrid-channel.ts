import { type Channel, type ChannelWebhooks, type OutboundMessage, type SendOptions, type SendResult, ChannelError, AbortedWhileWaiting, untilAborted } from 'tickler/adapter';

import { createSendGridClient, type SendGridClientResponse, type SendGridMailClient } from './sendgrid-client';
import { resolveSendGridConfig, type ResolvedSendGridConfig, type SendGridEmailConfig } from './sendgrid-config';
import { toSendGridChannelError } from './sendgrid-channel-error';
import { headerValue } from './sendgrid-headers';
import { toSendGridMailData } from './sendgrid-mail-data';
import { SendGridWebhooks } from './sendgrid-webhooks';

const reasonOf = (signal: AbortSignal): string => {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return typeof reason === 'string' ? reason : 'aborted';
};

class SendGridChannel implements Channel {
  readonly name: string;
  readonly kind = 'email' as const;
  readonly webhooks: ChannelWebhooks | undefined;
  readonly #config: ResolvedSendGridConfig;
  readonly #client: SendGridMailClient;

  constructor(config: ResolvedSendGridConfig, client: SendGridMailClient) {
    this.name = config.name;
    this.#config = config;
    this.#client = client;
    const { eventWebhookKey, eventWebhookToleranceSeconds, inboundParseSecret } = config;
    // Only a channel told how to verify a webhook reads any: an unverified one could be forged.
    this.webhooks =
      eventWebhookKey === null && inboundParseSecret === null
        ? undefined
        : new SendGridWebhooks({ channelName: config.name, eventWebhookKey, eventWebhookToleranceSeconds, inboundParseSecret });
  }

  async send(message: OutboundMessage, { idempotencyKey, signal }: SendOptions): Promise<SendResult> {
    if (signal.aborted) {
      throw new ChannelError(`The send was aborted before calling SendGrid (${reasonOf(signal)}); nothing was sent.`, { retryable: true, cause: signal.reason });
    }
    const data = toSendGridMailData(message, this.#config, idempotencyKey);
    let response: SendGridClientResponse;
    try {
      // The SDK takes no per-request signal, so an abort stops the wait only; the request
      // itself ends at the client's timeout.
      [response] = await untilAborted(this.#client.send(data), signal);
    } catch (error) {
      if (error instanceof AbortedWhileWaiting) {
        throw new ChannelError(`Stopped waiting for SendGrid (${reasonOf(signal)}): it may or may not have accepted the email, which will be retried.`, {
          retryable: true,
          cause: error.reason,
        });
      }
      throw toSendGridChannelError(error, this.#config.clock.now());
    }
    // SendGrid answers 202 with X-Message-Id (200 in sandbox mode). Without the header the
    // email was still accepted: its custom_args carry tickler's id for the Event Webhook.
    return { providerMessageId: headerValue(response.headers, 'x-message-id') ?? `tickler:${message.id}` };
  }
}

/**
 * An email channel through SendGrid's v3 Mail Send API, with the official
 * `@sendgrid/mail` SDK.
 *
 * Each email carries `custom_args` `tickler_message_id`, `tickler_tenant` and
 * `tickler_idempotency_key`, which SendGrid's Event Webhook echoes back. SendGrid does
 * not deduplicate on a key: a send whose outcome was unknown (a timeout) can deliver twice.
 *
 * With `eventWebhookPublicKey` (delivery receipts from the Signed Event Webhook) or
 * `inboundParseSecret` (replies from the Inbound Parse Webhook), the channel has
 * `webhooks`: the host passes each request, raw body included, to
 * `messages.handleWebhook(channelName, request)`.
 *
 * @example
 * ```ts
 * const email = sendgridEmail({
 *   apiKey: process.env.SENDGRID_API_KEY ?? '',
 *   from: { email: 'billing@acme.example', name: 'Acme Billing' },
 *   categories: ['dunning'],
 *   eventWebhookPublicKey: process.env.SENDGRID_EVENT_WEBHOOK_KEY,
 * });
 * ```
 */
export function sendgridEmail(config: SendGridEmailConfig): Channel {
  const resolved = resolveSendGridConfig(config);
  const client =
    resolved.client ?? createSendGridClient({ apiKey: resolved.apiKey ?? '', apiBaseUrl: resolved.apiBaseUrl, timeoutMs: resolved.timeoutMs });
  return new SendGridChannel(resolved, client);
}
