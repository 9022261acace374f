import type { ChannelWebhookEvent, ChannelWebhooks, WebhookReadOptions, WebhookReading, WebhookRequest } from 'tickler/adapter';

import type { ResolvedOutlookConfig } from './outlook-config';
import { toChannelError, type FailureContext } from './outlook-errors';
import { readGraphMessage } from './outlook-graph-message';
import { eventOf, type InboundContext } from './outlook-inbound';
import type { GraphMailbox } from './outlook-mailbox';
import { verifyNotificationRequest } from './outlook-notifications';

const statusOf = (error: unknown): number | null => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
};

/**
 * Reads Graph change notifications on the mailbox's messages: answers the validation
 * handshake, verifies `clientState`, then fetches each created message through the SDK
 * and turns it into a receipt (an NDR) or a reply.
 */
export class OutlookWebhooks implements ChannelWebhooks {
  readonly #config: ResolvedOutlookConfig;
  readonly #clientState: string;
  readonly #mailbox: GraphMailbox;
  readonly #ownAddresses: ReadonlySet<string>;

  constructor(config: ResolvedOutlookConfig, clientState: string, mailbox: GraphMailbox) {
    this.#config = config;
    this.#clientState = clientState;
    this.#mailbox = mailbox;
    const own = [config.mailbox, config.from?.address ?? ''].filter((a) => a.includes('@')).map((a) => a.toLowerCase());
    this.#ownAddresses = new Set(own);
  }

  async read(request: WebhookRequest, { now }: WebhookReadOptions): Promise<WebhookReading> {
    const verified = verifyNotificationRequest(request, this.#clientState);
    if (verified.type === 'validation') return { events: [], response: verified.response };
    const events: ChannelWebhookEvent[] = [];
    // One at a time: Outlook allows an app few concurrent requests per mailbox.
    for (const { messageId } of verified.created) {
      const event = await this.#eventFor(messageId, now);
      if (event !== null) events.push(event);
    }
    return { events, response: null };
  }

  async #eventFor(messageId: string, now: Date): Promise<ChannelWebhookEvent | null> {
    const context: FailureContext = {
      subject: `reading the notified message ${messageId}`,
      retry: 'answer Graph with an error status and it delivers the notification again',
      mailbox: this.#config.mailbox,
      from: this.#config.from?.address ?? null,
      refreshable: this.#config.refreshable,
      timeoutMs: this.#config.timeoutMs,
    };
    const signal = (): AbortSignal => AbortSignal.timeout(this.#config.timeoutMs);
    let answer: unknown;
    try {
      answer = await this.#mailbox.getMessage(messageId, signal());
    } catch (error) {
      // Gone since Graph notified (deleted, or moved to another folder, which changes its id): nothing to read.
      if (statusOf(error) === 404) return null;
      throw toChannelError(error, context, () => now);
    }
    const inbound: InboundContext = {
      ownAddresses: this.#ownAddresses,
      sentInConversation: async (conversationId) => {
        try {
          return await this.#mailbox.sentByTicklerInConversation(conversationId, signal());
        } catch (error) {
          throw toChannelError(error, { ...context, subject: `finding the original of report ${messageId}` }, () => now);
        }
      },
    };
    return eventOf(readGraphMessage(answer), inbound);
  }
}
