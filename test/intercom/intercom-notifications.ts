import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookRequest } from 'tickler';
import type { ChannelContractSetup } from 'tickler/testing';
import { APP_ID, CLIENT_SECRET, type IntercomDouble, type StoredContact, type StoredConversation, type StoredPart } from './intercom-double';

// Intercom's webhook notifications as its references show them: the notification object
// (type notification_event, app_id, data.item, id notif_…, topic, delivery_*, created_at)
// of intercom-developer-hub.readme.io/reference/signed-notifications and the webhook
// models; signed with X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body, keyed with the
// app's client secret>; posted by intercom-parrot-service-client with a JSON body.

/** Where the host's route is, as configured in the Developer Hub. */
export const WEBHOOK_URL = 'https://tickler.acme.example/webhooks/intercom';

/** The X-Hub-Signature of a body, computed here independently of the adapter. */
export const hubSignature = (body: string, secret = CLIENT_SECRET) => `sha1=${createHmac('sha1', secret).update(body, 'utf8').digest('hex')}`;

/** A POST of `body` as Intercom sends it, signed with `secret`. */
export function signedRequest(body: string, secret = CLIENT_SECRET): WebhookRequest {
  return {
    method: 'POST',
    url: WEBHOOK_URL,
    headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'intercom-parrot-service-client/1.0', 'x-hub-signature': hubSignature(body, secret) },
    body,
  };
}

/** A notification of `topic` about `item`, created at `at`. */
export function notification(topic: string, item: object, at: Date): Record<string, unknown> {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    type: 'notification_event',
    app_id: APP_ID,
    data: { type: 'notification_event_data', item },
    links: {},
    id: `notif_${randomUUID()}`,
    topic,
    delivery_status: null,
    delivery_attempts: 1,
    delivered_at: 0,
    first_sent_at: seconds,
    created_at: seconds,
    self: null,
  };
}

/** The ping Intercom sends when the subscription is saved. */
export const ping = (at: Date) => notification('ping', { type: 'ping', message: 'something something interzen' }, at);

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A part written by the contact, as the Messenger posts it (each line a paragraph). */
export function contactPart(contact: Pick<StoredContact, 'id' | 'role' | 'email' | 'name'>, text: string, at: Date, options: { withEmail?: boolean; id?: string } = {}): StoredPart {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    type: 'conversation_part',
    id: options.id ?? String(Math.floor(Math.random() * 1e9) + 1e9),
    part_type: 'comment',
    body: text
      .split('\n')
      .map((line) => `<p>${escape(line)}</p>`)
      .join(''),
    created_at: seconds,
    updated_at: seconds,
    notified_at: seconds,
    assigned_to: null,
    author: { id: contact.id, type: contact.role, name: contact.name, email: options.withEmail === false ? null : contact.email },
    attachments: [],
    external_id: null,
    redacted: false,
    metadata: {},
    email_message_metadata: null,
    app_package_code: null,
  };
}

/** `conversation.user.replied`: the conversation with the new part(s) only, as the topic sends it. */
export function userReplied(double: IntercomDouble, conversation: StoredConversation, parts: StoredPart[], at: Date): Record<string, unknown> {
  const item = { ...double.conversationJson(conversation, false), conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: parts.length } };
  return notification('conversation.user.replied', item, at);
}

/**
 * The channel contract's webhook fixture: the contact at `contact` replies in the
 * conversation the admin's message (`inReplyTo`) opened. Intercom has no delivery receipts
 * for these messages, so there is no `receipt`; `stale` re-signs the notification as
 * Intercom would have sent it `ageSeconds` earlier (its `created_at` that much older).
 */
export function intercomWebhookFixture(double: IntercomDouble, contact: StoredContact): NonNullable<ChannelContractSetup['webhooks']> {
  return {
    replyFrom: contact.email ?? '',
    reply: async (from, text, inReplyTo, now) => {
      const conversation = double.openConversation(contact.id);
      conversation.source.id = inReplyTo;
      const part = contactPart({ ...contact, email: from }, text, now);
      conversation.parts.push(part);
      return signedRequest(JSON.stringify(userReplied(double, conversation, [part], now)));
    },
    tamper: (request) => {
      // The customer's words changed after Intercom signed them; the signature is kept.
      const body = JSON.parse(typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8')) as { data: { item: { conversation_parts: { conversation_parts: StoredPart[] } } } };
      for (const part of body.data.item.conversation_parts.conversation_parts) part.body = '<p>I never paid and never will.</p>';
      return { ...request, body: JSON.stringify(body) };
    },
    stale: async (request, ageSeconds, now) => {
      const body = JSON.parse(typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8')) as Record<string, unknown>;
      const then = Math.floor(now.getTime() / 1000) - ageSeconds;
      return signedRequest(JSON.stringify({ ...body, created_at: then, first_sent_at: then }));
    },
  };
}
