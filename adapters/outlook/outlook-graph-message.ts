import { z } from 'zod';
import { ValidationError } from 'tickler/adapter';

const recipientSchema = z
  .object({ emailAddress: z.object({ address: z.string().nullish(), name: z.string().nullish() }).nullish() })
  .nullish();
const bodySchema = z.object({ contentType: z.string().nullish(), content: z.string().nullish() }).nullish();

/** The message Graph returns for GET /messages/{id}, the fields tickler reads (all optional, as Graph omits nulls). */
const graphMessageSchema = z.object({
  id: z.string().min(1),
  subject: z.string().nullish(),
  from: recipientSchema,
  sender: recipientSchema,
  toRecipients: z.array(recipientSchema).nullish(),
  receivedDateTime: z.string().nullish(),
  internetMessageId: z.string().nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string().nullish() })).nullish(),
  conversationId: z.string().nullish(),
  isDraft: z.boolean().nullish(),
  bodyPreview: z.string().nullish(),
  body: bodySchema,
  uniqueBody: bodySchema,
  singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string().nullish() })).nullish(),
});

/** A received message as tickler reads it. */
export type GraphMessage = z.infer<typeof graphMessageSchema>;

/** Reads Graph's answer to GET /messages/{id}; a `ValidationError` when it is not a message. */
export function readGraphMessage(value: unknown): GraphMessage {
  const result = graphMessageSchema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, 'message');
  return result.data;
}

/** The first value of an Internet header of the message, by name in any case; null when absent. */
export function headerOf(message: GraphMessage, name: string): string | null {
  const wanted = name.toLowerCase();
  return message.internetMessageHeaders?.find((h) => h.name.toLowerCase() === wanted)?.value ?? null;
}

/** The message class (PidTagMessageClass), when the request expanded it; Graph normalises the id to `String 0x1a`. */
export function messageClassOf(message: GraphMessage): string | null {
  return message.singleValueExtendedProperties?.find((p) => /^String 0x0*1a$/i.test(p.id))?.value ?? null;
}

/** The sender's address: `from`, else `sender`; null when Graph gives neither. */
export function senderOf(message: GraphMessage): string | null {
  const address = message.from?.emailAddress?.address ?? message.sender?.emailAddress?.address ?? null;
  return address === null || address.trim() === '' ? null : address.trim();
}

function plain(body: GraphMessage['body']): string | null {
  const content = body?.content ?? null;
  if (content === null) return null;
  // The request asks for text bodies; should Graph answer HTML all the same, keep the words.
  const text = (body?.contentType ?? 'text').toLowerCase() === 'html' ? content.replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ') : content;
  return text.trim() === '' ? null : text.trim();
}

/** The whole text of the message: its body, else the 255-character preview. */
export function bodyTextOf(message: GraphMessage): string {
  return plain(message.body) ?? (message.bodyPreview ?? '').trim();
}

/** What the sender wrote: `uniqueBody` (the message without the quoted thread), else the whole body. */
export function replyTextOf(message: GraphMessage): string {
  return plain(message.uniqueBody) ?? bodyTextOf(message);
}
