import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { HubSpotClient } from './hubspot-client';

/** The task types HubSpot documents for `hs_task_type`. */
export const HUBSPOT_TASK_TYPES = ['TODO', 'CALL', 'EMAIL'] as const;

/** A HubSpot task type: a to-do, a call or an email. */
export type HubSpotTaskType = (typeof HUBSPOT_TASK_TYPES)[number];

/**
 * Options of {@link hubspotConnector}. Give `accessToken` (a private app's token, or your
 * OAuth flow as a token provider), or a `client` (your own `@hubspot/api-client` Client).
 *
 * @example
 * ```ts
 * import type { HubSpotConnectorConfig } from 'tickler/hubspot';
 *
 * const config: HubSpotConnectorConfig = {
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   owners: { 'u-rosa': '61880521' },
 * };
 * ```
 */
export interface HubSpotConnectorConfig {
  /** An access token (`pat-…` of a private app), or the host's token provider (asked again with `refresh: true` once after HubSpot refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /** A client the host already has (an `@hubspot/api-client` Client); tickler calls its `setAccessToken` after a refresh when `accessToken` is a provider. */
  client?: HubSpotClient | undefined;
  /** The API's base URL (the SDK's `basePath`). Default `https://api.hubapi.com`. */
  basePath?: string | undefined;
  /**
   * The custom task property holding tickler's idempotency key (single-line text). Default
   * `tickler_key`. tickler looks a retried operation's key up in it before creating a task.
   */
  keyProperty?: string | undefined;
  /** tickler user ids to HubSpot owner ids, for task owners. A user not listed is looked up by email. */
  owners?: Record<string, string> | undefined;
  /** `hs_task_type` of the tasks, unless the work's fields say otherwise. Default `TODO`. */
  taskType?: HubSpotTaskType | undefined;
  /** The connector's name in tickler. Default `hubspot`. */
  name?: string | undefined;
  /** How long a rate limit makes tickler wait when HubSpot's answer says nothing usable, in ms. Default 10,000 (HubSpot's rolling window). */
  limitWaitMs?: number | undefined;
  /** How long the daily limit makes tickler wait, in ms. Default 3,600,000 (HubSpot resets it at midnight in the account's time zone). */
  dailyLimitWaitMs?: number | undefined;
}

/** A {@link HubSpotConnectorConfig} with its defaults applied. */
export interface ResolvedHubSpotConfig {
  accessToken: string | AccessTokenProvider | null;
  client: HubSpotClient | null;
  basePath: string;
  keyProperty: string;
  owners: Record<string, string>;
  taskType: HubSpotTaskType;
  name: string;
  limitWaitMs: number;
  dailyLimitWaitMs: number;
}

/** HubSpot record and owner ids: digits. */
export const HUBSPOT_ID = /^[1-9]\d{0,19}$/;

const isClient = (value: unknown): value is HubSpotClient => {
  const crm = (value as { crm?: { objects?: { tasks?: unknown }; owners?: unknown } } | null)?.crm;
  return typeof crm?.objects?.tasks === 'object' && typeof crm.owners === 'object' && typeof (value as { setAccessToken?: unknown }).setAccessToken === 'function';
};

const wait = (what: string) => z.number({ error: `${what} is a number of milliseconds.` }).int().min(1).max(86_400_000, { error: `${what} is at most a day (86,400,000).` });

const schema = z.strictObject({
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' }).optional(),
  client: z.custom<HubSpotClient>(isClient, { error: 'client is an @hubspot/api-client Client (with crm.objects.tasks, crm.owners and setAccessToken).' }).optional(),
  basePath: z.url({ protocol: /^https?$/, error: 'basePath is the API URL, such as https://api.hubapi.com.' }).optional(),
  keyProperty: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, { error: 'keyProperty is a property internal name: lower-case letters, digits and underscores, such as tickler_key.' })
    .refine((name) => !name.startsWith('hs_') && name !== 'hubspot_owner_id', { error: 'keyProperty is a custom property; hs_ names belong to HubSpot.' })
    .optional(),
  owners: z.record(z.string().min(1), z.string().regex(HUBSPOT_ID, { error: 'A HubSpot owner id is digits, such as 61880521 (GET /crm/v3/owners lists them).' })).optional(),
  taskType: z.enum(HUBSPOT_TASK_TYPES, { error: 'taskType is TODO, CALL or EMAIL.' }).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  limitWaitMs: wait('limitWaitMs').optional(),
  dailyLimitWaitMs: wait('dailyLimitWaitMs').optional(),
});

/** Validates a {@link HubSpotConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseHubSpotConfig(config: HubSpotConnectorConfig): ResolvedHubSpotConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.client === undefined && c.accessToken === undefined) throw ValidationError.field('accessToken', 'Give accessToken (a private app token or a token provider), or a client (an @hubspot/api-client Client).');
  if (c.client !== undefined && c.basePath !== undefined) throw ValidationError.field('basePath', 'basePath is for the client tickler builds; give your own client its basePath instead.');
  return {
    accessToken: c.accessToken ?? null,
    client: c.client ?? null,
    basePath: (c.basePath ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
    keyProperty: c.keyProperty ?? 'tickler_key',
    owners: c.owners ?? {},
    taskType: c.taskType ?? 'TODO',
    name: c.name ?? 'hubspot',
    limitWaitMs: c.limitWaitMs ?? 10_000,
    dailyLimitWaitMs: c.dailyLimitWaitMs ?? 3_600_000,
  };
}
