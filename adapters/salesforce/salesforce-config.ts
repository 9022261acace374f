import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { SalesforceClient } from './salesforce-client';

/**
 * Options of {@link salesforceConnector}. Give `instanceUrl` with `accessToken`, or a
 * `client` (your own jsforce `Connection`).
 *
 * @example
 * ```ts
 * import type { SalesforceConnectorConfig } from 'tickler/salesforce';
 *
 * const config: SalesforceConnectorConfig = {
 *   instanceUrl: 'https://acme.my.salesforce.com',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   owners: { 'u-rosa': '0055e000001AbCdAAK' },
 * };
 * ```
 */
export interface SalesforceConnectorConfig {
  /** The org's instance URL, such as `https://acme.my.salesforce.com`. */
  instanceUrl?: string | undefined;
  /** An access token, or the host's token provider (asked again with `refresh: true` once after Salesforce refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /** A connection the host already has (a jsforce `Connection`); tickler sets its `accessToken` on a refresh when `accessToken` is a provider. */
  client?: SalesforceClient | undefined;
  /** The REST API version. Default `62.0`. */
  apiVersion?: string | undefined;
  /**
   * The External ID field on Task that holds tickler's idempotency key (a custom Text(255)
   * field marked External ID and Unique). Default `Tickler_Key__c`. tickler upserts by it,
   * which is what makes a retry find the task it made.
   */
  externalIdField?: string | undefined;
  /** tickler user ids to Salesforce User ids, for task owners. A user not listed is looked up by email. */
  owners?: Record<string, string> | undefined;
  /** The connector's name in tickler. Default `salesforce`. */
  name?: string | undefined;
  /** How long an API limit (`REQUEST_LIMIT_EXCEEDED`, which carries no Retry-After) makes tickler wait, in ms. Default 60,000. */
  limitWaitMs?: number | undefined;
}

/** A {@link SalesforceConnectorConfig} with its defaults applied. */
export interface ResolvedSalesforceConfig {
  instanceUrl: string | null;
  accessToken: string | AccessTokenProvider | null;
  client: SalesforceClient | null;
  apiVersion: string;
  externalIdField: string;
  owners: Record<string, string>;
  name: string;
  limitWaitMs: number;
}

const isClient = (value: unknown): value is SalesforceClient => typeof (value as { upsert?: unknown } | null)?.upsert === 'function' && typeof (value as { query?: unknown }).query === 'function';

const schema = z.strictObject({
  instanceUrl: z.url({ protocol: /^https?$/, error: 'instanceUrl is the org URL, such as https://acme.my.salesforce.com.' }).optional(),
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' }).optional(),
  client: z.custom<SalesforceClient>(isClient, { error: 'client is a jsforce Connection (with upsert and query).' }).optional(),
  apiVersion: z.string().regex(/^\d{2}\.0$/, { error: 'apiVersion is a REST API version such as 62.0.' }).optional(),
  externalIdField: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, { error: 'externalIdField is a custom field API name such as Tickler_Key__c.' }).optional(),
  owners: z.record(z.string().min(1), z.string().regex(/^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, { error: 'A Salesforce User id starts with 005 and has 15 or 18 characters.' })).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000).optional(),
});

/** Validates a {@link SalesforceConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseSalesforceConfig(config: SalesforceConnectorConfig): ResolvedSalesforceConfig {
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
    externalIdField: c.externalIdField ?? 'Tickler_Key__c',
    owners: c.owners ?? {},
    name: c.name ?? 'salesforce',
    limitWaitMs: c.limitWaitMs ?? 60_000,
  };
}
