import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { QuickBooksFetch } from './quickbooks-client';

/** Intuit's production API host. The sandbox is `https://sandbox-quickbooks.api.intuit.com`. */
export const QUICKBOOKS_PRODUCTION_URL = 'https://quickbooks.api.intuit.com';

/**
 * The Accounting API minor version the source asks for. Since 1 August 2025 Intuit
 * serves nothing older: a request for 1–74, or none, is answered as 75.
 */
export const QUICKBOOKS_MINOR_VERSION = 75;

/**
 * Options of {@link quickbooksSource}.
 *
 * @example
 * ```ts
 * import type { QuickBooksSourceConfig } from 'tickler/quickbooks';
 *
 * const config: QuickBooksSourceConfig = {
 *   realmId: '9341452981234567',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   webhookVerifierToken: process.env.QBO_VERIFIER_TOKEN,
 * };
 * ```
 */
export interface QuickBooksSourceConfig {
  /** The company's id (the `realmId` Intuit returns with the OAuth authorization code). */
  realmId: string;
  /** The host's token provider, asked with `refresh: true` once after QuickBooks refuses a token; see `intuitTokenProvider`. */
  accessToken: AccessTokenProvider;
  /** The API host. Default {@link QUICKBOOKS_PRODUCTION_URL}. */
  baseUrl?: string | undefined;
  /** The Accounting API minor version. Default {@link QUICKBOOKS_MINOR_VERSION}; at least 75. */
  minorVersion?: number | undefined;
  /** The app's webhooks Verifier Token (Intuit Developer portal → your app → Webhooks → Show token). Without it the source has no `webhooks`. */
  webhookVerifierToken?: string | undefined;
  /** Records per query page during a load. Default: tickler's page size hint; at most 1,000 (Intuit's `MAXRESULTS` limit). */
  pageSize?: number | undefined;
  /** The company's home currency, for invoices without `CurrencyRef`. Default: read once from the company's Preferences. */
  homeCurrency?: string | undefined;
  /** How far before QuickBooks' own time a cursor restarts, in ms, so a change committed late is still seen. Default 300,000 (5 minutes). */
  cursorMarginMs?: number | undefined;
  /** The wait reported for a throttled request (429) without `Retry-After`, in ms. Default 60,000: the limit is 500 requests per minute. */
  throttleWaitMs?: number | undefined;
  /**
   * How old a webhook's event time may be, in ms. Intuit's signature covers the body but
   * has no timestamp of its own; the event times inside the signed body bound a replay.
   * Default 86,400,000 (a day, so a delivery Intuit retries later is still read).
   */
  webhookToleranceMs?: number | undefined;
  /** The most objects one CDC answer holds per entity, past which the source catches up with queries. Default 1,000, Intuit's limit; lower only in tests. */
  cdcObjectLimit?: number | undefined;
  /** The source's name in tickler; ids are kept as `<name>:<id>`. Default `quickbooks`. */
  name?: string | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: QuickBooksFetch | undefined;
}

/** A {@link QuickBooksSourceConfig} with its defaults applied. */
export interface ResolvedQuickBooksConfig {
  realmId: string;
  accessToken: AccessTokenProvider;
  baseUrl: string;
  minorVersion: number;
  webhookVerifierToken: string | null;
  pageSize: number | null;
  homeCurrency: string | null;
  cursorMarginMs: number;
  throttleWaitMs: number;
  webhookToleranceMs: number;
  cdcObjectLimit: number;
  name: string;
  fetch: QuickBooksFetch;
}

const ms = (max: number) =>
  z
    .number()
    .int({ error: 'Give a whole number of milliseconds.' })
    .min(0, { error: 'Give a number of milliseconds of 0 or more.' })
    .max(max, { error: `Give at most ${max} ms.` });

const schema = z.strictObject({
  realmId: z.string().regex(/^\d{1,25}$/, { error: 'realmId is the QuickBooks company id, digits only, such as 9341452981234567.' }),
  accessToken: z.custom<AccessTokenProvider>((v) => typeof v === 'function', { error: 'accessToken is a function ({ refresh }) => Promise<token>; see intuitTokenProvider.' }),
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl is the API host, such as https://quickbooks.api.intuit.com.' }).optional(),
  minorVersion: z.number().int().min(75, { error: 'Intuit serves minor version 75 and later only.' }).max(999).optional(),
  webhookVerifierToken: z.string().trim().min(1, { error: 'The verifier token is empty.' }).optional(),
  pageSize: z.number().int().min(1).max(1000, { error: 'QuickBooks returns at most 1000 records per query.' }).optional(),
  homeCurrency: z.string().regex(/^[A-Z]{3}$/, { error: 'homeCurrency is an ISO 4217 code such as USD.' }).optional(),
  cursorMarginMs: ms(86_400_000).optional(),
  throttleWaitMs: ms(3_600_000).optional(),
  webhookToleranceMs: ms(7 * 86_400_000).optional(),
  cdcObjectLimit: z.number().int().min(1).max(1000).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
  fetch: z.custom<QuickBooksFetch>((v) => typeof v === 'function', { error: 'Give a fetch-compatible function.' }).optional(),
});

/** Validates a {@link QuickBooksSourceConfig}; a ValidationError naming the field otherwise. */
export function parseQuickBooksConfig(config: QuickBooksSourceConfig): ResolvedQuickBooksConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  return {
    realmId: c.realmId,
    accessToken: c.accessToken,
    baseUrl: (c.baseUrl ?? QUICKBOOKS_PRODUCTION_URL).replace(/\/+$/, ''),
    minorVersion: c.minorVersion ?? QUICKBOOKS_MINOR_VERSION,
    webhookVerifierToken: c.webhookVerifierToken ?? null,
    pageSize: c.pageSize ?? null,
    homeCurrency: c.homeCurrency ?? null,
    cursorMarginMs: c.cursorMarginMs ?? 300_000,
    throttleWaitMs: c.throttleWaitMs ?? 60_000,
    webhookToleranceMs: c.webhookToleranceMs ?? 86_400_000,
    cdcObjectLimit: c.cdcObjectLimit ?? 1000,
    name: c.name ?? 'quickbooks',
    fetch: c.fetch ?? ((url, init) => fetch(url, init)),
  };
}
