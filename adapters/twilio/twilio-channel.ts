import { ChannelError, type Channel, type ChannelWebhooks, type OutboundMessage, type SendOptions, type SendResult, AbortedWhileWaiting, untilAborted, SystemClock, type Clock } from 'tickler/adapter';
import { createTwilioClient, type TwilioClient } from './twilio-client';
import { parseTwilioSmsConfig, parseTwilioWhatsAppConfig, type ResolvedTwilioConfig, type TwilioSmsConfig, type TwilioWhatsAppConfig } from './twilio-config';
import { toChannelError, type SendContext } from './twilio-errors';
import { messageParams, recipientOf } from './twilio-message-params';
import { sendSignal } from './twilio-request-client';
import { twilioWebhooks } from './twilio-webhooks';

class TwilioChannel implements Channel {
  readonly name: string;
  readonly kind: 'sms' | 'whatsapp';
  readonly #config: ResolvedTwilioConfig;
  readonly #client: TwilioClient;
  readonly #clock: Clock;
  /** Status callbacks and incoming messages, verified with the Auth Token (absent without one). */
  readonly webhooks: ChannelWebhooks | undefined;

  constructor(kind: 'sms' | 'whatsapp', config: ResolvedTwilioConfig) {
    this.kind = kind;
    this.name = config.name;
    this.#config = config;
    this.#clock = config.clock ?? new SystemClock();
    this.#client = 'client' in config.connection ? config.connection.client : createTwilioClient(config.connection);
    this.webhooks = config.webhookAuthToken === null ? undefined : twilioWebhooks(config.webhookAuthToken);
  }

  async send(message: OutboundMessage, { signal }: SendOptions): Promise<SendResult> {
    // Twilio's Messages API takes no idempotency key, so the key is not sent: a retry after
    // an unknown outcome (timeout, abort, crash mid-call) can deliver twice.
    const params = messageParams(message, this.#config, this.kind);
    const context: SendContext = { what: this.kind === 'sms' ? 'SMS' : 'WhatsApp message', to: recipientOf(message) };
    if (signal.aborted) {
      throw new ChannelError(`The ${context.what} to ${context.to} was not sent: the send was cancelled before it started.`, { retryable: true, cause: signal.reason });
    }
    try {
      const resource = await untilAborted(
        sendSignal.run(signal, () => this.#client.messages.create(params)),
        signal,
      );
      if (typeof resource.sid !== 'string' || resource.sid === '') {
        throw new ChannelError(`Twilio accepted the ${context.what} to ${context.to} but returned no message SID.`, { retryable: false });
      }
      return { providerMessageId: resource.sid };
    } catch (error) {
      if (error instanceof AbortedWhileWaiting) {
        throw new ChannelError(`Stopped waiting for Twilio (timeout or shutdown): the ${context.what} to ${context.to} may or may not have been sent and will be retried.`, {
          retryable: true,
          cause: error.reason,
        });
      }
      throw toChannelError(error, context, () => this.#clock.now());
    }
  }
}

/**
 * An SMS channel (kind `sms`, default name `sms`) over Twilio's Messages API: each
 * message's text goes to its one recipient's E.164 number.
 *
 * @example
 * ```ts
 * const sms = twilioSms({ accountSid: 'AC…', authToken: process.env.TWILIO_AUTH_TOKEN, from: '+15005550006' });
 * ```
 * @throws ValidationError when the config is incomplete or malformed, naming the field.
 */
export function twilioSms(config: TwilioSmsConfig): Channel {
  return new TwilioChannel('sms', parseTwilioSmsConfig(config));
}

/**
 * A WhatsApp channel (kind `whatsapp`, default name `whatsapp`) over Twilio's Messages
 * API. A message with a provider template is sent as that content template
 * (`ContentSid`, `ContentVariables`), as WhatsApp requires outside a customer's 24-hour
 * session; a message with text only is sent as a free-form session reply (`Body`).
 *
 * @example
 * ```ts
 * const whatsapp = twilioWhatsApp({ accountSid: 'AC…', authToken: process.env.TWILIO_AUTH_TOKEN, from: '+15005550006' });
 * ```
 * @throws ValidationError when the config is incomplete or malformed, naming the field.
 */
export function twilioWhatsApp(config: TwilioWhatsAppConfig): Channel {
  return new TwilioChannel('whatsapp', parseTwilioWhatsAppConfig(config));
}
