import { z } from 'zod';
import { parseInput, SystemClock, type Clock } from 'tickler/adapter';

/** ClickSend's REST API host; the v3 paths are appended to it. */
export const CLICKSEND_API_BASE_URL = 'https://rest.clicksend.com';

/** How old a webhook's `timestamp` may be by default: one day (see {@link ClickSendSmsConfig.webhookToleranceSeconds}). */
export const CLICKSEND_DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 86_400;

/**
 * Options of {@link clicksendSms}.
 *
 * @example
 * ```ts
 * const config: ClickSendSmsConfig = { username: 'acme', apiKey: 'E1F2…', from: '+61411111111', webhookSecret: 'a-long-random-string' };
 * ```
 */
export interface ClickSendSmsConfig {
  /** Your API username (Dashboard → API Credentials). */
  username: string;
  /** Your API key, sent as the Basic auth password. */
  apiKey: string;
  /**
   * The sender ID: a dedicated number in E.164 (`+61411111111`), a short code, or an
   * alpha tag of at most 11 letters and digits. Leave it out to use the account's
   * default sender (ClickSend then picks the number).
   */
  from?: string | undefined;
  /** Sent as each message's `source`, which ClickSend shows in its reports. Default `tickler`. */
  source?: string | undefined;
  /**
   * The shared secret the webhooks are checked with, at least 16 characters (or several
   * during a rotation). ClickSend does not sign its webhooks, so this secret must be in
   * the URL you give ClickSend: as a `secret` query parameter, or as the password of
   * Basic credentials. Without it the channel has no `webhooks`.
   */
  webhookSecret?: string | readonly string[] | undefined;
  /**
   * How old, in seconds, a webhook's own `timestamp` may be before the request is
   * refused as stale. Default 86400 (one day): ClickSend stamps a receipt or a reply when
   * it receives it, not when it posts it, and posts it again while your endpoint fails,
   * so a shorter window would drop genuine receipts after an outage.
   */
  webhookToleranceSeconds?: number | undefined;
  /** The channel's name among the channels given to tickler. Default `sms`. */
  name?: string | undefined;
  /** How long one API call may take before it counts as failed (retryable), in ms. Default 15000. */
  timeoutMs?: number | undefined;
  /** Where the REST API lives. Default `https://rest.clicksend.com`; set it for a proxy or a test double. */
  apiBaseUrl?: string | undefined;
  /**
   * Reads "now" to turn a `Retry-After` date into a wait when the response has no `Date`
   * header to measure it against. Default a `SystemClock`.
   */
  clock?: Clock | undefined;
}

/** A validated configuration, defaults applied. */
export interface ResolvedClickSendConfig {
  username: string;
  apiKey: string;
  from: string | null;
  source: string;
  webhookSecrets: readonly string[];
  webhookToleranceSeconds: number;
  name: string;
  timeoutMs: number;
  apiBaseUrl: string;
  clock: Clock;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
// ClickSend's alpha tags: letters and digits, at most 11, at least one letter.
const ALPHA_TAG = /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/;

const secretSchema = z.string().min(16, { error: 'webhookSecret must be at least 16 characters: use a long random string, it is the only thing that tells ClickSend from a forger.' });

const configSchema = z.strictObject({
  username: z.string({ error: 'username is required: your ClickSend API username (Dashboard → API Credentials).' }).trim().min(1, { error: 'username is empty.' }),
  apiKey: z.string({ error: 'apiKey is required: your ClickSend API key (Dashboard → API Credentials).' }).trim().min(1, { error: 'apiKey is empty.' }),
  from: z
    .string()
    .trim()
    .refine((v) => E164.test(v) || SHORT_CODE.test(v) || ALPHA_TAG.test(v), {
      error: 'from is a dedicated number in E.164 (such as +61411111111), a short code, or an alpha tag of at most 11 letters and digits.',
    })
    .optional(),
  source: z.string().trim().min(1, { error: 'source is empty; leave it out for the default, tickler.' }).max(100, { error: 'source is at most 100 characters.' }).optional(),
  webhookSecret: z.union([secretSchema, z.array(secretSchema).min(1, { error: 'webhookSecret lists no secret.' })]).optional(),
  webhookToleranceSeconds: z
    .number()
    .int({ error: 'webhookToleranceSeconds is a whole number of seconds.' })
    .min(60, { error: 'webhookToleranceSeconds is at least 60.' })
    .max(7 * 86_400, { error: 'webhookToleranceSeconds is at most 604800 (7 days).' })
    .optional(),
  name: z.string().trim().min(1, { error: 'name is empty; leave it out for the default, sms.' }).optional(),
  timeoutMs: z.number().int({ error: 'timeoutMs is a whole number of milliseconds.' }).min(1, { error: 'timeoutMs must be positive.' }).max(600_000, { error: 'timeoutMs is at most 600000 (10 minutes).' }).optional(),
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'apiBaseUrl must be an http(s) URL such as https://rest.clicksend.com.' }).optional(),
  clock: z.custom<Clock>((v) => typeof (v as { now?: unknown } | null)?.now === 'function', { error: 'clock must have a now() method.' }).optional(),
});

/** Validates a {@link ClickSendSmsConfig}; throws a `ValidationError` naming the field at fault. */
export function parseClickSendConfig(input: ClickSendSmsConfig): ResolvedClickSendConfig {
  const config = parseInput(configSchema, input);
  const secrets = config.webhookSecret === undefined ? [] : typeof config.webhookSecret === 'string' ? [config.webhookSecret] : config.webhookSecret;
  return {
    username: config.username,
    apiKey: config.apiKey,
    from: config.from ?? null,
    source: config.source ?? 'tickler',
    webhookSecrets: secrets,
    webhookToleranceSeconds: config.webhookToleranceSeconds ?? CLICKSEND_DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
    name: config.name ?? 'sms',
    timeoutMs: config.timeoutMs ?? 15_000,
    apiBaseUrl: (config.apiBaseUrl ?? CLICKSEND_API_BASE_URL).replace(/\/+$/, ''),
    clock: config.clock ?? new SystemClock(),
  };
}
