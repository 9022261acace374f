import { z } from 'zod';
import type { ConnectorUser } from 'tickler';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { GoogleCalendarClient } from './google-calendar-client';

/** Who Google emails about a new event: every guest, guests outside the domain, or nobody. */
export type GoogleCalendarSendUpdates = 'all' | 'externalOnly' | 'none';

/**
 * Options of {@link googleCalendarConnector}. Give `accessToken` (tickler builds the
 * official client), or a `client` of your own.
 *
 * @example
 * ```ts
 * import type { GoogleCalendarConnectorConfig } from 'tickler/google-calendar';
 *
 * const config: GoogleCalendarConnectorConfig = {
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   calendarId: 'collections@acme.example',
 *   calendarFor: (assignee) => assignee.email,
 * };
 * ```
 */
export interface GoogleCalendarConnectorConfig {
  /** An OAuth 2.0 access token with a Calendar scope, or the host's token provider (asked again with `refresh: true` once after Google refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /** A client the host already has (the SDK's `calendar({ version: 'v3', auth })`); with `accessToken` too, tickler sends that token on each call. */
  client?: GoogleCalendarClient | undefined;
  /** The calendar events go on when `calendarFor` gives none. Default `primary` (the token's user's own calendar). */
  calendarId?: string | undefined;
  /**
   * The calendar of the work's assignee, such as `(a) => a.email` when the token may
   * write to colleagues' calendars (domain-wide delegation, or calendars shared with
   * "Make changes to events"); null or undefined falls back to `calendarId`.
   */
  calendarFor?: ((assignee: ConnectorUser) => string | null | undefined) | undefined;
  /** Whom Google emails the invitation: `all` (default), `externalOnly` or `none`. */
  sendUpdates?: GoogleCalendarSendUpdates | undefined;
  /** Add the assignee's email as a guest when the event is not on the assignee's own calendar. Default true. */
  inviteAssignee?: boolean | undefined;
  /** The API's root URL (the SDK's `rootUrl`). Default `https://www.googleapis.com/`; tests point it at a local double. With `accessToken` only. */
  rootUrl?: string | undefined;
  /** How long a rate limit without `Retry-After` (Google's 403 `rateLimitExceeded`) makes tickler wait, in ms. Default 60,000: the quotas are per minute. */
  rateLimitWaitMs?: number | undefined;
  /** The connector's name in tickler. Default `google-calendar`. */
  name?: string | undefined;
}

/** A {@link GoogleCalendarConnectorConfig} with its defaults applied. */
export interface ResolvedGoogleCalendarConfig {
  accessToken: string | AccessTokenProvider | null;
  client: GoogleCalendarClient | null;
  calendarId: string;
  calendarFor: ((assignee: ConnectorUser) => string | null | undefined) | null;
  sendUpdates: GoogleCalendarSendUpdates;
  inviteAssignee: boolean;
  rootUrl: string;
  rateLimitWaitMs: number;
  name: string;
}

/** `primary`, or an id of the form `name@domain` (a user's address, `…@group.calendar.google.com`). */
export const CALENDAR_ID = /^(primary|[^\s@/]+@[^\s@/]+)$/;

const isClient = (value: unknown): value is GoogleCalendarClient => {
  const events = (value as { events?: { insert?: unknown; get?: unknown } } | null)?.events;
  return typeof events?.insert === 'function' && typeof events.get === 'function';
};

const schema = z.strictObject({
  accessToken: z
    .union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' })
    .optional(),
  client: z.custom<GoogleCalendarClient>(isClient, { error: "client is the SDK's calendar client (with events.insert and events.get)." }).optional(),
  calendarId: z.string().regex(CALENDAR_ID, { error: 'calendarId is primary or a calendar id such as rosa@acme.example or …@group.calendar.google.com.' }).optional(),
  calendarFor: z.custom<(assignee: ConnectorUser) => string | null | undefined>((v) => typeof v === 'function', { error: 'calendarFor is a function (assignee) => calendar id or null.' }).optional(),
  sendUpdates: z.enum(['all', 'externalOnly', 'none'], { error: 'sendUpdates is all, externalOnly or none.' }).optional(),
  inviteAssignee: z.boolean({ error: 'inviteAssignee is true or false.' }).optional(),
  rootUrl: z.url({ protocol: /^https?$/, error: 'rootUrl is an absolute http(s) URL, such as https://www.googleapis.com/.' }).optional(),
  rateLimitWaitMs: z.number({ error: 'rateLimitWaitMs is a number of milliseconds.' }).int().min(1).max(86_400_000, { error: 'rateLimitWaitMs is at most a day.' }).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
});

/** Validates a {@link GoogleCalendarConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseGoogleCalendarConfig(config: GoogleCalendarConnectorConfig): ResolvedGoogleCalendarConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.client === undefined && c.accessToken === undefined) throw ValidationError.field('accessToken', 'Give accessToken (a token or a token provider), or a client (the SDK calendar client).');
  if (c.client !== undefined && c.rootUrl !== undefined) throw ValidationError.field('rootUrl', 'rootUrl applies to the client tickler builds; set it on your own client instead.');
  return {
    accessToken: c.accessToken ?? null,
    client: c.client ?? null,
    calendarId: c.calendarId ?? 'primary',
    calendarFor: c.calendarFor ?? null,
    sendUpdates: c.sendUpdates ?? 'all',
    inviteAssignee: c.inviteAssignee ?? true,
    rootUrl: c.rootUrl ?? 'https://www.googleapis.com/',
    rateLimitWaitMs: c.rateLimitWaitMs ?? 60_000,
    name: c.name ?? 'google-calendar',
  };
}
