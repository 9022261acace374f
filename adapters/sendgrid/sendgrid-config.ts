import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { parseInput, type Clock, SystemClock } from 'tickler/adapter';

import type { SendGridEmailAddress, SendGridMailClient } from './sendgrid-client';
import { parseEventWebhookKey } from './sendgrid-event-signature';

/** SendGrid accepts at most this many categories per email; tickler keeps the first ones. */
export const SENDGRID_MAX_CATEGORIES = 10;

/**
 * The default age, in seconds, past which a signed Event Webhook request is refused as
 * stale: 24 hours, the time for which SendGrid retries a POST that failed. SendGrid does
 * not document whether a retry is signed again, so a shorter window could refuse genuine
 * retries after an outage, and their receipts would be lost.
 */
export const SENDGRID_EVENT_WEBHOOK_TOLERANCE_SECONDS = 86_400;

/** An email address, or an address with a display name: `'billing@acme.example'` or `{ email, name }`. */
export type SendGridAddress = string | SendGridEmailAddress;

/**
 * How an email to several recipients goes out: `together`, one email whose `To` lists
 * every recipient; `separately`, one copy per recipient, so they do not see each other.
 */
export type SendGridRecipientMode = 'together' | 'separately';

/**
 * Options of {@link sendgridEmail}. Give exactly one of `apiKey` (tickler builds the SDK
 * client) or `client` (your own configured `MailService`).
 */
export interface SendGridEmailConfig {
  /** A SendGrid API key with the Mail Send permission (it starts with `SG.`). */
  apiKey?: string | undefined;
  /** Instead of `apiKey`: a client you configured, such as a `MailService` from `@sendgrid/mail`. */
  client?: SendGridMailClient | undefined;
  /** The sender: a verified sender identity of the SendGrid account. */
  from: SendGridAddress;
  /** Where replies go when the message names no reply-to address. */
  replyTo?: SendGridAddress | undefined;
  /** Categories added to every email, before the message's own (at most 10 in all). */
  categories?: string[] | undefined;
  /** The channel name messages refer to. Default `email`. */
  name?: string | undefined;
  /** How long to wait for SendGrid's answer, in milliseconds (with `apiKey`). Default 15000. */
  timeoutMs?: number | undefined;
  /** SendGrid's API host (with `apiKey`), for the EU region, a proxy or a test double. Default `https://api.sendgrid.com`. */
  apiBaseUrl?: string | undefined;
  /** Sandbox mode: SendGrid validates each email and delivers none. Default false. */
  sandbox?: boolean | undefined;
  /** Whether recipients of one email see each other. Default `together`. */
  recipients?: SendGridRecipientMode | undefined;
  /** The source of now, for `X-RateLimit-Reset`. Default the system clock. */
  clock?: Clock | undefined;
  /**
   * The Signed Event Webhook's verification key, as SendGrid shows it (Mail Settings >
   * Event Webhook > Signature Verification): base64, or the same key as PEM. With it the
   * channel reads delivery receipts from the Event Webhook.
   */
  eventWebhookPublicKey?: string | undefined;
  /**
   * How old a signed Event Webhook request may be, in seconds, before it is refused as
   * stale. Default {@link SENDGRID_EVENT_WEBHOOK_TOLERANCE_SECONDS} (24 hours).
   */
  eventWebhookToleranceSeconds?: number | undefined;
  /**
   * A secret that your Inbound Parse URL carries as `?secret=…`: with it the channel reads
   * customers' replies from SendGrid's Inbound Parse Webhook. At least 16 URL-safe characters.
   */
  inboundParseSecret?: string | undefined;
}

/** The validated configuration the channel runs with. */
export interface ResolvedSendGridConfig {
  apiKey: string | null;
  client: SendGridMailClient | null;
  from: SendGridEmailAddress;
  replyTo: SendGridEmailAddress | null;
  categories: string[];
  name: string;
  timeoutMs: number;
  apiBaseUrl: string;
  sandbox: boolean;
  recipients: SendGridRecipientMode;
  clock: Clock;
  /** The Event Webhook's verification key; null when receipts are not read. */
  eventWebhookKey: KeyObject | null;
  eventWebhookToleranceSeconds: number;
  /** The Inbound Parse URL's secret; null when replies are not read. */
  inboundParseSecret: string | null;
}

// Lenient on purpose: SendGrid is the judge of addresses; this catches a name or an empty value.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const emailSchema = z.string().regex(EMAIL, { error: 'Give a bare email address such as billing@acme.example.' });
const addressSchema = z.union([
  emailSchema,
  z.strictObject({ email: emailSchema, name: z.string().min(1).optional() }),
]);

const publicKeySchema = z.string().transform((value, ctx) => {
  try {
    return parseEventWebhookKey(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

// The secret is compared with the query string as received, so it must need no encoding there.
const SECRET = /^[A-Za-z0-9._~-]{16,200}$/;

const hasFunction = (name: string) => (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';

const configSchema = z
  .strictObject({
    apiKey: z.string().trim().startsWith('SG.', { error: 'A SendGrid API key starts with "SG."; copy the secret shown when the key was created.' }).optional(),
    client: z.custom<SendGridMailClient>(hasFunction('send'), { error: 'Give an object with a send(data) method, such as a MailService from @sendgrid/mail.' }).optional(),
    from: addressSchema,
    replyTo: addressSchema.optional(),
    categories: z
      .array(z.string().min(1).max(255))
      .max(SENDGRID_MAX_CATEGORIES, { error: `SendGrid accepts at most ${SENDGRID_MAX_CATEGORIES} categories per email.` })
      .optional(),
    name: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().max(600_000).optional(),
    apiBaseUrl: z.url({ protocol: /^https?$/, error: 'Give an http(s) URL such as https://api.sendgrid.com.' }).optional(),
    sandbox: z.boolean().optional(),
    recipients: z.enum(['together', 'separately']).optional(),
    clock: z.custom<Clock>(hasFunction('now'), { error: 'Give a Clock (an object with now()).' }).optional(),
    eventWebhookPublicKey: publicKeySchema.optional(),
    eventWebhookToleranceSeconds: z
      .number()
      .int()
      .positive()
      .max(7 * 86_400, { error: 'At most 604800 seconds (7 days); SendGrid retries a failed POST for 24 hours.' })
      .optional(),
    inboundParseSecret: z
      .string()
      .regex(SECRET, { error: 'Give 16 to 200 URL-safe characters (letters, digits, - _ . ~), such as the output of `openssl rand -hex 32`.' })
      .optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.apiKey === undefined) === (config.client === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'Give exactly one of apiKey or client.' });
    }
    if (config.eventWebhookToleranceSeconds !== undefined && config.eventWebhookPublicKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['eventWebhookToleranceSeconds'], message: 'eventWebhookToleranceSeconds applies only with eventWebhookPublicKey.' });
    }
    if (config.client !== undefined) {
      for (const key of ['apiBaseUrl', 'timeoutMs'] as const) {
        if (config[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies only with apiKey; configure it on your own client instead.` });
      }
    }
  });

const toAddress = (value: SendGridAddress): SendGridEmailAddress =>
  typeof value === 'string' ? { email: value } : value.name === undefined ? { email: value.email } : { email: value.email, name: value.name };

/** Validates the options of {@link sendgridEmail}; a bad option throws a ValidationError naming it. */
export function resolveSendGridConfig(input: SendGridEmailConfig): ResolvedSendGridConfig {
  const config = parseInput(configSchema, input);
  return {
    apiKey: config.apiKey ?? null,
    client: config.client ?? null,
    from: toAddress(config.from),
    replyTo: config.replyTo === undefined ? null : toAddress(config.replyTo),
    categories: [...new Set(config.categories ?? [])],
    name: config.name ?? 'email',
    timeoutMs: config.timeoutMs ?? 15_000,
    apiBaseUrl: (config.apiBaseUrl ?? 'https://api.sendgrid.com').replace(/\/+$/, ''),
    sandbox: config.sandbox ?? false,
    recipients: config.recipients ?? 'together',
    clock: config.clock ?? new SystemClock(),
    eventWebhookKey: config.eventWebhookPublicKey ?? null,
    eventWebhookToleranceSeconds: config.eventWebhookToleranceSeconds ?? SENDGRID_EVENT_WEBHOOK_TOLERANCE_SECONDS,
    inboundParseSecret: config.inboundParseSecret ?? null,
  };
}
