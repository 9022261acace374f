import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import { MAILCHIMP_NEW_STATUSES, type MailchimpNewStatus } from './mailchimp-client';

/**
 * Options of {@link mailchimpConnector}. Give `apiKey` (an API key such as
 * `0123456789abcdef0123456789abcdef-us6`, whose end is the server prefix) or `accessToken`
 * (an OAuth access token, with `server`), each also as the host's provider of it.
 *
 * @example
 * ```ts
 * import type { MailchimpConnectorConfig } from 'tickler/mailchimp';
 *
 * const config: MailchimpConnectorConfig = {
 *   apiKey: process.env.MAILCHIMP_API_KEY ?? '0123456789abcdef0123456789abcdef-us6',
 *   listId: '57afe96172',
 *   statusIfNew: 'subscribed',
 * };
 * ```
 */
export interface MailchimpConnectorConfig {
  /**
   * An API key (Account & billing → Extras → API keys), sent as the HTTP Basic password, or the
   * host's provider of one (asked again with `refresh: true` once after Mailchimp refuses
   * a key: a rotated key). A fixed key cannot be refreshed.
   */
  apiKey?: string | AccessTokenProvider | undefined;
  /** An OAuth access token (Bearer), or the host's token provider (asked again with `refresh: true` once after Mailchimp refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /**
   * The data center prefix, such as `us6`: the end of an API key, or `dc` from
   * `https://login.mailchimp.com/oauth2/metadata` for an OAuth token. Default: from a
   * fixed `apiKey`. Also used for the links to members in Mailchimp's app.
   */
  server?: string | undefined;
  /** The API's root URL (the SDK's `basePath`). Default `https://{server}.api.mailchimp.com/3.0`; tests point it at a local double. */
  basePath?: string | undefined;
  /** The audience (list) id of customers whose link names none (`links.mailchimp.listId` wins). Default: none, each customer's link must name one. */
  listId?: string | undefined;
  /**
   * The status of a customer the add-or-update call adds to the audience (`status_if_new`;
   * `fields.status_if_new` overrides it per operation). Default `transactional`: no
   * marketing consent is assumed. tickler never changes an existing member's status.
   */
  statusIfNew?: MailchimpNewStatus | undefined;
  /**
   * The merge tag of a text audience field holding the keys of the journeys tickler
   * triggered for the member, looked at before triggering again. Default `TICKLER`;
   * needed only for work with `fields.journey`.
   */
  keyMergeField?: string | undefined;
  /** A merge tag the work's subject is written to (a text audience field a journey's email can show). Default: not sent. */
  subjectMergeField?: string | undefined;
  /** A merge tag the work's body is written to. Default: not sent. */
  bodyMergeField?: string | undefined;
  /** Send `skip_merge_validation=true`: a new member is accepted without the audience's required merge fields. Default false. */
  skipMergeValidation?: boolean | undefined;
  /** The connector's name in tickler. Default `mailchimp`. */
  name?: string | undefined;
  /** How long a 429 (Mailchimp allows 10 simultaneous connections per account) makes tickler wait when no `Retry-After` says otherwise, in ms. Default 10,000. */
  limitWaitMs?: number | undefined;
}

/** How the resolved config authenticates. */
export interface MailchimpAuth {
  /** `apiKey`: HTTP Basic; `accessToken`: Bearer. */
  kind: 'apiKey' | 'accessToken';
  /** The fixed credential, or the host's provider of it. */
  value: string | AccessTokenProvider;
}

/** A {@link MailchimpConnectorConfig} with its defaults applied. */
export interface ResolvedMailchimpConfig {
  auth: MailchimpAuth;
  server: string | null;
  basePath: string | null;
  listId: string | null;
  statusIfNew: MailchimpNewStatus;
  keyMergeField: string;
  subjectMergeField: string | null;
  bodyMergeField: string | null;
  skipMergeValidation: boolean;
  name: string;
  limitWaitMs: number;
}

/** A merge tag: upper-case letters, digits and underscores, such as `FNAME` or `MMERGE5`. */
export const MERGE_TAG = /^[A-Z][A-Z0-9_]*$/;
/** An audience id, such as `57afe96172`: letters and digits only (it goes into the URL path). */
export const LIST_ID = /^[0-9a-z]+$/i;
/** A data center prefix, such as `us6`. */
const SERVER = /^[a-z]+\d+$/;
/** The server prefix an API key ends with: `…-us6`. */
const KEY_SERVER = /-([a-z]+\d+)$/;

const credential = (what: string) =>
  z.union([z.string().trim().min(1, { error: `The ${what} is empty.` }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: `${what} is a string or a function ({ refresh }) => Promise<string>.` });
const mergeTag = (what: string) => z.string().regex(MERGE_TAG, { error: `${what} is a merge tag: upper-case letters, digits and underscores, such as TICKLER.` });

const schema = z.strictObject({
  apiKey: credential('apiKey').optional(),
  accessToken: credential('accessToken').optional(),
  server: z.string().regex(SERVER, { error: 'server is the data center prefix, such as us6.' }).optional(),
  basePath: z.url({ protocol: /^https?$/, error: 'basePath is the API root URL, such as https://us6.api.mailchimp.com/3.0.' }).optional(),
  listId: z.string().regex(LIST_ID, { error: 'listId is an audience id, letters and digits such as 57afe96172 (Audience → Settings → Audience name and defaults).' }).optional(),
  statusIfNew: z.enum(MAILCHIMP_NEW_STATUSES, { error: `statusIfNew is ${MAILCHIMP_NEW_STATUSES.join(', ')}.` }).optional(),
  keyMergeField: mergeTag('keyMergeField').optional(),
  subjectMergeField: mergeTag('subjectMergeField').optional(),
  bodyMergeField: mergeTag('bodyMergeField').optional(),
  skipMergeValidation: z.boolean().optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  limitWaitMs: z.number({ error: 'limitWaitMs is a number of milliseconds.' }).int().min(1).max(86_400_000, { error: 'limitWaitMs is at most a day (86,400,000).' }).optional(),
});

/** Validates a {@link MailchimpConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseMailchimpConfig(config: MailchimpConnectorConfig): ResolvedMailchimpConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.apiKey !== undefined && c.accessToken !== undefined) throw ValidationError.field('accessToken', 'Give apiKey (HTTP Basic) or accessToken (OAuth), not both.');
  const auth: MailchimpAuth | null = c.apiKey !== undefined ? { kind: 'apiKey', value: c.apiKey } : c.accessToken !== undefined ? { kind: 'accessToken', value: c.accessToken } : null;
  if (auth === null) throw ValidationError.field('apiKey', 'Give apiKey (an API key such as …-us6, or a provider of one) or accessToken (an OAuth access token, or a token provider).');
  const keyServer = typeof c.apiKey === 'string' ? (KEY_SERVER.exec(c.apiKey)?.[1] ?? null) : null;
  if (c.server !== undefined && keyServer !== null && c.server !== keyServer) throw ValidationError.field('server', `server is ${c.server} but the API key ends with -${keyServer}: a key works only on its own data center.`);
  const server = c.server ?? keyServer;
  if (server === null && c.basePath === undefined) {
    throw ValidationError.field('server', 'Give server, the data center prefix such as us6 (the end of an API key; `dc` from https://login.mailchimp.com/oauth2/metadata for an OAuth token), or basePath.');
  }
  const tags = [
    ['keyMergeField', c.keyMergeField ?? 'TICKLER'],
    ['subjectMergeField', c.subjectMergeField],
    ['bodyMergeField', c.bodyMergeField],
  ] as const;
  for (const [i, [field, tag]] of tags.entries()) {
    const clash = tags.slice(0, i).find(([, other]) => tag !== undefined && other === tag);
    if (clash !== undefined) throw ValidationError.field(field, `${field} ${tag} is already ${clash[0]}; each needs its own audience field.`);
  }
  return {
    auth,
    server,
    basePath: c.basePath === undefined ? null : c.basePath.replace(/\/+$/, ''),
    listId: c.listId ?? null,
    statusIfNew: c.statusIfNew ?? 'transactional',
    keyMergeField: c.keyMergeField ?? 'TICKLER',
    subjectMergeField: c.subjectMergeField ?? null,
    bodyMergeField: c.bodyMergeField ?? null,
    skipMergeValidation: c.skipMergeValidation ?? false,
    name: c.name ?? 'mailchimp',
    limitWaitMs: c.limitWaitMs ?? 10_000,
  };
}
