import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { FreshdeskFetch } from './freshdesk-client';

/**
 * Options of {@link freshdeskConnector}.
 *
 * @example
 * ```ts
 * import type { FreshdeskConnectorConfig } from 'tickler/freshdesk';
 *
 * const config: FreshdeskConnectorConfig = {
 *   domain: 'acme.freshdesk.com',
 *   apiKey: process.env.FRESHDESK_API_KEY ?? '',
 *   groupId: 43000123456,
 *   agents: { 'u-rosa': 43000987654 },
 * };
 * ```
 */
export interface FreshdeskConnectorConfig {
  /** The helpdesk's host, such as `acme.freshdesk.com`, or its base URL (`https://acme.freshdesk.com`; tests give a local double's URL). */
  domain: string;
  /**
   * The API key of the agent tickler acts as (Profile settings → View API key), or the
   * host's provider of it. Freshdesk takes it as the HTTP Basic user name with `X` as
   * the password. A provider is asked again with `refresh: true` once after Freshdesk
   * refuses the key (a rotated key, a deactivated agent).
   */
  apiKey: string | AccessTokenProvider;
  /** The group new tickets go to (`group_id`). Default: none, Freshdesk's own assignment rules decide. */
  groupId?: number | undefined;
  /** tickler user ids to Freshdesk agent ids, for `responder_id`. An assignee not listed is looked up by email (`GET /api/v2/agents?email=`). */
  agents?: Record<string, number> | undefined;
  /** The ticket's `source`: 1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget. Default 2, Freshdesk's own default. */
  source?: number | undefined;
  /** The ticket's `type`, one of the account's ticket types (`Question`, `Incident`…). Default: none. */
  type?: string | undefined;
  /**
   * The custom ticket field (single-line text) that holds tickler's idempotency key.
   * Create it in Admin → Ticket fields; its API name is `cf_` plus the label in lower
   * case. Default `cf_tickler_key`.
   */
  keyField?: string | undefined;
  /**
   * When the customer's link names no requester, use the customer's own email address
   * (Freshdesk makes a contact for an address it does not know). Default false: a
   * customer needs `links.freshdesk.requesterId` or `requesterEmail`, and work about one
   * without is refused when it is queued.
   */
  useCustomerEmail?: boolean | undefined;
  /** How many pages of 100 of the requester's newest tickets a retry reads to find the ticket an earlier attempt made. Default 3. */
  lookupPages?: number | undefined;
  /** How long a 429 without `Retry-After` makes tickler wait, in ms. Default 60,000. */
  limitWaitMs?: number | undefined;
  /** The connector's name in tickler. Default `freshdesk`. */
  name?: string | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: FreshdeskFetch | undefined;
}

/** A {@link FreshdeskConnectorConfig} with its defaults applied. */
export interface ResolvedFreshdeskConfig {
  baseUrl: string;
  apiKey: string | AccessTokenProvider;
  groupId: number | null;
  agents: Readonly<Record<string, number>>;
  source: number;
  type: string | null;
  keyField: string;
  useCustomerEmail: boolean;
  lookupPages: number;
  limitWaitMs: number;
  name: string;
  fetch: FreshdeskFetch;
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** Freshdesk ids are positive integers; they pass JavaScript's safe range only in theory. */
const freshdeskId = (what: string) => z.number({ error: `${what} is a Freshdesk id, a positive whole number.` }).int({ error: `${what} is a Freshdesk id, a positive whole number.` }).positive({ error: `${what} is a Freshdesk id, a positive whole number.` }).max(Number.MAX_SAFE_INTEGER);

/** The helpdesk's base URL from a host name or a URL, or null when it is neither. */
function baseUrlOf(domain: string): string | null {
  const text = domain.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || (url.pathname !== '/' && url.pathname !== '')) return null;
      return url.origin;
    } catch {
      return null;
    }
  }
  return HOST.test(text) ? `https://${text.toLowerCase()}` : null;
}

const schema = z.strictObject({
  domain: z.string({ error: 'domain is the helpdesk host, such as acme.freshdesk.com.' }).refine((d) => baseUrlOf(d) !== null, { error: 'domain is the helpdesk host, such as acme.freshdesk.com, or a base URL such as https://acme.freshdesk.com (no path).' }),
  apiKey: z.union([z.string().trim().min(1, { error: 'The API key is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'apiKey is the agent API key or a function ({ refresh }) => Promise<key>.' }),
  groupId: freshdeskId('groupId').optional(),
  agents: z.record(z.string().min(1), freshdeskId('An agent id')).optional(),
  source: z.number().int().refine((s) => [1, 2, 3, 7, 9].includes(s), { error: 'source is 1 (email), 2 (portal), 3 (phone), 7 (chat) or 9 (feedback widget).' }).optional(),
  type: z.string().trim().min(1, { error: 'type is a ticket type such as Question.' }).max(255).optional(),
  keyField: z.string().regex(/^cf_[a-z0-9_]+$/, { error: 'keyField is a custom ticket field API name such as cf_tickler_key.' }).optional(),
  useCustomerEmail: z.boolean().optional(),
  lookupPages: z.number().int().min(1, { error: 'lookupPages is 1 to 10.' }).max(10, { error: 'lookupPages is 1 to 10.' }).optional(),
  limitWaitMs: z.number().int().min(1).max(86_400_000).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  fetch: z.custom<FreshdeskFetch>((v) => typeof v === 'function', { error: 'fetch is a fetch-compatible function.' }).optional(),
});

/** Validates a {@link FreshdeskConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseFreshdeskConfig(config: FreshdeskConnectorConfig): ResolvedFreshdeskConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  return {
    baseUrl: baseUrlOf(c.domain) as string,
    apiKey: c.apiKey,
    groupId: c.groupId ?? null,
    agents: c.agents ?? {},
    source: c.source ?? 2,
    type: c.type ?? null,
    keyField: c.keyField ?? 'cf_tickler_key',
    useCustomerEmail: c.useCustomerEmail ?? false,
    lookupPages: c.lookupPages ?? 3,
    limitWaitMs: c.limitWaitMs ?? 60_000,
    name: c.name ?? 'freshdesk',
    fetch: c.fetch ?? ((url, init) => fetch(url, init)),
  };
}
