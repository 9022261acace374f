import { ValidationError, WebhookRefusedError, type ChannelWebhooks, type WebhookReadOptions, type WebhookReading, type WebhookRequest } from 'tickler/adapter';
import { isInbound, readInbound } from './clicksend-inbound';
import { isReceipt, readReceipt } from './clicksend-receipt';
import { timeField, webhookFields } from './clicksend-webhook-payload';
import { verifyWebhookSecret } from './clicksend-webhook-secret';

/** How far ahead of tickler's clock a webhook's timestamp may be (ClickSend's clock and ours drift). */
const FUTURE_SKEW_MS = 5 * 60_000;

/** What the webhook reader needs from the channel's configuration. */
export interface ClickSendWebhookSettings {
  secrets: readonly string[];
  toleranceSeconds: number;
}

function minutes(ms: number): string {
  const total = Math.round(ms / 60_000);
  return total < 120 ? `${total} minutes` : `${Math.round(total / 60)} hours`;
}

/** Refuses a request whose own timestamp is outside the window (a replay of a captured request). */
function checkAge(at: Date, now: Date, toleranceSeconds: number): void {
  const age = now.getTime() - at.getTime();
  if (age > toleranceSeconds * 1000) {
    throw new WebhookRefusedError('stale', `The ClickSend webhook's timestamp is ${minutes(age)} old; at most ${minutes(toleranceSeconds * 1000)} are accepted (webhookToleranceSeconds).`);
  }
  if (age < -FUTURE_SKEW_MS) {
    throw new WebhookRefusedError('stale', `The ClickSend webhook's timestamp is ${minutes(-age)} ahead of tickler's clock: the request is refused.`);
  }
}

/**
 * ClickSend's delivery receipts and inbound SMS, as its automation rules post them to a
 * URL. Verification: the shared secret in that URL, then the payload's `timestamp`
 * within the tolerance. ClickSend expects a 2xx, with no particular body.
 */
export class ClickSendWebhooks implements ChannelWebhooks {
  readonly #settings: ClickSendWebhookSettings;

  constructor(settings: ClickSendWebhookSettings) {
    this.#settings = settings;
  }

  async read(request: WebhookRequest, { now }: WebhookReadOptions): Promise<WebhookReading> {
    verifyWebhookSecret(request, this.#settings.secrets);
    const fields = webhookFields(request);
    const at = timeField(fields, 'timestamp');
    if (at === null) throw ValidationError.field('timestamp', 'The ClickSend webhook has no timestamp, so its age cannot be checked.');
    checkAge(at, now, this.#settings.toleranceSeconds);
    if (isReceipt(fields)) {
      const receipt = readReceipt(fields, at);
      return { events: receipt === null ? [] : [receipt], response: null };
    }
    if (isInbound(fields)) return { events: [readInbound(fields, at)], response: null };
    throw ValidationError.field('body', 'The ClickSend webhook is neither a delivery receipt (status_code) nor an inbound SMS (from): check the rule that posts to this URL.');
  }
}
