import type { Intercom } from 'intercom-client';
import { AbortedWhileWaiting, ChannelError, SystemClock, untilAborted, type Channel, type ChannelWebhooks, type Clock, type OutboundMessage, type SendOptions, type SendResult } from 'tickler/adapter';
import { textToHtml } from './intercom-body';
import { createIntercomApi, type IntercomApi } from './intercom-client';
import { parseIntercomConfig, type IntercomChannelConfig, type ResolvedIntercomConfig } from './intercom-config';
import { toChannelError } from './intercom-errors';
import { recipientOf, targetFor, type IntercomContactRef, type LookupContext } from './intercom-recipient';
import { intercomWebhooks } from './intercom-webhooks';

class IntercomChannel implements Channel {
  readonly kind = 'chat' as const;
  readonly name: string;
  readonly webhooks: ChannelWebhooks | undefined;
  readonly #config: ResolvedIntercomConfig;
  readonly #api: IntercomApi;
  readonly #clock: Clock;

  constructor(config: ResolvedIntercomConfig, api: IntercomApi) {
    this.name = config.name;
    this.#config = config;
    this.#api = api;
    this.#clock = config.clock ?? new SystemClock();
    this.webhooks = config.clientSecret === null ? undefined : intercomWebhooks({ clientSecret: config.clientSecret, maxAgeSeconds: config.maxNotificationAgeSeconds, api });
  }

  async send(message: OutboundMessage, { signal }: SendOptions): Promise<SendResult> {
    // Intercom's message and reply endpoints take no idempotency key, so tickler's key is
    // not sent: a retry after an unknown outcome (timeout, abort, crash mid-call) can
    // deliver the message twice. See docs/channel-intercom.md.
    const to = recipientOf(message);
    const body = bodyOf(message);
    if (signal.aborted) {
      throw new ChannelError(`The Intercom message to ${to} was not sent: the send was cancelled before it started.`, { retryable: true, cause: signal.reason });
    }
    const context: LookupContext = { signal, now: () => this.#clock.now() };
    try {
      return await untilAborted(this.#deliver(to, body, context), signal);
    } catch (error) {
      if (error instanceof AbortedWhileWaiting) {
        throw new ChannelError(`Stopped waiting for Intercom (timeout or shutdown): the message to ${to} may or may not have been sent and will be retried.`, {
          retryable: true,
          providerCode: 'aborted',
          cause: error.reason,
        });
      }
      throw toChannelError(error, { step: 'create-message', to, now: this.#clock.now() });
    }
  }

  async #deliver(to: string, body: string, context: LookupContext): Promise<SendResult> {
    const target = await targetFor(this.#api, to, this.#config.replyInOpenConversation, context);
    if (target.kind === 'reply') {
      const reply: Intercom.AdminReplyConversationRequest = { message_type: 'comment', type: 'admin', admin_id: this.#config.adminId, body };
      let conversation: Intercom.Conversation;
      try {
        conversation = await this.#api.replyToConversation(target.conversationId, reply, context);
      } catch (error) {
        throw toChannelError(error, { step: 'reply', to, now: context.now() });
      }
      return { providerMessageId: this.#partId(conversation, to) };
    }
    let created: Intercom.Message;
    try {
      created = await this.#api.createMessage(this.#messageRequest(target.contact, body), context);
    } catch (error) {
      throw toChannelError(error, { step: 'create-message', to, now: context.now() });
    }
    if (typeof created.id !== 'string' && typeof created.id !== 'number') throw accepted(to, 'message id');
    return { providerMessageId: String(created.id) };
  }

  #messageRequest(contact: IntercomContactRef, body: string): Intercom.CreateMessageRequest {
    const from = { type: 'admin' as const, id: Number(this.#config.adminId) };
    const recipient = { type: contact.role, id: contact.id };
    if (this.#config.messageType === 'email') {
      return { message_type: 'email', subject: this.#config.emailSubject ?? '', body, template: this.#config.emailTemplate, from, to: recipient };
    }
    return { message_type: 'inapp', body, from, to: recipient };
  }

  /** The id of the part the reply made: the last part by the sending admin (Intercom answers with the conversation). */
  #partId(conversation: Intercom.Conversation, to: string): string {
    const parts = conversation.conversation_parts?.conversation_parts ?? [];
    const mine = parts.filter((p) => p.author?.type === 'admin' && String(p.author.id) === this.#config.adminId);
    const part = mine.at(-1) ?? parts.at(-1);
    if (part?.id === undefined || part.id === null || String(part.id) === '') throw accepted(to, 'conversation part id');
    return String(part.id);
  }
}

function bodyOf(message: OutboundMessage): string {
  const text = message.text?.trim() ?? '';
  if (text === '') {
    throw new ChannelError(`Message ${message.id} has no text to send over Intercom: give its template a chat variant with text (Intercom takes no provider templates here).`, {
      retryable: false,
      providerCode: 'no_text',
    });
  }
  return textToHtml(text);
}

/** Intercom took the call but gave no id: retrying could send twice, so stop here. */
function accepted(to: string, what: string): ChannelError {
  return new ChannelError(`Intercom accepted the message to ${to} but returned no ${what}; check the conversation in Intercom before resending.`, { retryable: false, providerCode: 'missing_id' });
}

/**
 * A chat channel (kind `chat`, default name `intercom`) to customers through Intercom, with
 * the official `intercom-client` SDK. Each message goes to one Intercom contact, addressed
 * by its contact id or its email: as a reply from `adminId` in the contact's most recently
 * updated open conversation when there is one (`replyInOpenConversation`, default true),
 * otherwise as a new admin-initiated message (`inapp`, or `email`). It resolves with the
 * conversation part id of the reply, or the message id.
 *
 * With `clientSecret`, its `webhooks` read Intercom's signed notifications: a contact's
 * reply (`conversation.user.replied`) or new conversation (`conversation.user.created`)
 * becomes an inbound chat message from the contact's email.
 *
 * @example
 * ```ts
 * const intercom = intercomChannel({ token: process.env.INTERCOM_ACCESS_TOKEN ?? '', adminId: '991267816', clientSecret: process.env.INTERCOM_CLIENT_SECRET });
 * ```
 * @throws ValidationError when the config is incomplete or malformed, naming the field.
 */
export function intercomChannel(config: IntercomChannelConfig): Channel {
  const resolved = parseIntercomConfig(config);
  return new IntercomChannel(resolved, createIntercomApi({ token: resolved.token, baseUrl: resolved.baseUrl, timeoutMs: resolved.timeoutMs }));
}
