import { webhookBodyText, WebhookRefusedError, type ChannelWebhooks, type InboundReply, type WebhookReading } from 'tickler/adapter';
import { htmlToText } from './intercom-body';
import type { IntercomApi } from './intercom-client';
import { toChannelError } from './intercom-errors';
import { parseConversation, parseNotification, type IntercomConversation, type IntercomNotification, type IntercomPart } from './intercom-notification';
import { verifyIntercomSignature } from './intercom-signature';

/** What {@link intercomWebhooks} needs. */
export interface IntercomWebhookOptions {
  /** The app's client secret, Intercom's signing key. */
  clientSecret: string;
  /** Refuse notifications created longer ago than this; null for no limit. */
  maxAgeSeconds: number | null;
  /** To fetch a contact's email when the notification does not carry it. */
  api: IntercomApi;
}

/** Author types of the contact's own messages (users and leads; `contact` in newer payloads). */
const CONTACT_AUTHORS = new Set(['user', 'lead', 'contact']);
/** What `messages.receive` takes at most. */
const MAX_TEXT = 10_000;

type Author = NonNullable<IntercomPart['author']>;

/** A contact's message to turn into an inbound reply. */
interface ContactMessage {
  id: string;
  body: string;
  createdAt: number | null;
  author: Author;
}

const fromContact = (author: Author | null | undefined): author is Author => typeof author?.type === 'string' && CONTACT_AUTHORS.has(author.type);

/** The contact's messages a topic carries: the new parts of a reply, or the opening message of a new conversation. */
function contactMessages(topic: string, conversation: IntercomConversation): ContactMessage[] {
  if (topic === 'conversation.user.created') {
    const source = conversation.source;
    if (source === null || source === undefined || !fromContact(source.author) || typeof source.body !== 'string') return [];
    return [{ id: source.id ?? conversation.id, body: source.body, createdAt: conversation.created_at ?? null, author: source.author }];
  }
  const parts = conversation.conversation_parts?.conversation_parts ?? [];
  return parts.flatMap((p) => (fromContact(p.author) && typeof p.body === 'string' ? [{ id: p.id, body: p.body, createdAt: p.created_at ?? null, author: p.author }] : []));
}

function refuseIfStale(notification: IntercomNotification, now: Date, maxAgeSeconds: number | null): void {
  if (maxAgeSeconds === null) return;
  const created = notification.created_at;
  if (created === null || created === undefined) {
    throw new WebhookRefusedError('stale', 'The notification has no created_at, so its age cannot be checked against maxNotificationAgeSeconds.');
  }
  const ageSeconds = Math.floor(now.getTime() / 1000 - created);
  if (ageSeconds > maxAgeSeconds) {
    throw new WebhookRefusedError('stale', `The notification was created ${ageSeconds} s ago; at most ${maxAgeSeconds} s are accepted (maxNotificationAgeSeconds): a replayed or very late request.`);
  }
}

/**
 * The webhook side of the Intercom channel: checks the `X-Hub-Signature` (and, when
 * configured, the notification's age), then reads a contact's reply
 * (`conversation.user.replied`) or new conversation (`conversation.user.created`) as
 * inbound chat messages from the contact's email. `ping` and other topics carry no
 * events. Intercom sends no delivery receipts for these messages.
 */
export function intercomWebhooks(options: IntercomWebhookOptions): ChannelWebhooks {
  const { clientSecret, maxAgeSeconds, api } = options;

  async function emailOf(author: Author, conversation: IntercomConversation, now: Date, known: Map<string, string | null>): Promise<string | null> {
    const given = author.email?.trim();
    if (given !== undefined && given !== '') return given;
    const sourceAuthor = conversation.source?.author;
    const fromSource = sourceAuthor?.id === author.id ? sourceAuthor?.email?.trim() : undefined;
    if (fromSource !== undefined && fromSource !== '') return fromSource;
    if (author.id === null || author.id === undefined) return null;
    const cached = known.get(author.id);
    if (cached !== undefined) return cached;
    try {
      const contact = await api.findContact(author.id, {});
      const email = contact.email?.trim() || null;
      known.set(author.id, email);
      return email;
    } catch (error) {
      // Thrown, so the host answers 5xx and Intercom delivers the notification again.
      throw toChannelError(error, { step: 'webhook-contact', to: author.id, now });
    }
  }

  return {
    async read(request, { now }): Promise<WebhookReading> {
      verifyIntercomSignature(request, clientSecret);
      const notification = parseNotification(webhookBodyText(request));
      refuseIfStale(notification, now, maxAgeSeconds);
      if (notification.topic !== 'conversation.user.replied' && notification.topic !== 'conversation.user.created') {
        // `ping` (sent when the subscription is saved) and topics tickler does not use.
        return { events: [], response: null };
      }
      const conversation = parseConversation(notification.data.item);
      const known = new Map<string, string | null>();
      const events: InboundReply[] = [];
      for (const message of contactMessages(notification.topic, conversation)) {
        const from = await emailOf(message.author, conversation, now, known);
        // A visitor or lead without an email cannot be matched to a customer.
        if (from === null) continue;
        events.push({
          type: 'reply',
          message: {
            channel: 'chat',
            from,
            text: htmlToText(message.body).slice(0, MAX_TEXT),
            ...(message.createdAt === null ? {} : { receivedAt: new Date(message.createdAt * 1000) }),
            providerMessageId: message.id,
          },
        });
      }
      return { events, response: null };
    },
  };
}
