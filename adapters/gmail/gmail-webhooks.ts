import type { ChannelWebhookEvent, ChannelWebhooks, WebhookReadOptions, WebhookReading, WebhookRequest } from 'tickler/adapter';
import { bounceReceipt } from './gmail-bounce';
import type { GmailApi } from './gmail-client';
import type { ResolvedGmailConfig, ResolvedGmailPush } from './gmail-config';
import { addedMessages } from './gmail-history';
import { memoryHistoryCursor, type GmailHistoryCursor } from './gmail-history-cursor';
import { GoogleSigningKeys } from './gmail-jwks';
import { addressOf, headerOf } from './gmail-payload';
import { readNotification } from './gmail-push';
import { verifyPushToken } from './gmail-push-token';
import { inboundReply } from './gmail-reply';

/** Labels of messages that are no customer's answer: tickler's own, drafts, spam. */
const SKIPPED_LABELS = new Set(['SENT', 'DRAFT', 'SPAM']);

/**
 * Gmail push notifications, delivered by an authenticated Cloud Pub/Sub push
 * subscription: the OIDC token is verified, then the mailbox's new messages are read
 * from Gmail (the notification carries only a history id): bounces from Gmail's
 * mailer-daemon become `bounced` receipts, customers' answers to tickler's emails
 * become inbound replies. The answer is an empty 200, which acknowledges the message
 * to Pub/Sub.
 */
export class GmailWebhooks implements ChannelWebhooks {
  readonly #config: ResolvedGmailConfig;
  readonly #push: ResolvedGmailPush;
  readonly #api: GmailApi;
  readonly #keys: GoogleSigningKeys;
  readonly #cursor: GmailHistoryCursor;

  constructor(config: ResolvedGmailConfig, push: ResolvedGmailPush, api: GmailApi) {
    this.#config = config;
    this.#push = push;
    this.#api = api;
    this.#keys = new GoogleSigningKeys(push.certsUrl, config.timeoutMs);
    this.#cursor = push.historyCursor ?? memoryHistoryCursor();
  }

  async read(request: WebhookRequest, { now }: WebhookReadOptions): Promise<WebhookReading> {
    await verifyPushToken(request, this.#push, this.#keys, now);
    const notification = readNotification(request);
    // One push endpoint can serve several mailboxes: another mailbox's change is acknowledged and left alone.
    if (notification.emailAddress !== this.#config.mailbox) return { events: [], response: null };
    // A webhook has no caller's signal: the whole read is bounded by a few API timeouts.
    const signal = AbortSignal.timeout(this.#config.timeoutMs * 4);
    const added = await addedMessages(this.#api, this.#cursor, this.#push.historyLookback, notification, signal);
    const events: ChannelWebhookEvent[] = [];
    const own = new Set([this.#config.mailbox, this.#config.from.email.toLowerCase()]);
    for (const entry of added.messages) {
      if (typeof entry.id !== 'string' || (entry.labelIds ?? []).some((label) => SKIPPED_LABELS.has(label))) continue;
      const message = await this.#api.get(entry.id, 'full', [], signal, 'reading a message of a push notification');
      if (message === null || (message.labelIds ?? []).some((label) => SKIPPED_LABELS.has(label))) continue;
      const from = addressOf(headerOf(message, 'From'));
      if (from === null || own.has(from)) continue;
      const event = this.#push.bounceSenders.includes(from)
        ? await bounceReceipt(this.#api, message, this.#config.messageIdDomain, signal)
        : await inboundReply(this.#api, message, from, this.#config.mailbox, this.#config.messageIdDomain, signal);
      if (event !== null) events.push(event);
    }
    await this.#cursor.write(notification.emailAddress, added.historyId);
    return { events, response: null };
  }
}
