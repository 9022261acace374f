import { z } from 'zod';
import { idSchema } from '../../model/common';

/** A message a customer sent in, as a channel webhook delivers it. */
export interface InboundMessageInput {
  /** The kind of channel it came in on. */
  channel: 'sms' | 'whatsapp' | 'email' | 'chat';
  /** The sender: a phone number (any common format, `whatsapp:` prefix allowed), or an email address for email and chat (an Intercom contact's email). */
  from: string;
  /** The address it was sent to (your number or inbox), when known. */
  to?: string | null | undefined;
  /** The text of the message. */
  text: string;
  /** When the provider received it; default now. A Date or an ISO string with an offset. */
  receivedAt?: Date | string | undefined;
  /** The provider's id (Twilio MessageSid): a redelivered webhook with the same id is recorded once. */
  providerMessageId?: string | null | undefined;
}

/** Validates {@link InboundMessageInput}. */
export const inboundMessageSchema = z.strictObject({
  channel: z.enum(['sms', 'whatsapp', 'email', 'chat'], { error: 'channel is one of sms, whatsapp, email, chat.' }),
  from: z.string({ error: 'from must be a string.' }).trim().min(1, { error: 'from is empty.' }).max(320, { error: 'from is at most 320 characters.' }),
  to: z.string().trim().max(320).nullable().optional(),
  text: z.string({ error: 'text must be a string.' }).max(10_000, { error: 'text is at most 10,000 characters.' }),
  receivedAt: z
    .union([z.date(), z.string()], { error: 'receivedAt is a Date or an ISO string with an offset.' })
    .optional(),
  providerMessageId: idSchema.nullable().optional(),
});
