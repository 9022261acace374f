import { z } from 'zod';
import { parseInput, ValidationError, webhookBodyText, type WebhookRequest } from 'tickler/adapter';

/** What a Gmail push notification says: which mailbox changed, and its history id after the change. */
export interface GmailNotification {
  /** The mailbox, lower-case. */
  emailAddress: string;
  /** The mailbox's history id after the change, as a decimal string. */
  historyId: string;
}

// Pub/Sub's push body (https://cloud.google.com/pubsub/docs/push): the message, base64
// data, and the subscription; Pub/Sub adds fields over time, so the rest is let through.
const envelopeSchema = z.looseObject({
  message: z.looseObject({
    data: z.string({ error: 'message.data is missing: is this a Pub/Sub push request?' }).min(1, { error: 'message.data is empty.' }),
    messageId: z.string().optional(),
    publishTime: z.string().optional(),
  }),
  subscription: z.string({ error: 'subscription is missing: is this a Pub/Sub push request?' }),
});

// Gmail's notification (developers.google.com/workspace/gmail/api/guides/push): the
// historyId comes as a JSON number; a string is accepted too.
const notificationSchema = z.looseObject({
  emailAddress: z.string({ error: 'emailAddress is missing: is this a Gmail push notification?' }).trim().min(3),
  historyId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)], { error: 'historyId is a whole number.' }),
});

/**
 * Reads the Gmail notification in a verified Pub/Sub push request: the JSON body's
 * `message.data`, base64 (Gmail's guide says base64url; both are read) JSON
 * `{ emailAddress, historyId }`.
 *
 * @throws ValidationError for a body that is not such a request.
 */
export function readNotification(request: WebhookRequest): GmailNotification {
  let body: unknown;
  try {
    body = JSON.parse(webhookBodyText(request));
  } catch {
    throw ValidationError.field('body', 'The push request body is not JSON: Pub/Sub push subscriptions post JSON (do not enable "payload unwrapping").');
  }
  const envelope = parseInput(envelopeSchema, body);
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(envelope.message.data, 'base64').toString('utf8'));
  } catch {
    throw ValidationError.field('message.data', 'message.data is not base64 JSON: is the topic the one users.watch publishes to?');
  }
  const notification = parseInput(notificationSchema, data, 'message.data');
  // A history id is a uint64: kept as a decimal string, compared as a BigInt.
  return { emailAddress: notification.emailAddress.toLowerCase(), historyId: BigInt(notification.historyId).toString() };
}
