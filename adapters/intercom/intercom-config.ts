import { z } from 'zod';
import { ValidationError, type AccessTokenProvider, type Clock } from 'tickler/adapter';

/** Intercom's regional API hosts (a workspace lives in one region and answers only there). */
export const INTERCOM_REGIONS = {
  /** The United States (the default). */
  us: 'https://api.intercom.io',
  /** Europe. */
  eu: 'https://api.eu.intercom.io',
  /** Australia. */
  au: 'https://api.au.intercom.io',
} as const;

/** Where an Intercom workspace is hosted. */
export type IntercomRegion = keyof typeof INTERCOM_REGIONS;

/**
 * Options of {@link intercomChannel}.
 *
 * @example
 * ```ts
 * const config: IntercomChannelConfig = {
 *   token: process.env.INTERCOM_ACCESS_TOKEN ?? '',
 *   adminId: '991267816',
 *   clientSecret: process.env.INTERCOM_CLIENT_SECRET,
 * };
 * ```
 */
export interface IntercomChannelConfig {
  /**
   * The app's access token, or the host's token provider: called with `{ refresh: false }`
   * before calls, and once with `{ refresh: true }` when Intercom answers 401 (an OAuth
   * token that expired or was revoked), after which the call is made again once.
   */
  token: string | AccessTokenProvider;
  /** The Intercom admin (teammate) messages are sent as: its numeric id, such as `991267816`. */
  adminId: string | number;
  /**
   * The app's client secret (Developer Hub, Basic info). Intercom signs webhook
   * notifications with it; without it the channel has no `webhooks`.
   */
  clientSecret?: string | undefined;
  /** `inapp` (default): a Messenger message. `email`: an email from the admin (then `emailSubject` is required). */
  messageType?: 'inapp' | 'email' | undefined;
  /** The subject of `email` messages (tickler's chat messages have none). */
  emailSubject?: string | undefined;
  /** The style of `email` messages: `plain` (default) or `personal`. */
  emailTemplate?: 'plain' | 'personal' | undefined;
  /**
   * When the contact has an open conversation, reply in it instead of starting a new
   * message (default true): the contact's most recently updated open conversation.
   */
  replyInOpenConversation?: boolean | undefined;
  /** The workspace's region: `us` (default), `eu` or `au`. */
  region?: IntercomRegion | undefined;
  /** The API's base URL, instead of the region's (a proxy or a test double). */
  baseUrl?: string | undefined;
  /** The channel's name in tickler. Default `intercom`. */
  name?: string | undefined;
  /** How long one API call may take before it counts as a retryable failure, in milliseconds. Default 15000. */
  timeoutMs?: number | undefined;
  /**
   * Refuse webhook notifications whose `created_at` is more than this many seconds old
   * (a replayed request). Default: no limit, because Intercom's signature carries no time
   * and Intercom itself delays notifications (throttling of up to two hours, 15-minute
   * pauses); a redelivered reply is recorded once anyway, by its part id.
   */
  maxNotificationAgeSeconds?: number | null | undefined;
  /** Reads "now" to turn `X-RateLimit-Reset` or a `Retry-After` date into a wait. Default a `SystemClock`. */
  clock?: Clock | undefined;
}

/** A validated {@link IntercomChannelConfig}, defaults applied. */
export interface ResolvedIntercomConfig {
  token: string | AccessTokenProvider;
  adminId: string;
  clientSecret: string | null;
  messageType: 'inapp' | 'email';
  emailSubject: string | null;
  emailTemplate: 'plain' | 'personal';
  replyInOpenConversation: boolean;
  baseUrl: string;
  name: string;
  timeoutMs: number;
  maxNotificationAgeSeconds: number | null;
  clock: Clock | undefined;
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'baseUrl must be an absolute http(s) URL, such as https://api.intercom.io.' });

const schema = z
  .strictObject({
    token: z.union(
      [
        z.string().trim().min(1, { error: 'token is empty: give the access token of your Intercom app (Developer Hub, Authentication).' }),
        z.custom<AccessTokenProvider>((v) => typeof v === 'function'),
      ],
      { error: 'token is an access token string or a function ({ refresh }) => Promise<string>.' },
    ),
    adminId: z.union([z.string().trim(), z.number().int().positive()], { error: 'adminId is the numeric id of an Intercom admin, such as 991267816.' }).transform(String).pipe(
      z.string().regex(/^\d{1,18}$/, { error: 'adminId is the numeric id of an Intercom admin (Settings, Teammates, or GET /admins), such as 991267816.' }),
    ),
    clientSecret: z.string().trim().min(1, { error: 'clientSecret is empty: copy the client secret from the app’s Basic info page, or leave it out.' }).optional(),
    messageType: z.enum(['inapp', 'email'], { error: 'messageType is inapp or email.' }).optional(),
    emailSubject: z.string().trim().min(1, { error: 'emailSubject is empty.' }).max(255, { error: 'emailSubject is at most 255 characters.' }).optional(),
    emailTemplate: z.enum(['plain', 'personal'], { error: 'emailTemplate is plain or personal.' }).optional(),
    replyInOpenConversation: z.boolean({ error: 'replyInOpenConversation is true or false.' }).optional(),
    region: z.enum(['us', 'eu', 'au'], { error: 'region is us, eu or au: where your Intercom workspace is hosted.' }).optional(),
    baseUrl: httpUrl.optional(),
    name: z.string().trim().min(1, { error: 'name is empty; leave it out for the default.' }).optional(),
    timeoutMs: z.number().int({ error: 'timeoutMs is a whole number of milliseconds.' }).min(1, { error: 'timeoutMs must be positive.' }).max(600_000, { error: 'timeoutMs is at most 600000 (10 minutes).' }).optional(),
    maxNotificationAgeSeconds: z.number().int({ error: 'maxNotificationAgeSeconds is a whole number of seconds.' }).min(1, { error: 'maxNotificationAgeSeconds must be positive.' }).nullable().optional(),
    clock: z.custom<Clock>((v) => typeof (v as { now?: unknown } | null)?.now === 'function', { error: 'clock must have a now() method.' }).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.messageType === 'email' && config.emailSubject === undefined) {
      ctx.addIssue({ code: 'custom', path: ['emailSubject'], message: 'emailSubject is required with messageType email: Intercom refuses an email message without a subject.' });
    }
    if (config.baseUrl !== undefined && config.region !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'Give region or baseUrl, not both: baseUrl replaces the region’s host.' });
    }
  });

/** Validates an {@link IntercomChannelConfig}; throws a `ValidationError` naming the field at fault. */
export function parseIntercomConfig(config: IntercomChannelConfig): ResolvedIntercomConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  return {
    token: c.token,
    adminId: c.adminId,
    clientSecret: c.clientSecret ?? null,
    messageType: c.messageType ?? 'inapp',
    emailSubject: c.emailSubject ?? null,
    emailTemplate: c.emailTemplate ?? 'plain',
    replyInOpenConversation: c.replyInOpenConversation ?? true,
    baseUrl: (c.baseUrl ?? INTERCOM_REGIONS[c.region ?? 'us']).replace(/\/+$/, ''),
    name: c.name ?? 'intercom',
    timeoutMs: c.timeoutMs ?? 15_000,
    maxNotificationAgeSeconds: c.maxNotificationAgeSeconds ?? null,
    clock: c.clock,
  };
}
