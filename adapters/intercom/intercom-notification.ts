import { z } from 'zod';
import { ValidationError } from 'tickler/adapter';

// Intercom's webhook notification (its "Webhook notification object") wrapping, for the
// conversation topics, the 2.x Conversation model as the REST API returns it. Only the
// fields tickler reads are checked; everything else passes through.

const id = z.union([z.string().trim().min(1), z.number()]).transform(String);

const author = z.looseObject({
  type: z.string().nullish(),
  id: id.nullish(),
  email: z.string().nullish(),
  name: z.string().nullish(),
});

const part = z.looseObject({
  id,
  part_type: z.string().nullish(),
  body: z.string().nullish(),
  created_at: z.number().nullish(),
  author: author.nullish(),
});

const conversation = z.looseObject({
  id,
  source: z
    .looseObject({
      id: id.nullish(),
      body: z.string().nullish(),
      author: author.nullish(),
    })
    .nullish(),
  created_at: z.number().nullish(),
  conversation_parts: z.looseObject({ conversation_parts: z.array(part).nullish() }).nullish(),
});

const notification = z.looseObject({
  type: z.literal('notification_event', { error: 'type is not notification_event: this is not an Intercom webhook notification.' }),
  topic: z.string({ error: 'topic is missing.' }).min(1),
  id: z.string().nullish(),
  app_id: z.string().nullish(),
  created_at: z.number().nullish(),
  data: z.looseObject({ item: z.unknown() }, { error: 'data.item is missing.' }),
});

/** A contact's message in a conversation: a part, or the conversation's opening message. */
export type IntercomPart = z.infer<typeof part>;
/** The conversation a notification carries, as far as tickler reads it. */
export type IntercomConversation = z.infer<typeof conversation>;
/** A notification, as far as tickler reads it. */
export type IntercomNotification = z.infer<typeof notification>;

/** Parses a verified notification body; a `ValidationError` when it is not one. */
export function parseNotification(text: string): IntercomNotification {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ValidationError([{ path: '', message: 'The Intercom webhook body is not JSON.' }], { cause });
  }
  const result = notification.safeParse(json);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** The conversation in a conversation topic's `data.item`; a `ValidationError` when it is not one. */
export function parseConversation(item: unknown): IntercomConversation {
  const result = conversation.safeParse(item);
  if (!result.success) throw ValidationError.fromZod(result.error, 'data.item');
  return result.data;
}
