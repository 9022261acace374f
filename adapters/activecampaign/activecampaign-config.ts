import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { ActiveCampaignFetch } from './activecampaign-client';

/**
 * Options of {@link activeCampaignConnector}.
 *
 * @example
 * ```ts
 * import type { ActiveCampaignConnectorConfig } from 'tickler/activecampaign';
 *
 * const config: ActiveCampaignConnectorConfig = {
 *   apiUrl: 'https://acme.api-us1.com',
 *   apiToken: process.env.ACTIVECAMPAIGN_API_TOKEN ?? '',
 * };
 * ```
 */
export interface ActiveCampaignConnectorConfig {
  /**
   * The API URL shown in Settings → Developer, such as `https://acme.api-us1.com` (a
   * trailing `/api/3` is accepted). ActiveCampaign asks integrations to take it from
   * there rather than build it from the account name; tests give a local double's URL.
   */
  apiUrl: string;
  /**
   * The API key (Settings → Developer; each user has their own), or the host's provider
   * of it. It is sent as the `Api-Token` header. A provider is asked again with
   * `refresh: true` once after ActiveCampaign refuses the key (a rotated key, a removed user).
   */
  apiToken: string | AccessTokenProvider;
  /**
   * The app's URL that contact links start with. Default `https://<account>.activehosted.com`
   * when the API URL is ActiveCampaign's `https://<account>.api-us<n>.com`; otherwise
   * links are null unless this is given.
   */
  appUrl?: string | undefined;
  /**
   * When the customer's link names no contact, sync the contact by the customer's own
   * email address (ActiveCampaign creates a contact for an address it does not know).
   * Default true. With false, a customer needs `links.activecampaign.contactId` or `email`.
   */
  useCustomerEmail?: boolean | undefined;
  /**
   * How far ActiveCampaign's clock may be behind tickler's, in ms. A retry takes an entry of
   * the contact into the automation dated up to this long before the operation was queued
   * as the one an earlier attempt made. Default 300,000 (five minutes).
   */
  clockSkewMs?: number | undefined;
  /** How many pages of 100 of the contact's automation history a run reads before adding the contact to an automation. Default 5. */
  automationPages?: number | undefined;
  /** The description of a tag tickler creates because the account has none of that name. Default `Created by tickler`. */
  tagDescription?: string | undefined;
  /** How long a 429 without `Retry-After` makes tickler wait, in ms. Default 5,000 (ActiveCampaign allows 5 requests a second per account). */
  limitWaitMs?: number | undefined;
  /** The connector's name in tickler, which work and links refer to. Default `activecampaign`. */
  name?: string | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: ActiveCampaignFetch | undefined;
}

/** An {@link ActiveCampaignConnectorConfig} with its defaults applied. */
export interface ResolvedActiveCampaignConfig {
  apiUrl: string;
  appUrl: string | null;
  apiToken: string | AccessTokenProvider;
  useCustomerEmail: boolean;
  clockSkewMs: number;
  automationPages: number;
  tagDescription: string;
  limitWaitMs: number;
  name: string;
  fetch: ActiveCampaignFetch;
}

/** ActiveCampaign's API hosts: `<account>.api-us1.com` (other regions a different number). */
const API_HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.api-us\d+\.com$/i;

/** An origin from a URL without credentials, query or fragment, whose path is one of `paths`; null otherwise. */
function originOf(text: string, paths: RegExp): string | null {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || !paths.test(url.pathname)) return null;
    return url.origin;
  } catch {
    return null;
  }
}

const apiOrigin = (text: string): string | null => originOf(text, /^(\/|\/api\/3\/?)?$/);
const appOrigin = (text: string): string | null => originOf(text, /^\/?$/);

const schema = z.strictObject({
  apiUrl: z.string({ error: 'apiUrl is the API URL from Settings → Developer, such as https://acme.api-us1.com.' }).refine((u) => apiOrigin(u) !== null, { error: 'apiUrl is the API URL from Settings → Developer, such as https://acme.api-us1.com (no credentials, query or path other than /api/3).' }),
  apiToken: z.union([z.string().trim().min(1, { error: 'The API token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'apiToken is the API key or a function ({ refresh }) => Promise<key>.' }),
  appUrl: z.string().refine((u) => appOrigin(u) !== null, { error: 'appUrl is the app URL contact links start with, such as https://acme.activehosted.com (no path).' }).optional(),
  useCustomerEmail: z.boolean({ error: 'useCustomerEmail is true or false.' }).optional(),
  clockSkewMs: z.number().int().min(0, { error: 'clockSkewMs is 0 to 86,400,000.' }).max(86_400_000, { error: 'clockSkewMs is 0 to 86,400,000.' }).optional(),
  automationPages: z.number().int().min(1, { error: 'automationPages is 1 to 50.' }).max(50, { error: 'automationPages is 1 to 50.' }).optional(),
  tagDescription: z.string().max(255, { error: 'tagDescription is at most 255 characters.' }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  fetch: z.custom<ActiveCampaignFetch>((v) => typeof v === 'function', { error: 'fetch is a fetch-compatible function.' }).optional(),
});

/** Validates an {@link ActiveCampaignConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseActiveCampaignConfig(config: ActiveCampaignConnectorConfig): ResolvedActiveCampaignConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  const apiUrl = apiOrigin(c.apiUrl) as string;
  // ActiveCampaign's own API host names the account, and so the app's host.
  const account = API_HOST.exec(new URL(apiUrl).hostname)?.[1]?.toLowerCase() ?? null;
  const appUrl = c.appUrl === undefined ? (account === null ? null : `https://${account}.activehosted.com`) : appOrigin(c.appUrl);
  return {
    apiUrl,
    appUrl,
    apiToken: c.apiToken,
    useCustomerEmail: c.useCustomerEmail ?? true,
    clockSkewMs: c.clockSkewMs ?? 300_000,
    automationPages: c.automationPages ?? 5,
    tagDescription: c.tagDescription ?? 'Created by tickler',
    limitWaitMs: c.limitWaitMs ?? 5_000,
    name: c.name ?? 'activecampaign',
    fetch: c.fetch ?? ((url, init) => fetch(url, init)),
  };
}
