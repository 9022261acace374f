import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { ZohoFetch } from './zoho-client';

/**
 * Options of {@link zohoConnector}.
 *
 * @example
 * ```ts
 * import type { ZohoConnectorConfig } from 'tickler/zoho';
 *
 * const config: ZohoConnectorConfig = {
 *   apiDomain: 'https://www.zohoapis.eu',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   owners: { 'u-rosa': '5725767000000411001' },
 * };
 * ```
 */
export interface ZohoConnectorConfig {
  /**
   * The org's API domain, as Zoho returned it with the token (`api_domain`): one per data
   * centre, such as `https://www.zohoapis.com`, `.eu`, `.in`, `.com.au`, `.jp`, `.ca`,
   * `.sa` or `.com.cn`. Default `https://www.zohoapis.com`.
   */
  apiDomain?: string | undefined;
  /** An access token, or the host's token provider (asked again with `refresh: true` once after Zoho refuses one; Zoho tokens last an hour). */
  accessToken: string | AccessTokenProvider;
  /** The REST API version. Default `v6`. */
  apiVersion?: string | undefined;
  /**
   * The API name of the Tasks field that holds tickler's idempotency key: a Single Line
   * field marked "Do not allow duplicate values". Default `Tickler_Key`.
   */
  keyField?: string | undefined;
  /** tickler user ids to Zoho CRM user ids, for task owners. A user not listed is looked up by email among the active users. */
  owners?: Record<string, string> | undefined;
  /** The org's address in the browser, such as `https://crm.zoho.eu/crm/org20001234`, to link each task (`<appUrl>/tab/Tasks/<id>`). Default: no link. */
  appUrl?: string | undefined;
  /** The connector's name in tickler. Default `zoho`. */
  name?: string | undefined;
  /** How long a rate limit (HTTP 429 `TOO_MANY_REQUESTS`, which documents no Retry-After) makes tickler wait, in ms. Default 60,000. */
  rateLimitWaitMs?: number | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: ZohoFetch | undefined;
}

/** A {@link ZohoConnectorConfig} with its defaults applied. */
export interface ResolvedZohoConfig {
  apiDomain: string;
  accessToken: string | AccessTokenProvider;
  apiVersion: string;
  keyField: string;
  owners: Record<string, string>;
  appUrl: string | null;
  name: string;
  rateLimitWaitMs: number;
  fetch: ZohoFetch;
}

/** Zoho CRM record and user ids: long numbers, such as `3652397000000624046`. */
export const ZOHO_ID = /^\d{10,25}$/;
/** A field API name as Zoho writes them (`Subject`, `Tickler_Key`). */
export const ZOHO_FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The URL `value` is, when it is an http(s) address without credentials, query or fragment. */
function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '' ? url : null;
  } catch {
    return null;
  }
}

const schema = z.strictObject({
  apiDomain: z
    .string()
    .superRefine((value, ctx) => {
      const url = httpUrl(value);
      if (url === null) ctx.addIssue({ code: 'custom', message: 'apiDomain is the api_domain Zoho returned with the token, such as https://www.zohoapis.eu.' });
      else if (url.pathname !== '/') ctx.addIssue({ code: 'custom', message: 'apiDomain is a bare domain such as https://www.zohoapis.eu, without /crm/v6: tickler adds the path.' });
    })
    .optional(),
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], {
    error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.',
  }),
  apiVersion: z.string().regex(/^v[2-9]$/, { error: 'apiVersion is a Zoho CRM REST version such as v6.' }).optional(),
  keyField: z.string().regex(ZOHO_FIELD, { error: 'keyField is the API name of a custom Tasks field, such as Tickler_Key.' }).optional(),
  owners: z.record(z.string().min(1), z.string().regex(ZOHO_ID, { error: 'A Zoho CRM user id is a long number, such as 5725767000000411001.' })).optional(),
  appUrl: z
    .string()
    .refine((value) => httpUrl(value) !== null, { error: 'appUrl is the org address in the browser, such as https://crm.zoho.eu/crm/org20001234.' })
    .optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  rateLimitWaitMs: z.number().int({ error: 'Give a whole number of milliseconds.' }).min(1, { error: 'Give a positive number of milliseconds.' }).max(86_400_000, { error: 'Give at most a day (86400000 ms).' }).optional(),
  fetch: z.custom<ZohoFetch>((value) => typeof value === 'function', { error: 'Give a fetch-compatible function.' }).optional(),
});

/** Validates a {@link ZohoConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseZohoConfig(config: ZohoConnectorConfig): ResolvedZohoConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  return {
    apiDomain: (c.apiDomain ?? 'https://www.zohoapis.com').replace(/\/+$/, ''),
    accessToken: c.accessToken,
    apiVersion: c.apiVersion ?? 'v6',
    keyField: c.keyField ?? 'Tickler_Key',
    owners: c.owners ?? {},
    appUrl: c.appUrl?.replace(/\/+$/, '') ?? null,
    name: c.name ?? 'zoho',
    rateLimitWaitMs: c.rateLimitWaitMs ?? 60_000,
    fetch: c.fetch ?? ((url, init) => fetch(url, init)),
  };
}
