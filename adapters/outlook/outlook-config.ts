import { z } from 'zod';
import { parseInput, SystemClock, type AccessTokenProvider, type Clock } from 'tickler/adapter';

/** Microsoft Graph's global endpoint; national clouds have their own (`https://graph.microsoft.us`, …). */
export const GRAPH_BASE_URL = 'https://graph.microsoft.com';

/** An email address, or an address with a display name: `'accounts@acme.example'` or `{ address, name }`. */
export type OutlookAddress =
  | string
  | {
      /** The address, such as `accounts@acme.example`. */
      address: string;
      /** The display name recipients see. */
      name?: string | undefined;
    };

/**
 * Options of {@link outlookChannel}.
 *
 * @example
 * ```ts
 * const config: OutlookConfig = {
 *   token: async ({ refresh }) => tokens.get({ forceRefresh: refresh }),
 *   mailbox: 'billing@acme.example',
 *   clientState: process.env.GRAPH_CLIENT_STATE,
 * };
 * ```
 */
export interface OutlookConfig {
  /**
   * An access token for Microsoft Graph, or the host's token provider: tickler asks it
   * before each Graph call (`refresh: false`, return your cached token) and once more with
   * `refresh: true` after Graph answers 401. Client credentials (application permissions)
   * or a delegated user's token; tickler runs no OAuth flow itself. A plain string cannot
   * be refreshed: once it expires every send fails until you give a new channel one.
   */
  token: string | AccessTokenProvider;
  /**
   * The mailbox the drafts are created in and sent from: a user id (GUID) or user
   * principal name such as `billing@acme.example` (a shared mailbox works), or `me` for a
   * delegated token (the signed-in user's own mailbox).
   */
  mailbox: string;
  /**
   * The `From` of every email, when it is not the mailbox itself: a shared mailbox or a
   * distribution group that `mailbox` has Send As (or Send on Behalf) permission for.
   * Without that permission Graph refuses each send with `ErrorSendAsDenied`.
   */
  from?: OutlookAddress | undefined;
  /**
   * The secret you gave as `clientState` when creating the Graph subscription on the
   * mailbox's inbox (16 to 255 characters). With it the channel reads change
   * notifications: bounces and customers' replies. Without it the channel has no webhooks.
   */
  clientState?: string | undefined;
  /** The channel name messages refer to. Default `email`. */
  name?: string | undefined;
  /** Graph's host, for a national cloud, a proxy or a test double. Default `https://graph.microsoft.com`. */
  baseUrl?: string | undefined;
  /** How long one Graph call may take before it counts as failed (retryable), in ms. Default 15000. */
  timeoutMs?: number | undefined;
  /** Reads "now" to turn a `Retry-After` date into a wait when sending. Default a `SystemClock`. */
  clock?: Clock | undefined;
}

/** A validated configuration, defaults applied. */
export interface ResolvedOutlookConfig {
  tokens: AccessTokenProvider;
  /** False for a plain string token, which a refresh cannot renew. */
  refreshable: boolean;
  mailbox: string;
  from: { address: string; name: string | null } | null;
  clientState: string | null;
  name: string;
  baseUrl: string;
  timeoutMs: number;
  clock: Clock;
}

// Lenient on purpose: Exchange is the judge of addresses; this catches a name or an empty value.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emailSchema = z.string().trim().regex(EMAIL, { error: 'Give a bare email address such as billing@acme.example.' });

const configSchema = z.strictObject({
  token: z.union([z.string().trim().min(1, { error: 'token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], {
    error: 'token is an access token for Microsoft Graph, or a function ({ refresh }) => Promise<token>.',
  }),
  mailbox: z
    .string({ error: 'mailbox is required: a user principal name such as billing@acme.example, a user id (GUID), or me for a delegated token.' })
    .trim()
    .refine((v) => v === 'me' || EMAIL.test(v) || GUID.test(v), {
      error: 'mailbox is a user principal name such as billing@acme.example, a user id (GUID), or me for a delegated token.',
    }),
  from: z.union([emailSchema, z.strictObject({ address: emailSchema, name: z.string().trim().min(1).optional() })]).optional(),
  // The subscription resource caps clientState at 255 characters (128 in older versions of the reference).
  clientState: z
    .string()
    .min(16, { error: 'clientState is at least 16 characters: a random secret, such as the output of `openssl rand -hex 32`.' })
    .max(255, { error: 'clientState is at most 255 characters, the most a Graph subscription takes.' })
    .optional(),
  name: z.string().trim().min(1, { error: 'name is empty; leave it out for the default.' }).optional(),
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl is an http(s) URL such as https://graph.microsoft.com.' }).optional(),
  timeoutMs: z.number().int({ error: 'timeoutMs is a whole number of milliseconds.' }).positive({ error: 'timeoutMs must be positive.' }).max(600_000, { error: 'timeoutMs is at most 600000 (10 minutes).' }).optional(),
  clock: z.custom<Clock>((v) => typeof (v as { now?: unknown } | null)?.now === 'function', { error: 'clock must have a now() method.' }).optional(),
});

/** Validates {@link OutlookConfig}; throws a `ValidationError` naming the field at fault. */
export function resolveOutlookConfig(input: OutlookConfig): ResolvedOutlookConfig {
  const config = parseInput(configSchema, input);
  const token = config.token;
  const from = config.from === undefined ? null : typeof config.from === 'string' ? { address: config.from, name: null } : { address: config.from.address, name: config.from.name ?? null };
  return {
    tokens: typeof token === 'string' ? async () => token : token,
    refreshable: typeof token !== 'string',
    mailbox: config.mailbox,
    // The mailbox itself is the default sender: naming it again as `from` would ask Graph for a Send As check for nothing.
    from: from !== null && from.address.toLowerCase() === config.mailbox.toLowerCase() && from.name === null ? null : from,
    clientState: config.clientState ?? null,
    name: config.name ?? 'email',
    baseUrl: (config.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs ?? 15_000,
    clock: config.clock ?? new SystemClock(),
  };
}
