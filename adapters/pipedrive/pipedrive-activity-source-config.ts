import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';

/**
 * Options of {@link pipedriveActivitySource}. Give `apiToken` (a user's personal API
 * token) or `accessToken` (an OAuth access token, or the host's provider of them), not
 * both, as for the connector.
 *
 * @example
 * ```ts
 * import type { PipedriveActivitySourceConfig } from 'tickler/pipedrive';
 *
 * const config: PipedriveActivitySourceConfig = {
 *   apiDomain: 'https://acme.pipedrive.com',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   since: '2026-01-01T00:00:00Z',
 * };
 * ```
 */
export interface PipedriveActivitySourceConfig {
  /** A personal API token, sent as `x-api-token`. It cannot be refreshed. */
  apiToken?: string | undefined;
  /** An OAuth access token, or the host's token provider (asked again with `refresh: true` after Pipedrive refuses one). Sent as `Authorization: Bearer`. */
  accessToken?: string | AccessTokenProvider | undefined;
  /** The company domain (`https://acme.pipedrive.com`) or the OAuth token's `api_domain`; tickler calls `<apiDomain>/api/v1/recents`. Default `https://api.pipedrive.com`. */
  apiDomain?: string | undefined;
  /** Where the first pull starts: persons changed after this instant. Default `2010-01-01T00:00:00Z` (before Pipedrive's first company), that is every person. */
  since?: Date | string | undefined;
  /**
   * How far before the last change seen the next pull starts, in seconds. Pipedrive's
   * times are whole seconds and a change can land a moment after one with a later time
   * was read; re-reading a minute is cheap and tickler applies a change seen twice once.
   * Default 60.
   */
  marginSeconds?: number | undefined;
  /** The `kind` of the activity changes. Default `crm-activity`. */
  kind?: string | undefined;
  /** The source's name in tickler: ids are kept as `<name>:<person id>`. Default `pipedrive`. */
  name?: string | undefined;
  /** How long a 429 that carries neither `Retry-After` nor `x-ratelimit-reset` makes tickler wait, in ms. Default 2,000 (Pipedrive's rate-limit window). */
  limitWaitMs?: number | undefined;
}

/** A {@link PipedriveActivitySourceConfig} with its defaults applied. */
export interface ResolvedPipedriveActivitySourceConfig {
  apiToken: string | null;
  accessToken: string | AccessTokenProvider | null;
  apiDomain: string;
  /** In milliseconds since the epoch. */
  since: number;
  marginMs: number;
  kind: string;
  name: string;
  limitWaitMs: number;
}

const instant = z.union([z.date(), z.iso.datetime({ offset: true })], { error: 'since is a Date or an ISO 8601 instant with its offset, such as 2026-01-01T00:00:00Z.' });

const schema = z.strictObject({
  apiToken: z.string({ error: 'apiToken is the API token text.' }).regex(/^\S+$/, { error: 'apiToken is empty or has spaces.' }).optional(),
  accessToken: z
    .union([z.string().regex(/^\S+$/, { error: 'The access token is empty or has spaces.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' })
    .optional(),
  apiDomain: z.url({ protocol: /^https?$/, error: 'apiDomain is an http(s) URL such as https://acme.pipedrive.com.' }).optional(),
  since: instant.optional(),
  marginSeconds: z.number().int({ error: 'marginSeconds is a whole number of seconds.' }).min(0).max(86_400, { error: 'marginSeconds is at most a day (86400).' }).optional(),
  kind: z.string().trim().min(1, { error: 'kind cannot be empty.' }).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000).optional(),
});

/** Validates a {@link PipedriveActivitySourceConfig}; a ValidationError naming the field otherwise. */
export function parsePipedriveActivitySourceConfig(config: PipedriveActivitySourceConfig): ResolvedPipedriveActivitySourceConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.apiToken === undefined && c.accessToken === undefined) throw ValidationError.field('apiToken', 'Give apiToken (a personal API token) or accessToken (OAuth).');
  if (c.apiToken !== undefined && c.accessToken !== undefined) throw ValidationError.field('accessToken', 'Give apiToken or accessToken, not both: Pipedrive would take the API token and ignore the OAuth one.');
  return {
    apiToken: c.apiToken ?? null,
    accessToken: c.accessToken ?? null,
    apiDomain: (c.apiDomain ?? 'https://api.pipedrive.com').replace(/\/+$/, ''),
    since: c.since === undefined ? Date.UTC(2010, 0, 1) : new Date(c.since).getTime(),
    marginMs: (c.marginSeconds ?? 60) * 1000,
    kind: c.kind ?? 'crm-activity',
    name: c.name ?? 'pipedrive',
    limitWaitMs: c.limitWaitMs ?? 2_000,
  };
}
