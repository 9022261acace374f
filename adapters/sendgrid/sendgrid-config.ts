import { z } from 'zod';
import { parseInput, type Clock, SystemClock } from 'tickler/adapter';

import type { SendGridEmailAddress, SendGridMailClient } from './sendgrid-client';

/** SendGrid accepts at most this many categories per email; tickler keeps the first ones. */
export const SENDGRID_MAX_CATEGORIES = 10;

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
}

// Lenient on purpose: SendGrid is the judge of addresses; this catches a name or an empty value.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const emailSchema = z.string().regex(EMAIL, { error: 'Give a bare email address such as billing@acme.example.' });
const addressSchema = z.union([
  emailSchema,
  z.strictObject({ email: emailSchema, name: z.string().min(1).optional() }),
]);

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
  })
  .superRefine((config, ctx) => {
    if ((config.apiKey === undefined) === (config.client === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'Give exactly one of apiKey or client.' });
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
  };
}
