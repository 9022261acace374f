import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { ConnectorPriority } from 'tickler';

/**
 * Options of {@link pipedriveConnector}. Give `apiToken` (a user's personal API token)
 * or `accessToken` (an OAuth access token, or the host's provider of them), not both.
 *
 * @example
 * ```ts
 * import type { PipedriveConnectorConfig } from 'tickler/pipedrive';
 *
 * const config: PipedriveConnectorConfig = {
 *   apiDomain: 'https://acme.pipedrive.com',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   owners: { 'u-rosa': 1234567 },
 *   priorities: { high: 3, urgent: 3 },
 * };
 * ```
 */
export interface PipedriveConnectorConfig {
  /** A personal API token (Settings › Personal preferences › API), sent as `x-api-token`. It cannot be refreshed. */
  apiToken?: string | undefined;
  /** An OAuth access token, or the host's token provider (asked again with `refresh: true` once after Pipedrive refuses one). Sent as `Authorization: Bearer`. */
  accessToken?: string | AccessTokenProvider | undefined;
  /**
   * Where the API is: the company domain (`https://acme.pipedrive.com`), or the
   * `api_domain` of an OAuth token. tickler calls `<apiDomain>/api/v2` and
   * `<apiDomain>/api/v1`. Default `https://api.pipedrive.com`.
   */
  apiDomain?: string | undefined;
  /**
   * The company's Pipedrive address in the browser, such as `https://acme.pipedrive.com`,
   * for the link tickler keeps with each operation. Default: `apiDomain` when it is a
   * company domain, else no link.
   */
  appUrl?: string | undefined;
  /** The activity type's key (`task`, `call`, `meeting`, `email`, or a custom type's key). Default `task`; `fields.type` overrides it per work. */
  activityType?: string | undefined;
  /** tickler user ids to Pipedrive user ids, for the activity's owner. A user not listed is looked up by email. */
  owners?: Record<string, number> | undefined;
  /**
   * tickler priorities to the ids of the options of the activity field `priority`
   * (`GET /api/v2/activityFields/priority` lists them). A priority not listed is not sent.
   */
  priorities?: Partial<Record<ConnectorPriority, number>> | undefined;
  /** Send the due time (`due_time`, in UTC) with the due date. False makes activities without a time, due on the day in the work's zone. Default true. */
  dueTime?: boolean | undefined;
  /** The connector's name in tickler. Default `pipedrive`. */
  name?: string | undefined;
  /** How long a 429 that carries neither `Retry-After` nor `x-ratelimit-reset` makes tickler wait, in ms. Default 2,000 (Pipedrive's rate-limit window). */
  limitWaitMs?: number | undefined;
}

/** A {@link PipedriveConnectorConfig} with its defaults applied. */
export interface ResolvedPipedriveConfig {
  apiToken: string | null;
  accessToken: string | AccessTokenProvider | null;
  apiDomain: string;
  appUrl: string | null;
  activityType: string;
  owners: Record<string, number>;
  priorities: Partial<Record<ConnectorPriority, number>>;
  dueTime: boolean;
  name: string;
  limitWaitMs: number;
}

const pipedriveId = (what: string) => z.number({ error: `${what} is a Pipedrive id, a whole number such as 1234567.` }).int({ error: `${what} is a whole number.` }).min(1, { error: `${what} is at least 1.` }).max(Number.MAX_SAFE_INTEGER);
const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `${what} is an http(s) URL such as https://acme.pipedrive.com.` });
const COMPANY_DOMAIN = /^https:\/\/(?!api\.)[a-z0-9-]+\.pipedrive\.com$/i;

const schema = z.strictObject({
  apiToken: z.string({ error: 'apiToken is the API token text.' }).regex(/^\S+$/, { error: 'apiToken is empty or has spaces.' }).optional(),
  accessToken: z
    .union([z.string().regex(/^\S+$/, { error: 'The access token is empty or has spaces.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' })
    .optional(),
  apiDomain: httpUrl('apiDomain').optional(),
  appUrl: httpUrl('appUrl').optional(),
  activityType: z.string().regex(/^[A-Za-z0-9_]{1,100}$/, { error: 'activityType is an activity type key such as task or call (letters, digits, _).' }).optional(),
  owners: z.record(z.string().min(1), pipedriveId('A Pipedrive user id')).optional(),
  priorities: z.partialRecord(z.enum(['low', 'normal', 'high', 'urgent'], { error: 'priorities are keyed low, normal, high or urgent.' }), pipedriveId('A priority option id')).optional(),
  dueTime: z.boolean().optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000).optional(),
});

/** Validates a {@link PipedriveConnectorConfig}; a ValidationError naming the field otherwise. */
export function parsePipedriveConfig(config: PipedriveConnectorConfig): ResolvedPipedriveConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.apiToken === undefined && c.accessToken === undefined) throw ValidationError.field('apiToken', 'Give apiToken (a personal API token) or accessToken (OAuth).');
  if (c.apiToken !== undefined && c.accessToken !== undefined) throw ValidationError.field('accessToken', 'Give apiToken or accessToken, not both: Pipedrive would take the API token and ignore the OAuth one.');
  const apiDomain = (c.apiDomain ?? 'https://api.pipedrive.com').replace(/\/+$/, '');
  return {
    apiToken: c.apiToken ?? null,
    accessToken: c.accessToken ?? null,
    apiDomain,
    appUrl: c.appUrl?.replace(/\/+$/, '') ?? (COMPANY_DOMAIN.test(apiDomain) ? apiDomain : null),
    activityType: c.activityType ?? 'task',
    owners: c.owners ?? {},
    priorities: c.priorities ?? {},
    dueTime: c.dueTime ?? true,
    name: c.name ?? 'pipedrive',
    limitWaitMs: c.limitWaitMs ?? 2_000,
  };
}
