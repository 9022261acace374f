import { z } from 'zod';
import { idSchema, localeSchema } from '../../model/common';
import type { JsonValue } from '../../model/json';
import { parseInstant } from '../../time/instant';
import { recipientListSchema, type RecipientSpec } from '../recipients/recipient-spec';
import { sendWindowSchema, type SendWindow } from '../../model/send-window';

/** Literal content for a message written on the spot instead of from a template. Used as is: nothing is rendered. */
export interface InlineContent {
  /** Email subject. */
  subject?: string | undefined;
  /** Text body (email text part, SMS, chat, WhatsApp in-session reply). */
  text?: string | undefined;
  /** Email HTML body, sent as given: escape anything a customer wrote. */
  html?: string | undefined;
}

/** What caused a message, as a caller gives it. */
export interface MessageCauseInput {
  /** The kind of cause, such as `invoice` or `campaign`. */
  type: string;
  /** The causing entity's id. */
  id: string;
  /** The step, when the cause sends several messages. */
  step?: string | null | undefined;
}

/**
 * What `messages.send` accepts: a channel, a template (or literal content), variables,
 * recipients and what caused it. Sending the same cause again finds the first message.
 */
export interface SendMessageInput {
  /** A channel name (`whatsapp`) or a kind (`sms`: the first channel of that kind). */
  channel: string;
  /** The customer the message is about; needed for `{ customer: true }` and contact-role recipients. */
  customerId?: string | null | undefined;
  /** A template id. Give `template` or `content`. */
  template?: string | undefined;
  /** Literal content. Give `template` or `content`. */
  content?: InlineContent | undefined;
  /** The template's variables (JSON values and Dates). `customer`, `recipient`, `tenant` and `now` are given by tickler. */
  variables?: Record<string, TemplateValue> | undefined;
  /** Recipients; default the customer. At most 15 addresses in all. */
  to?: RecipientSpec[] | undefined;
  /**
   * What caused it; its idempotency key is built from it. Default: a `manual` cause with
   * a new id, so every call sends (give a cause to make retries of your call safe).
   */
  cause?: MessageCauseInput | undefined;
  /** Not before this instant (a Date or an ISO string with an offset); default now. */
  sendAt?: Date | string | undefined;
  /** Hours this message may go out, on top of the tenant's and the template's windows. */
  sendWindow?: SendWindow | null | undefined;
  /** Channels tried in turn if this one fails for good; default the configured fallbacks. `[]` for none. */
  fallback?: string[] | undefined;
  /** Render in this locale instead of the recipient's. */
  locale?: string | undefined;
  /** Email reply-to, over the template's. */
  replyTo?: string | undefined;
  /** Email categories, added to the template's. */
  categories?: string[] | undefined;
}

const RESERVED = new Set(['customer', 'recipient', 'tenant', 'now']);

/** A value a template can be given: JSON, or a Date (kept as its ISO instant). */
export type TemplateValue = JsonValue | Date | TemplateValue[] | { [key: string]: TemplateValue };

const templateValueSchema: z.ZodType<TemplateValue> = z.lazy(() =>
  z.union(
    [
      z.string(),
      z.number().refine(Number.isFinite, { error: 'Numbers must be finite.' }),
      z.boolean(),
      z.null(),
      z.date({ error: 'That Date is invalid.' }),
      z.array(templateValueSchema),
      z.record(z.string(), templateValueSchema),
    ],
    { error: 'Give a string, a finite number, a boolean, null, a Date, an array or an object (undefined is not a value).' },
  ),
);

/** Validates {@link SendMessageInput}. */
export const sendMessageSchema = z
  .strictObject({
    channel: z.string({ error: 'channel is a channel name or kind, such as email or sms.' }).trim().min(1).max(100),
    customerId: idSchema.nullable().optional(),
    template: idSchema.optional(),
    content: z
      .strictObject({
        subject: z.string().trim().min(1).max(1000).optional(),
        text: z.string().min(1).max(100_000).optional(),
        html: z.string().min(1).max(500_000).optional(),
      })
      .refine((c) => c.text !== undefined || c.html !== undefined, { error: 'content needs text or html.' })
      .optional(),
    variables: z
      .record(z.string().min(1).max(100), templateValueSchema, { error: 'variables is an object of JSON values and Dates.' })
      .superRefine((vars, ctx) => {
        for (const key of Object.keys(vars)) {
          if (RESERVED.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is given by tickler; name your variable differently.` });
        }
      })
      .refine((v) => JSON.stringify(v).length <= 262_144, { error: 'variables are at most 256 KB once serialised.' })
      .optional(),
    to: recipientListSchema.optional(),
    cause: z
      .strictObject({ type: z.string().trim().min(1).max(100), id: idSchema, step: z.string().trim().min(1).max(200).nullable().optional() })
      .optional(),
    sendAt: z
      .union([z.date(), z.string()], { error: 'sendAt is a Date or an ISO string with an offset.' })
      .transform((value, ctx) => {
        const date = value instanceof Date ? value : parseInstant(value);
        if (date === null || !Number.isFinite(date.getTime())) {
          ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not an instant; give a Date or an ISO string with an offset, such as 2026-11-23T09:00:00+01:00.` });
          return z.NEVER;
        }
        return date;
      })
      .optional(),
    sendWindow: sendWindowSchema.nullable().optional(),
    fallback: z.array(z.string().trim().min(1).max(100)).max(5).optional(),
    locale: localeSchema.optional(),
    replyTo: z.email({ error: 'replyTo is an email address.' }).optional(),
    categories: z.array(z.string().trim().min(1).max(255)).max(10).optional(),
  })
  .refine((r) => (r.template === undefined) !== (r.content === undefined), { error: 'Give either template or content.', path: ['template'] });
