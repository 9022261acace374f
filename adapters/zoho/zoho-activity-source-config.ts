import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { ZohoFetch } from './zoho-client';

/**
 * Options of {@link zohoActivitySource}.
 *
 * @example
 * ```ts
 * import type { ZohoActivitySourceConfig } from 'tickler/zoho';
 *
 * const config: ZohoActivitySourceConfig = {
 *   apiDomain: 'https://www.zohoapis.eu',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 * };
 * ```
 */
export interface ZohoActivitySourceConfig {
  /** The org's API domain, as Zoho returned it with the token (`api_domain`), such as `https://www.zohoapis.eu`. Default `https://www.zohoapis.com`. */
  apiDomain?: string | undefined;
  /** An access token, or the host's token provider (asked again with `refresh: true` after Zoho refuses one; Zoho tokens last an hour). */
  accessToken: string | AccessTokenProvider;
  /** The REST API version. Default `v6`, as the connector. */
  apiVersion?: string | undefined;
  /** The module whose records are read: `Contacts` (the default), or `Leads` or `Accounts` where those hold the customers. */
  module?: string | undefined;
  /** The API name of the field holding the email tickler finds the customer by. Default `Email`. */
  emailField?: string | undefined;
  /** Where the first pull starts: records modified after this instant. Default: every record. */
  since?: Date | string | undefined;
  /**
   * How far before the last modification seen the next pull starts, in seconds. Zoho's
   * times are whole seconds and its list can show a change a moment after a later one;
   * tickler applies a change seen twice once. Default 60.
   */
  marginSeconds?: number | undefined;
  /** The `kind` of the activity changes. Default `crm-activity`. */
  kind?: string | undefined;
  /** The source's name in tickler: ids are kept as `<name>:<record id>`. Default `zoho`. */
  name?: string | undefined;
  /** How long a rate limit (HTTP 429 `TOO_MANY_REQUESTS`, which documents no Retry-After) makes tickler wait, in ms. Default 60,000. */
  rateLimitWaitMs?: number | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: ZohoFetch | undefined;
}

/** A {@link ZohoActivitySourceConfig} with its defaults applied. */
export interface ResolvedZohoActivitySourceConfig {
  apiDomain: string;
  accessToken: string | AccessTokenProvider;
  apiVersion: string;
  module: string;
  emailField: string;
  /** In ms since the epoch; null reads every record. */
  since: number | null;
  marginMs: number;
  kind: string;
  name: string;
  rateLimitWaitMs: number;
  fetch: ZohoFetch;
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

const schema = z.strictObject({
  apiDomain: z
    .string()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && url.search === '' && url.username === '';
        } catch {
          return false;
        }
      },
      { error: 'apiDomain is the api_domain Zoho returned with the token, a bare domain such as https://www.zohoapis.eu.' },
    )
    .optional(),
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], {
    error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.',
  }),
  apiVersion: z.string().regex(/^v[2-9]$/, { error: 'apiVersion is a Zoho CRM REST version such as v6.' }).optional(),
  module: z.string().regex(FIELD, { error: 'module is a module API name such as Contacts or Leads.' }).optional(),
  emailField: z.string().regex(FIELD, { error: 'emailField is a field API name such as Email.' }).optional(),
  since: z.union([z.date(), z.iso.datetime({ offset: true })], { error: 'since is a Date or an ISO 8601 instant with its offset, such as 2026-01-01T00:00:00Z.' }).optional(),
  marginSeconds: z.number().int({ error: 'marginSeconds is a whole number of seconds.' }).min(0).max(86_400, { error: 'marginSeconds is at most a day (86400).' }).optional(),
  kind: z.string().trim().min(1, { error: 'kind cannot be empty.' }).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
  rateLimitWaitMs: z.number().int().min(1).max(86_400_000, { error: 'Give at most a day (86400000 ms).' }).optional(),
  fetch: z.custom<ZohoFetch>((value) => typeof value === 'function', { error: 'Give a fetch-compatible function.' }).optional(),
});

/** Validates a {@link ZohoActivitySourceConfig}; a ValidationError naming the field otherwise. */
export function parseZohoActivitySourceConfig(config: ZohoActivitySourceConfig): ResolvedZohoActivitySourceConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  return {
    apiDomain: (c.apiDomain ?? 'https://www.zohoapis.com').replace(/\/+$/, ''),
    accessToken: c.accessToken,
    apiVersion: c.apiVersion ?? 'v6',
    module: c.module ?? 'Contacts',
    emailField: c.emailField ?? 'Email',
    since: c.since === undefined ? null : new Date(c.since).getTime(),
    marginMs: (c.marginSeconds ?? 60) * 1000,
    kind: c.kind ?? 'crm-activity',
    name: c.name ?? 'zoho',
    rateLimitWaitMs: c.rateLimitWaitMs ?? 60_000,
    fetch: c.fetch ?? ((url, init) => fetch(url, init)),
  };
}
