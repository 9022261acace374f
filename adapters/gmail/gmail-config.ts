import { z } from 'zod';
import { parseInput, SystemClock, ValidationError, type AccessTokenProvider, type Clock } from 'tickler/adapter';
import type { GmailHistoryCursor } from './gmail-history-cursor';

/**
 * When an email joins the customer's latest Gmail thread (found by `from:<customer>`):
 * - `same-subject`: only when that thread's subject is the email's own (a `Re:` or `Fwd:`
 *   prefix aside), as Gmail's threading rules require; otherwise a new thread.
 * - `per-customer`: always, with the subject of that thread (`Re: …`), so each customer
 *   who ever wrote back has one conversation.
 * - `off`: every email starts its own thread.
 */
export type GmailThreading = 'same-subject' | 'per-customer' | 'off';

/** An address with an optional display name. */
export interface GmailAddress {
  /** The address, such as `billing@acme.example`. */
  email: string;
  /** The display name, such as `Acme Billing`; UTF-8 is encoded for the header. */
  name?: string | undefined;
}

/**
 * How Gmail push notifications (Cloud Pub/Sub push subscriptions with authentication)
 * reach the channel's `webhooks.read`.
 */
export interface GmailPushConfig {
  /** The audience of the push subscription's OIDC token: the subscription's `audience`, or its push endpoint URL when none was set. */
  audience: string;
  /** The service account the push subscription signs its tokens as (`…@….iam.gserviceaccount.com`). */
  serviceAccountEmail: string;
  /** Where Google's public keys for those tokens are (a JWKS). Default `https://www.googleapis.com/oauth2/v3/certs`; tests point it at a double. */
  certsUrl?: string | undefined;
  /** How far a token's `exp` and `iat` may be off `now`, in seconds (clock skew). Default 300. */
  clockToleranceSeconds?: number | undefined;
  /** How old (since its `iat`) a push token may be, in seconds; one this old is refused as stale. Default 3600: Pub/Sub's tokens live an hour and are reused within it. */
  maxTokenAgeSeconds?: number | undefined;
  /** Where the last history id read is kept per mailbox. Default in memory (lost on restart, not shared between processes). */
  historyCursor?: GmailHistoryCursor | undefined;
  /**
   * With no history id kept yet: how far before the notification's `historyId` to start
   * reading the mailbox's history. Gmail documents no step between history ids, so this
   * is a window, not a count of changes. Default 1000.
   */
  historyLookback?: number | undefined;
  /** The senders of delivery status notifications. Default `mailer-daemon@googlemail.com` and `mailer-daemon@google.com`. */
  bounceSenders?: string[] | undefined;
}

/**
 * Options of {@link gmailChannel}.
 *
 * @example
 * ```ts
 * import type { GmailChannelConfig } from 'tickler/gmail';
 *
 * const config: GmailChannelConfig = {
 *   mailbox: 'billing@acme.example',
 *   from: { email: 'billing@acme.example', name: 'Acme Billing' },
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 * };
 * ```
 */
export interface GmailChannelConfig {
  /** An OAuth 2.0 access token for the mailbox (scopes `gmail.send` and `gmail.readonly`), or the host's provider, asked again with `refresh: true` once after Gmail refuses a token. */
  accessToken: string | AccessTokenProvider;
  /** The Gmail or Google Workspace address the token belongs to: whose Sent folder and inbox the channel reads. */
  mailbox: string;
  /** The `From` of each email: the mailbox, or one of its verified send-as aliases (Gmail rewrites an unverified one to the mailbox). Default the mailbox. */
  from?: string | GmailAddress | undefined;
  /** `Reply-To` when the message names none. */
  replyTo?: string | undefined;
  /** The channel name messages refer to. Default `email`. */
  name?: string | undefined;
  /** Threading with the customer's replies. Default `same-subject`. */
  threading?: GmailThreading | undefined;
  /** The domain of the `Message-ID`s tickler chooses, such as `tickler.acme.example`. Default `tickler.` and the mailbox's domain. */
  messageIdDomain?: string | undefined;
  /** The Gmail API root (the SDK's `rootUrl`). Default `https://gmail.googleapis.com/`; tests point it at a double. */
  rootUrl?: string | undefined;
  /** How long each API call may take, in milliseconds, before it counts as failed (retryable). Default 15000. */
  timeoutMs?: number | undefined;
  /** How long a rate limit that names no time makes tickler wait, in milliseconds. Default 60000: Gmail's quotas are per minute. */
  rateLimitWaitMs?: number | undefined;
  /** Receipts and replies from Gmail push notifications; without it the channel has no `webhooks`. */
  push?: GmailPushConfig | undefined;
  /** The source of now: the `Date` header, and `Retry-After` dates. Default the system clock. */
  clock?: Clock | undefined;
}

/** A {@link GmailPushConfig} with its defaults applied. */
export interface ResolvedGmailPush {
  audience: string;
  serviceAccountEmail: string;
  certsUrl: string;
  clockToleranceSeconds: number;
  maxTokenAgeSeconds: number;
  historyCursor: GmailHistoryCursor | null;
  historyLookback: number;
  bounceSenders: string[];
}

/** A {@link GmailChannelConfig} with its defaults applied. */
export interface ResolvedGmailConfig {
  accessToken: string | AccessTokenProvider;
  mailbox: string;
  from: GmailAddress;
  replyTo: string | null;
  name: string;
  threading: GmailThreading;
  messageIdDomain: string;
  rootUrl: string;
  timeoutMs: number;
  rateLimitWaitMs: number;
  push: ResolvedGmailPush | null;
  clock: Clock;
}

// Lenient on purpose (Gmail judges addresses); it keeps whitespace, angle brackets and
// line breaks out of the headers tickler writes.
const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const email = (field: string) => z.string({ error: `${field} is an email address.` }).trim().regex(EMAIL, { error: `${field} is a bare email address such as billing@acme.example.` });
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const isFunction = (v: unknown): boolean => typeof v === 'function';

const pushSchema = z.strictObject({
  audience: z.string({ error: 'push.audience is the audience of the push subscription (its push endpoint URL when it sets none).' }).trim().min(1, { error: 'push.audience is empty.' }),
  serviceAccountEmail: email('push.serviceAccountEmail'),
  certsUrl: z.url({ protocol: /^https?$/, error: 'push.certsUrl is an http(s) URL such as https://www.googleapis.com/oauth2/v3/certs.' }).optional(),
  clockToleranceSeconds: z.number().int().min(0).max(3600, { error: 'push.clockToleranceSeconds is at most 3600.' }).optional(),
  maxTokenAgeSeconds: z.number().int().min(1).max(3600, { error: 'push.maxTokenAgeSeconds is at most 3600: Google issues the tokens for an hour.' }).optional(),
  historyCursor: z
    .custom<GmailHistoryCursor>((v) => typeof (v as { read?: unknown } | null)?.read === 'function' && typeof (v as { write?: unknown }).write === 'function', {
      error: 'push.historyCursor has read(mailbox) and write(mailbox, historyId).',
    })
    .optional(),
  historyLookback: z.number().int().min(1).max(1_000_000_000).optional(),
  bounceSenders: z.array(email('push.bounceSenders[]')).min(1).optional(),
});

const schema = z.strictObject({
  accessToken: z.union([z.string().trim().min(1, { error: 'accessToken is empty.' }), z.custom<AccessTokenProvider>(isFunction)], {
    error: 'accessToken is an OAuth 2.0 access token or a function ({ refresh }) => Promise<token>.',
  }),
  mailbox: email('mailbox'),
  from: z.union([email('from'), z.strictObject({ email: email('from.email'), name: z.string().trim().min(1).max(200).optional() })]).optional(),
  replyTo: email('replyTo').optional(),
  name: z.string().trim().min(1, { error: 'name is empty; leave it out for the default.' }).optional(),
  threading: z.enum(['same-subject', 'per-customer', 'off'], { error: 'threading is same-subject, per-customer or off.' }).optional(),
  messageIdDomain: z.string().trim().regex(DOMAIN, { error: 'messageIdDomain is a domain name such as tickler.acme.example.' }).optional(),
  rootUrl: z.url({ protocol: /^https?$/, error: 'rootUrl is an absolute http(s) URL such as https://gmail.googleapis.com/.' }).optional(),
  timeoutMs: z.number().int().min(1).max(600_000, { error: 'timeoutMs is at most 600000 (10 minutes).' }).optional(),
  rateLimitWaitMs: z.number().int().min(1).max(86_400_000, { error: 'rateLimitWaitMs is at most a day.' }).optional(),
  push: pushSchema.optional(),
  clock: z.custom<Clock>((v) => typeof (v as { now?: unknown } | null)?.now === 'function', { error: 'clock has a now() method.' }).optional(),
});

/** Validates a {@link GmailChannelConfig}; a ValidationError naming the field otherwise. */
export function parseGmailConfig(input: GmailChannelConfig): ResolvedGmailConfig {
  const c = parseInput(schema, input);
  const domain = c.mailbox.slice(c.mailbox.lastIndexOf('@') + 1).toLowerCase();
  const messageIdDomain = c.messageIdDomain ?? `tickler.${domain}`;
  if (!DOMAIN.test(messageIdDomain)) throw ValidationError.field('messageIdDomain', `tickler.${domain} is no domain name; give messageIdDomain.`);
  const from: GmailAddress = c.from === undefined ? { email: c.mailbox } : typeof c.from === 'string' ? { email: c.from } : c.from;
  const push = c.push;
  return {
    accessToken: c.accessToken,
    mailbox: c.mailbox.toLowerCase(),
    from,
    replyTo: c.replyTo ?? null,
    name: c.name ?? 'email',
    threading: c.threading ?? 'same-subject',
    messageIdDomain: messageIdDomain.toLowerCase(),
    rootUrl: c.rootUrl ?? 'https://gmail.googleapis.com/',
    timeoutMs: c.timeoutMs ?? 15_000,
    rateLimitWaitMs: c.rateLimitWaitMs ?? 60_000,
    push:
      push === undefined
        ? null
        : {
            audience: push.audience,
            serviceAccountEmail: push.serviceAccountEmail.toLowerCase(),
            certsUrl: push.certsUrl ?? 'https://www.googleapis.com/oauth2/v3/certs',
            clockToleranceSeconds: push.clockToleranceSeconds ?? 300,
            maxTokenAgeSeconds: push.maxTokenAgeSeconds ?? 3600,
            historyCursor: push.historyCursor ?? null,
            historyLookback: push.historyLookback ?? 1000,
            bounceSenders: (push.bounceSenders ?? ['mailer-daemon@googlemail.com', 'mailer-daemon@google.com']).map((s) => s.toLowerCase()),
          },
    clock: c.clock ?? new SystemClock(),
  };
}
