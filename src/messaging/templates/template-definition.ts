import { z } from 'zod';
import { idSchema, localeSchema } from '../../model/common';
import { sendWindowSchema, type SendWindow } from '../../model/send-window';

/** The email variant of a template. Give `subject` and `text` and/or `html`, or a provider template. */
export interface EmailTemplate {
  /** Subject line (liquid). Required unless `providerTemplateId` is given. */
  subject?: string | undefined;
  /** Plain-text body (liquid). */
  text?: string | undefined;
  /** HTML body (liquid); every variable is HTML-escaped. */
  html?: string | undefined;
  /** A template kept at the provider (a SendGrid dynamic template `d-…`). */
  providerTemplateId?: string | undefined;
  /** Data for the provider template, each value liquid; default: the message's variables as they are. */
  providerTemplateData?: Record<string, string> | undefined;
  /** Reply-To address. */
  replyTo?: string | undefined;
  /** Categories (tags) for the provider's reports. */
  categories?: string[] | undefined;
}

/** A text variant (SMS, chat, webhook). */
export interface TextTemplate {
  /** The text (liquid). */
  text: string;
}

/**
 * The WhatsApp variant. Business-initiated messages (outside the 24-hour window after the
 * customer's last message) must use an approved content template (`contentSid`); replies
 * inside the window may use free `text`. Give either or both.
 */
export interface WhatsAppTemplate {
  /** Free text for in-session replies (liquid). */
  text?: string | undefined;
  /** Twilio content template SID (`HX…`). */
  contentSid?: string | undefined;
  /** The content template's variables, keyed `1`, `2`…, each value liquid. */
  contentVariables?: Record<string, string> | undefined;
}

/** The variants of a template in one locale, by channel kind. */
export interface TemplateVariants {
  /** Email. */
  email?: EmailTemplate | undefined;
  /** SMS. */
  sms?: TextTemplate | undefined;
  /** WhatsApp. */
  whatsapp?: WhatsAppTemplate | undefined;
  /** Chat (Slack). */
  chat?: TextTemplate | undefined;
  /** Webhook: optional text sent beside the variables. */
  webhook?: Partial<TextTemplate> | undefined;
}

/**
 * A message template: per-locale, per-channel variants written in Liquid. Variables are
 * checked when the template is defined: a template may use `customer`, `recipient`,
 * `tenant` and `now`, plus the paths it declares in `variables`; anything else is a
 * ValidationError then, never a blank at send time.
 *
 * @example
 * ```ts
 * const overdue: TemplateDefinition = {
 *   id: 'invoice-overdue',
 *   variables: ['invoice'],
 *   locales: {
 *     en: { sms: { text: 'Invoice {{ invoice.number }} ({{ invoice.amountMinor | money: invoice.currency }}) is overdue.' } },
 *     fr: { sms: { text: 'La facture {{ invoice.number }} ({{ invoice.amountMinor | money: invoice.currency }}) est en retard.' } },
 *   },
 * };
 * ```
 */
export interface TemplateDefinition {
  /** Unique within the tenant (tenant templates override configured ones with the same id). */
  id: string;
  /** A name for people. */
  name?: string | undefined;
  /** Dotted paths the caller supplies, such as `invoice` (anything below it) or `invoice.number`. */
  variables?: string[] | undefined;
  /** Hours this template's messages may go out, on top of the tenant's window. */
  sendWindow?: SendWindow | null | undefined;
  /** Variants by BCP 47 locale (`en`, `fr-CA`). */
  locales: Record<string, TemplateVariants>;
}

/** A template as tickler keeps it. */
export interface MessageTemplate {
  /** The tenant that defined it, or null for one given to `createTickler({ templates })`. */
  tenantId: string | null;
  /** The template id. */
  id: string;
  /** A name for people. */
  name: string | null;
  /** Declared variable paths. */
  variables: string[];
  /** The template's send window. */
  sendWindow: SendWindow | null;
  /** Variants by canonical locale. */
  locales: Record<string, TemplateVariants>;
  /** When it was last defined. */
  updatedAt: Date;
  /** Incremented by every definition. */
  version: number;
}

const liquidText = (max: number) => z.string({ error: 'Give the text as a string.' }).max(max, { error: `At most ${max.toLocaleString('en')} characters.` });
const variablePath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, { error: 'A variable path is names joined by dots, such as invoice.number.' })
  .refine((p) => !['customer', 'recipient', 'tenant', 'now'].includes(p.split('.')[0] as string), { error: 'customer, recipient, tenant and now are given by tickler; do not declare them.' });

const emailSchema = z
  .strictObject({
    subject: liquidText(1000).optional(),
    text: liquidText(100_000).optional(),
    html: liquidText(500_000).optional(),
    providerTemplateId: z.string().trim().min(1).max(200).optional(),
    providerTemplateData: z
      .record(z.string().min(1).max(100), liquidText(10_000), { error: (issue) => (issue.code === 'invalid_key' ? 'A providerTemplateData key is 1 to 100 characters.' : undefined) })
      .optional(),
    replyTo: z.email({ error: 'replyTo is an email address.' }).optional(),
    categories: z.array(z.string().trim().min(1).max(255)).max(10, { error: 'At most 10 categories.' }).optional(),
  })
  .refine((e) => e.providerTemplateId !== undefined || e.subject !== undefined, { error: 'An email needs a subject (or a providerTemplateId).', path: ['subject'] })
  .refine((e) => e.providerTemplateId !== undefined || e.text !== undefined || e.html !== undefined, { error: 'An email needs text, html, or a providerTemplateId.', path: ['text'] });

const textSchema = z.strictObject({ text: liquidText(10_000) });
const whatsappSchema = z
  .strictObject({
    text: liquidText(4096).optional(),
    contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, { error: 'contentSid is a Twilio content SID: HX followed by 32 hex digits.' }).optional(),
    contentVariables: z
      .record(z.string().regex(/^\d{1,3}$/), liquidText(1024), { error: (issue) => (issue.code === 'invalid_key' ? 'Content variables are keyed 1, 2, 3…' : undefined) })
      .optional(),
  })
  .refine((w) => w.text !== undefined || w.contentSid !== undefined, { error: 'A WhatsApp variant needs text (in-session replies) or a contentSid (business-initiated).', path: ['text'] });

const variantsSchema = z
  .strictObject(
    {
      email: emailSchema.optional(),
      sms: textSchema.optional(),
      whatsapp: whatsappSchema.optional(),
      chat: textSchema.optional(),
      webhook: z.strictObject({ text: liquidText(10_000).optional() }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown channel kind(s): ${issue.keys.join(', ')}; use email, sms, whatsapp, chat or webhook.` : 'Give the variants of a locale as an object.') },
  )
  // Not after an unknown kind: `{ telegram: … }` has one variant, only misnamed.
  .refine((v) => Object.keys(v).length > 0, { error: 'A locale needs at least one channel variant.', when: (payload) => payload.issues.length === 0 });

/** Validates a {@link TemplateDefinition}'s shape (the liquid inside is checked by the engine). */
export const templateDefinitionSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(200).optional(),
  variables: z.array(variablePath).max(100).optional(),
  sendWindow: sendWindowSchema.nullable().optional(),
  locales: z
    .record(z.string(), variantsSchema, { error: 'locales maps a locale such as en or fr-CA to its variants.' })
    .superRefine((locales, ctx) => {
      const seen = new Set<string>();
      for (const locale of Object.keys(locales)) {
        const canonical = localeSchema.safeParse(locale);
        if (!canonical.success) ctx.addIssue({ code: 'custom', path: [locale], message: `"${locale}" is not a BCP 47 locale such as en, fr or pt-BR.` });
        else if (seen.has(canonical.data)) ctx.addIssue({ code: 'custom', path: [locale], message: `Locale ${canonical.data} is given twice.` });
        else seen.add(canonical.data);
      }
      if (Object.keys(locales).length === 0) ctx.addIssue({ code: 'custom', message: 'A template needs at least one locale.' });
    }),
});
