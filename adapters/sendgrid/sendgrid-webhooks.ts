import type { KeyObject } from 'node:crypto';
import {
  WebhookRefusedError,
  webhookBodyText,
  webhookHeader,
  type ChannelWebhooks,
  type WebhookReadOptions,
  type WebhookReading,
  type WebhookRequest,
} from 'tickler/adapter';

import { verifyEventWebhook } from './sendgrid-event-signature';
import { readSendGridEvents } from './sendgrid-events';
import { readInboundParse, verifyInboundParseSecret } from './sendgrid-inbound-parse';

/** What the webhook side of a SendGrid channel is configured with. */
export interface SendGridWebhookSettings {
  channelName: string;
  eventWebhookKey: KeyObject | null;
  eventWebhookToleranceSeconds: number;
  inboundParseSecret: string | null;
}

/**
 * SendGrid's two webhooks on one channel, told apart by their body: the Event Webhook
 * posts JSON (delivery receipts, signed), the Inbound Parse Webhook posts
 * multipart/form-data (replies, with the secret in its URL).
 */
export class SendGridWebhooks implements ChannelWebhooks {
  readonly #settings: SendGridWebhookSettings;

  constructor(settings: SendGridWebhookSettings) {
    this.#settings = settings;
  }

  async read(request: WebhookRequest, { now }: WebhookReadOptions): Promise<WebhookReading> {
    const contentType = (webhookHeader(request, 'content-type') ?? '').toLowerCase();
    if (contentType.startsWith('multipart/form-data')) return this.#inboundParse(request);
    const key = this.#settings.eventWebhookKey;
    if (key === null) {
      throw new WebhookRefusedError(
        'signature-missing',
        `SendGrid Event Webhook request refused: the channel "${this.#settings.channelName}" has no eventWebhookPublicKey to verify it with. Enable Signed Event Webhook Requests in SendGrid and give the channel its verification key.`,
      );
    }
    verifyEventWebhook(request, { key, toleranceSeconds: this.#settings.eventWebhookToleranceSeconds, now });
    return { events: readSendGridEvents(webhookBodyText(request)), response: null };
  }

  async #inboundParse(request: WebhookRequest): Promise<WebhookReading> {
    const secret = this.#settings.inboundParseSecret;
    if (secret === null) {
      throw new WebhookRefusedError(
        'signature-missing',
        `SendGrid Inbound Parse request refused: the channel "${this.#settings.channelName}" has no inboundParseSecret to check it with. Give the channel one and put it in the Inbound Parse URL as ?secret=….`,
      );
    }
    verifyInboundParseSecret(request, secret);
    return { events: [await readInboundParse(request)], response: null };
  }
}
