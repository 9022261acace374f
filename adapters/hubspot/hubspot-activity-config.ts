import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { HubSpotActivityClient } from './hubspot-activity-client';

/**
 * The contact properties that can be read as the last activity, with the change `kind`
 * each yields:
 * - `notes_last_updated` ("Last Activity Date": the last note, call, email, meeting or task
 *   logged on the contact): `crm-activity`, the default, as Salesforce's LastActivityDate;
 * - `notes_last_contacted` ("Last Contacted": the last call, meeting, sales email, chat or
 *   message logged): `last-contacted`;
 * - `hs_last_sales_activity_timestamp` ("Last Engagement Date": the contact's own last
 *   engagement, such as opening a sales email or booking a meeting): `last-engagement`.
 */
export const HUBSPOT_ACTIVITY_PROPERTIES = {
  /** Last Activity Date: any engagement logged, notes and tasks included. */
  notes_last_updated: 'crm-activity',
  /** Last Contacted: a call, meeting, sales email, chat or message logged. */
  notes_last_contacted: 'last-contacted',
  /** Last Engagement Date: the contact's own last engagement. */
  hs_last_sales_activity_timestamp: 'last-engagement',
} as const;

/** One of {@link HUBSPOT_ACTIVITY_PROPERTIES}. */
export type HubSpotActivityProperty = keyof typeof HUBSPOT_ACTIVITY_PROPERTIES;

/**
 * Options of {@link hubspotActivitySource}. Give `accessToken` (a private app's token, or
 * your OAuth flow as a token provider), or a `client` (your own `@hubspot/api-client` Client).
 *
 * @example
 * ```ts
 * import type { HubSpotActivitySourceConfig } from 'tickler/hubspot';
 *
 * const config: HubSpotActivitySourceConfig = {
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   activityProperty: 'notes_last_contacted',
 * };
 * ```
 */
export interface HubSpotActivitySourceConfig {
  /** An access token (`pat-…` of a private app), or the host's token provider (asked again with `refresh: true` once after HubSpot refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /** A client the host already has; tickler calls its `setAccessToken` when `accessToken` is a provider. */
  client?: HubSpotActivityClient | undefined;
  /** The API's base URL (the SDK's `basePath`). Default `https://api.hubapi.com`. */
  basePath?: string | undefined;
  /** The contact property read as the last activity. Default `notes_last_updated`. */
  activityProperty?: HubSpotActivityProperty | undefined;
  /** The source's name in tickler; ids are kept as `<name>:<contact id>`. Default `hubspot`. */
  name?: string | undefined;
  /**
   * How far back each finished pull sets its cursor behind the newest `lastmodifieddate` it
   * saw, in ms: HubSpot's search index shows a change a few seconds after it is made, so a
   * contact changed just before the newest one may not be searchable yet. Default 120,000.
   */
  marginMs?: number | undefined;
  /** How long a rate limit makes tickler wait when HubSpot's answer says nothing usable, in ms. Default 1,000 (search allows five requests a second). */
  limitWaitMs?: number | undefined;
  /** How long the daily limit makes tickler wait, in ms. Default 3,600,000. */
  dailyLimitWaitMs?: number | undefined;
}

/** A {@link HubSpotActivitySourceConfig} with its defaults applied. */
export interface ResolvedHubSpotActivityConfig {
  accessToken: string | AccessTokenProvider | null;
  client: HubSpotActivityClient | null;
  basePath: string;
  activityProperty: HubSpotActivityProperty;
  name: string;
  marginMs: number;
  limitWaitMs: number;
  dailyLimitWaitMs: number;
}

const isClient = (value: unknown): value is HubSpotActivityClient =>
  typeof (value as { crm?: { contacts?: unknown } } | null)?.crm?.contacts === 'object' && typeof (value as { setAccessToken?: unknown }).setAccessToken === 'function';

const ms = (what: string, min: number) => z.number({ error: `${what} is a number of milliseconds.` }).int().min(min).max(86_400_000, { error: `${what} is at most a day (86,400,000).` });

const schema = z.strictObject({
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' }).optional(),
  client: z.custom<HubSpotActivityClient>(isClient, { error: 'client is an @hubspot/api-client Client (with crm.contacts and setAccessToken).' }).optional(),
  basePath: z.url({ protocol: /^https?$/, error: 'basePath is the API URL, such as https://api.hubapi.com.' }).optional(),
  activityProperty: z.enum(Object.keys(HUBSPOT_ACTIVITY_PROPERTIES) as [HubSpotActivityProperty, ...HubSpotActivityProperty[]], { error: 'activityProperty is notes_last_updated, notes_last_contacted or hs_last_sales_activity_timestamp.' }).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
  marginMs: ms('marginMs', 0).optional(),
  limitWaitMs: ms('limitWaitMs', 1).optional(),
  dailyLimitWaitMs: ms('dailyLimitWaitMs', 1).optional(),
});

/** Validates a {@link HubSpotActivitySourceConfig}; a ValidationError naming the field otherwise. */
export function parseHubSpotActivityConfig(config: HubSpotActivitySourceConfig): ResolvedHubSpotActivityConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.client === undefined && c.accessToken === undefined) throw ValidationError.field('accessToken', 'Give accessToken (a private app token or a token provider), or a client (an @hubspot/api-client Client).');
  if (c.client !== undefined && c.basePath !== undefined) throw ValidationError.field('basePath', 'basePath is for the client tickler builds; give your own client its basePath instead.');
  return {
    accessToken: c.accessToken ?? null,
    client: c.client ?? null,
    basePath: (c.basePath ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
    activityProperty: c.activityProperty ?? 'notes_last_updated',
    name: c.name ?? 'hubspot',
    marginMs: c.marginMs ?? 120_000,
    limitWaitMs: c.limitWaitMs ?? 1_000,
    dailyLimitWaitMs: c.dailyLimitWaitMs ?? 3_600_000,
  };
}
