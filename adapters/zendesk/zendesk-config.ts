import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';

/**
 * Options of {@link zendeskConnector}. Give the account (`subdomain`, or `endpointUri`)
 * and one credential: an OAuth `accessToken`, or an agent's `email` with an `apiToken`.
 *
 * @example
 * ```ts
 * import type { ZendeskConnectorConfig } from 'tickler/zendesk';
 *
 * const config: ZendeskConnectorConfig = {
 *   subdomain: 'acme',
 *   accessToken: async ({ refresh }) => (refresh ? 'a fresh token from your OAuth flow' : 'the cached token'),
 *   assignees: { 'u-rosa': 421000000001 },
 *   groupId: 360000000042,
 * };
 * ```
 */
export interface ZendeskConnectorConfig {
  /** The account's subdomain: `acme` for `https://acme.zendesk.com`. */
  subdomain?: string | undefined;
  /**
   * The API's base URL instead of `subdomain`, such as `https://acme.zendesk.com/api/v2`
   * (node-zendesk's `endpointUri`): a host-mapped domain, or a local double in tests.
   */
  endpointUri?: string | undefined;
  /** An OAuth access token (`Authorization: Bearer`), or the host's token provider, asked again with `refresh: true` once after Zendesk refuses one. */
  accessToken?: string | AccessTokenProvider | undefined;
  /** With `apiToken`: the email of the agent the API token acts as (Basic `{email}/token:{apiToken}`). */
  email?: string | undefined;
  /** Instead of `accessToken`: an API token (Admin Center › Apps and integrations › Zendesk API), or a provider of one. */
  apiToken?: string | AccessTokenProvider | undefined;
  /** tickler user ids to Zendesk user ids (agents), for `assignee_id`. A user not listed is assigned by `assignee_email`. */
  assignees?: Record<string, number | string> | undefined;
  /** The group every ticket goes to (`group_id`) unless the work's `fields.group_id` says otherwise. Default: Zendesk's routing. */
  groupId?: number | string | undefined;
  /** Tags added to every ticket, beside the work's own. Default none. */
  tags?: string[] | undefined;
  /** Whether the first comment (the work's body) is public, so the requester is emailed it. Default false: an internal note. */
  publicComment?: boolean | undefined;
  /**
   * What a due time does. `task` (default): the ticket becomes a Zendesk task
   * (`type: task`) due at that time (`due_at`), since Zendesk keeps due dates on tasks
   * only. `ignore`: no due date is sent and the type is left alone.
   */
  dueDates?: 'task' | 'ignore' | undefined;
  /** How long a 429 without `Retry-After` or rate-limit headers makes tickler wait, in ms. Default 60,000. */
  limitWaitMs?: number | undefined;
  /** The connector's name in tickler. Default `zendesk`. */
  name?: string | undefined;
}

/** How a request authenticates: what node-zendesk's `oauth`, `username` and `token` options get. */
export type ZendeskCredential = { kind: 'oauth'; token: string | AccessTokenProvider } | { kind: 'api-token'; email: string; token: string | AccessTokenProvider };

/** A {@link ZendeskConnectorConfig} with its defaults applied. */
export interface ResolvedZendeskConfig {
  /** The API base URL, without a trailing slash, such as `https://acme.zendesk.com/api/v2`. */
  endpointUri: string;
  /** Where agents open a ticket: `<origin>/agent/tickets/<id>`. */
  agentOrigin: string;
  credential: ZendeskCredential;
  assignees: Record<string, number>;
  groupId: number | null;
  tags: string[];
  publicComment: boolean;
  dueDates: 'task' | 'ignore';
  limitWaitMs: number;
  name: string;
}

/** A Zendesk id (users, groups, organizations): a positive integer, given as a number or as digits. */
export const zendeskId = (what: string) => {
  const error = `${what} is a Zendesk id, a positive integer such as 360000000042.`;
  return z.union([z.number(), z.string().regex(/^\d+$/, { error })], { error }).transform((v, ctx) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: error });
      return z.NEVER;
    }
    return n;
  });
};

const token = (what: string) =>
  z.union([z.string().trim().min(1, { error: `The ${what} is empty.` }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: `${what} is a token or a function ({ refresh }) => Promise<token>.` });

const schema = z.strictObject({
  subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, { error: 'subdomain is the account name in https://<subdomain>.zendesk.com, such as acme.' }).optional(),
  endpointUri: z.url({ protocol: /^https?$/, error: 'endpointUri is the API base URL, such as https://acme.zendesk.com/api/v2.' }).optional(),
  accessToken: token('accessToken').optional(),
  email: z.email({ error: 'email is the address of the agent the API token acts as.' }).optional(),
  apiToken: token('apiToken').optional(),
  assignees: z.record(z.string().min(1), zendeskId('An assignee')).optional(),
  groupId: zendeskId('groupId').optional(),
  tags: z.array(z.string().regex(/^[^\s,]{1,80}$/, { error: 'A Zendesk tag has no spaces or commas, up to 80 characters.' })).max(50).optional(),
  publicComment: z.boolean({ error: 'publicComment is true or false.' }).optional(),
  dueDates: z.enum(['task', 'ignore'], { error: 'dueDates is task or ignore.' }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000, { error: 'limitWaitMs is at most a day.' }).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
});

/** Validates a {@link ZendeskConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseZendeskConfig(config: ZendeskConnectorConfig): ResolvedZendeskConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.subdomain === undefined && c.endpointUri === undefined) throw ValidationError.field('subdomain', 'Give the subdomain (acme for https://acme.zendesk.com), or endpointUri.');
  if (c.subdomain !== undefined && c.endpointUri !== undefined) throw ValidationError.field('endpointUri', 'Give subdomain or endpointUri, not both.');
  if (c.accessToken !== undefined && c.apiToken !== undefined) throw ValidationError.field('apiToken', 'Give accessToken (OAuth) or email with apiToken, not both.');
  if (c.accessToken === undefined && c.apiToken === undefined) throw ValidationError.field('accessToken', 'Give accessToken (an OAuth token or a token provider), or email with apiToken.');
  if (c.apiToken !== undefined && c.email === undefined) throw ValidationError.field('email', 'An API token acts as an agent: give that agent\'s email with apiToken.');
  if (c.accessToken !== undefined && c.email !== undefined) throw ValidationError.field('email', 'email goes with apiToken; an OAuth accessToken already names its user.');
  const endpointUri = (c.endpointUri ?? `https://${c.subdomain as string}.zendesk.com/api/v2`).replace(/\/+$/, '');
  return {
    endpointUri,
    agentOrigin: new URL(endpointUri).origin,
    credential: c.apiToken !== undefined ? { kind: 'api-token', email: c.email as string, token: c.apiToken } : { kind: 'oauth', token: c.accessToken as string | AccessTokenProvider },
    assignees: c.assignees ?? {},
    groupId: c.groupId ?? null,
    tags: c.tags ?? [],
    publicComment: c.publicComment ?? false,
    dueDates: c.dueDates ?? 'task',
    limitWaitMs: c.limitWaitMs ?? 60_000,
    name: c.name ?? 'zendesk',
  };
}
