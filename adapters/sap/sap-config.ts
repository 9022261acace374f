import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { SapFetch } from './sap-client';

/** A communication user's credentials (on-premise, or a communication arrangement's inbound user in S/4HANA Cloud). */
export interface SapBasicAuth {
  /** The user name, such as a communication user `TICKLER_COMM`. */
  username: string;
  /** Its password. */
  password: string;
}

/** An OAuth bearer token from BTP (an XSUAA or IAS client), through the host's token provider. */
export interface SapTokenAuth {
  /** Asked with `refresh: false` before requests, and once with `refresh: true` after SAP refuses a token. */
  accessToken: AccessTokenProvider;
}

/**
 * Options of {@link sapSource}.
 *
 * @example
 * ```ts
 * import type { SapSourceConfig } from 'tickler/sap';
 *
 * const config: SapSourceConfig = {
 *   baseUrl: 'https://my400000-api.s4hana.cloud.sap',
 *   auth: { username: 'TICKLER_COMM', password: process.env.SAP_PASSWORD ?? '' },
 *   companyCode: '1010',
 * };
 * ```
 */
export interface SapSourceConfig {
  /**
   * The system's API host (and, on-premise behind a reverse proxy, a path prefix), such
   * as `https://my400000-api.s4hana.cloud.sap`. tickler appends
   * `/sap/opu/odata/sap/API_BUSINESS_PARTNER` and `/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV`.
   */
  baseUrl: string;
  /** Basic authentication with a communication user, or a bearer token provider (OAuth on BTP). */
  auth: SapBasicAuth | SapTokenAuth;
  /** Reads only this company code's receivables (four characters, such as `1010`). Default: every company code the user may read. */
  companyCode?: string | undefined;
  /** The `sap-client` query parameter (three digits) for an on-premise system with several clients. */
  sapClient?: string | undefined;
  /** Rows asked for per request (`$top`), 1 to 5,000. Default: the pull's `limit`, at most 1,000. */
  pageSize?: number | undefined;
  /**
   * How far back each pull looks before the last change it saw, in ms. Default 600,000 (ten
   * minutes). SAP stamps documents with the time the posting started, not when it became
   * visible, and on-premise in the system's own zone: set at least an hour where that zone has
   * daylight saving time.
   */
  marginMs?: number | undefined;
  /**
   * The number people see: `reference` (the document's `DocumentReferenceID`, the billing
   * document for an SD invoice, falling back to the accounting document) or `document` (the
   * accounting document). Default `reference`.
   */
  number?: 'reference' | 'document' | undefined;
  /** How long a 429 without `Retry-After` makes tickler wait, in ms. Default 60,000. */
  limitWaitMs?: number | undefined;
  /** The source's name in tickler: ids are kept as `<name>:<id>`. Default `sap`. */
  name?: string | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: SapFetch | undefined;
}

/** A {@link SapSourceConfig} with its defaults applied. */
export interface ResolvedSapConfig {
  baseUrl: string;
  auth: { kind: 'basic'; header: string } | { kind: 'token'; provider: AccessTokenProvider };
  companyCode: string | null;
  sapClient: string | null;
  pageSize: number | null;
  marginMs: number;
  number: 'reference' | 'document';
  limitWaitMs: number;
  name: string;
  fetch: SapFetch;
}

const baseUrl = (text: string): string | null => {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
};

const schema = z.strictObject({
  baseUrl: z.string({ error: 'baseUrl is the API host, such as https://my400000-api.s4hana.cloud.sap.' }).refine((u) => baseUrl(u) !== null, { error: 'baseUrl is the API host, such as https://my400000-api.s4hana.cloud.sap (http or https, no credentials, query or fragment).' }),
  auth: z.union(
    [
      z.strictObject({ username: z.string().trim().min(1, { error: 'The user name is empty.' }), password: z.string().min(1, { error: 'The password is empty.' }) }),
      z.strictObject({ accessToken: z.custom<AccessTokenProvider>((v) => typeof v === 'function', { error: 'accessToken is a function ({ refresh }) => Promise<token>.' }) }),
    ],
    { error: 'auth is { username, password } or { accessToken: ({ refresh }) => Promise<token> }.' },
  ),
  companyCode: z.string().regex(/^[A-Z0-9]{1,4}$/, { error: 'companyCode is up to four capital letters or digits, such as 1010.' }).optional(),
  sapClient: z.string().regex(/^\d{3}$/, { error: 'sapClient is three digits, such as 100.' }).optional(),
  pageSize: z.number().int().min(1, { error: 'pageSize is 1 to 5,000.' }).max(5000, { error: 'pageSize is 1 to 5,000.' }).optional(),
  marginMs: z.number().int().min(0, { error: 'marginMs is 0 to 86,400,000.' }).max(86_400_000, { error: 'marginMs is 0 to 86,400,000.' }).optional(),
  number: z.enum(['reference', 'document'], { error: "number is 'reference' or 'document'." }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
  fetch: z.custom<SapFetch>((v) => typeof v === 'function', { error: 'fetch is a fetch-compatible function.' }).optional(),
});

/** Validates a {@link SapSourceConfig}; a ValidationError naming the field otherwise. */
export function parseSapConfig(config: SapSourceConfig): ResolvedSapConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  const auth: ResolvedSapConfig['auth'] =
    'accessToken' in c.auth
      ? { kind: 'token', provider: c.auth.accessToken }
      : { kind: 'basic', header: `Basic ${Buffer.from(`${c.auth.username}:${c.auth.password}`, 'utf8').toString('base64')}` };
  return {
    baseUrl: baseUrl(c.baseUrl) as string,
    auth,
    companyCode: c.companyCode ?? null,
    sapClient: c.sapClient ?? null,
    pageSize: c.pageSize ?? null,
    marginMs: c.marginMs ?? 600_000,
    number: c.number ?? 'reference',
    limitWaitMs: c.limitWaitMs ?? 60_000,
    name: c.name ?? 'sap',
    fetch: c.fetch ?? ((url, init) => fetch(url, init)),
  };
}
