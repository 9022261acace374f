import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { SalesforceActivityClient } from './salesforce-activity-client';

/**
 * Options of {@link salesforceActivitySource}. Give `instanceUrl` with `accessToken`, or a
 * `client` (your own jsforce `Connection`).
 *
 * @example
 * ```ts
 * import type { SalesforceActivitySourceConfig } from 'tickler/salesforce';
 *
 * const config: SalesforceActivitySourceConfig = {
 *   instanceUrl: 'https://acme.my.salesforce.com',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 * };
 * ```
 */
export interface SalesforceActivitySourceConfig {
  /** The org's instance URL, such as `https://acme.my.salesforce.com`. */
  instanceUrl?: string | undefined;
  /** An access token, or the host's token provider (asked again with `refresh: true` once after Salesforce refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /** A connection the host already has (a jsforce `Connection`); tickler sets its `accessToken` when `accessToken` is a provider. */
  client?: SalesforceActivityClient | undefined;
  /** The REST API version. Default `62.0`. */
  apiVersion?: string | undefined;
  /** The source's name in tickler; ids are kept as `<name>:<Contact id>`. Default `salesforce`. */
  name?: string | undefined;
  /**
   * How far back each finished pull sets its cursor behind the newest `SystemModstamp` it
   * saw, in ms, so a change committed late (or a `LastActivityDate` Salesforce updates
   * asynchronously) with an earlier stamp is still read. Default 300,000 (five minutes).
   */
  marginMs?: number | undefined;
  /** How long an API limit (`REQUEST_LIMIT_EXCEEDED`, which carries no Retry-After) makes tickler wait, in ms. Default 60,000. */
  limitWaitMs?: number | undefined;
}

/** A {@link SalesforceActivitySourceConfig} with its defaults applied. */
export interface ResolvedSalesforceActivityConfig {
  instanceUrl: string | null;
  accessToken: string | AccessTokenProvider | null;
  client: SalesforceActivityClient | null;
  apiVersion: string;
  name: string;
  marginMs: number;
  limitWaitMs: number;
}

const isClient = (value: unknown): value is SalesforceActivityClient => typeof (value as { request?: unknown } | null)?.request === 'function' && typeof (value as { instanceUrl?: unknown }).instanceUrl === 'string';

const schema = z.strictObject({
  instanceUrl: z.url({ protocol: /^https?$/, error: 'instanceUrl is the org URL, such as https://acme.my.salesforce.com.' }).optional(),
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' }).optional(),
  client: z.custom<SalesforceActivityClient>(isClient, { error: 'client is a jsforce Connection (with instanceUrl and request).' }).optional(),
  apiVersion: z.string().regex(/^\d{2}\.0$/, { error: 'apiVersion is a REST API version such as 62.0.' }).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
  marginMs: z.number({ error: 'marginMs is a number of milliseconds.' }).int().min(0).max(86_400_000, { error: 'marginMs is at most a day (86,400,000).' }).optional(),
  limitWaitMs: z.number({ error: 'limitWaitMs is a number of milliseconds.' }).int().min(1).max(86_400_000, { error: 'limitWaitMs is at most a day (86,400,000).' }).optional(),
});

/** Validates a {@link SalesforceActivitySourceConfig}; a ValidationError naming the field otherwise. */
export function parseSalesforceActivityConfig(config: SalesforceActivitySourceConfig): ResolvedSalesforceActivityConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.client === undefined && (c.instanceUrl === undefined || c.accessToken === undefined)) {
    throw ValidationError.field(c.instanceUrl === undefined ? 'instanceUrl' : 'accessToken', 'Give instanceUrl and accessToken, or a client (a jsforce Connection).');
  }
  return {
    instanceUrl: c.instanceUrl?.replace(/\/+$/, '') ?? null,
    accessToken: c.accessToken ?? null,
    client: c.client ?? null,
    apiVersion: c.apiVersion ?? '62.0',
    name: c.name ?? 'salesforce',
    marginMs: c.marginMs ?? 300_000,
    limitWaitMs: c.limitWaitMs ?? 60_000,
  };
}
