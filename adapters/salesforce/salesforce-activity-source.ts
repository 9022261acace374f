import { AbortedWhileWaiting, SourceError, untilAborted, type AccessTokenProvider, type Source, type SourceActivityChange, type SourceCallOptions, type SourceChangeType, type SourcePage, type SourcePullRequest } from 'tickler/adapter';
import { createSalesforceActivityClient, type SalesforceActivityClient, type SalesforceContactRow, type SalesforceQueryBatch } from './salesforce-activity-client';
import { parseSalesforceActivityConfig, type ResolvedSalesforceActivityConfig, type SalesforceActivitySourceConfig } from './salesforce-activity-config';
import { salesforceError } from './salesforce-errors';

export type { SalesforceActivitySourceConfig } from './salesforce-activity-config';
export type { SalesforceActivityClient, SalesforceContactRow, SalesforceQueryBatch, SalesforceRequest } from './salesforce-activity-client';

/** SOQL's own page limit (a query batch holds at most 2,000 records). */
const MAX_PAGE = 2000;
/** The cursor of an initial load that found nothing: every stamp is at or after it. */
const EPOCH = '1970-01-01T00:00:00Z';
const ID = /^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/;
// A cursor: a SOQL datetime literal (whole seconds, as SystemModstamp has them), then, inside
// a run of pages, the Id of the last record read at that stamp.
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)(?:\|([A-Za-z0-9]{15,18}))?$/;

interface Position {
  /** The SystemModstamp to start at, as a SOQL datetime literal. */
  stamp: string;
  /** Records at `stamp` with an Id up to this one were read; null reads every record at `stamp`. */
  id: string | null;
}

/** `2026-11-01T00:00:05.000+0000` (as the REST API writes a dateTime) in ms. */
function stampMs(value: string): number {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new SourceError(`Salesforce answered a SystemModstamp tickler cannot read: "${value}".`, { retryable: false });
  return ms;
}

/** A SOQL datetime literal, to the second (SystemModstamp has no milliseconds). */
const literal = (ms: number): string => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;

function parseCursor(cursor: string | null): Position | null {
  if (cursor === null) return null;
  const match = CURSOR.exec(cursor);
  if (match === null) throw new SourceError(`"${cursor}" is not a cursor of the Salesforce activity source.`, { retryable: false });
  return { stamp: match[1] as string, id: match[2] ?? null };
}

/**
 * The page's SOQL: Contacts with a last activity, changed at or after the position, in
 * SystemModstamp then Id order, so that `(stamp, Id)` is a key that never skips a record
 * between pages (several Contacts often share one stamp: it has whole seconds).
 */
function contactActivityQuery(position: Position | null, limit: number): string {
  const where = ['LastActivityDate != null'];
  if (position !== null) where.push(position.id === null ? `SystemModstamp >= ${position.stamp}` : `(SystemModstamp > ${position.stamp} OR (SystemModstamp = ${position.stamp} AND Id > '${position.id}'))`);
  return `SELECT Id, Email, LastActivityDate, SystemModstamp FROM Contact WHERE ${where.join(' AND ')} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`;
}

/**
 * The activity source for Salesforce: each Contact's `LastActivityDate` (the latest due
 * date of its closed Tasks and start date of its Events), read by SOQL over Contact.
 *
 * Why Contact and its SystemModstamp: when Salesforce recomputes `LastActivityDate` after
 * a Task or Event is logged, it updates the Contact's `SystemModstamp` (not its
 * `LastModifiedDate`), as Salesforce's knowledge article 000387261 ("Difference between
 * SystemModStamp and LastModifiedDate") lists. One indexed query over Contact therefore
 * sees every changed last activity, with no roll-up of Task and Event `WhoId`s.
 */
class SalesforceActivitySource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['activity'];
  readonly #config: ResolvedSalesforceActivityConfig;
  readonly #token: AccessTokenProvider | null;
  #client: SalesforceActivityClient | null;
  #fresh: string | null = null;

  constructor(config: ResolvedSalesforceActivityConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = config.client;
    this.#token = typeof config.accessToken === 'function' ? config.accessToken : null;
  }

  async pull(request: SourcePullRequest, { signal }: SourceCallOptions): Promise<SourcePage> {
    const position = parseCursor(request.cursor);
    const limit = Math.min(Math.max(1, Math.floor(request.limit)), MAX_PAGE);
    // One record more than the page tells whether another page is waiting.
    const rows = await this.#query(contactActivityQuery(position, limit + 1), limit + 1, signal);
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    const changes = page.flatMap((row): SourceActivityChange[] => (row.LastActivityDate ? [{ type: 'activity', id: row.Id, email: row.Email ?? null, kind: 'crm-activity', at: row.LastActivityDate }] : []));
    const last = page.at(-1);
    if (last === undefined) return { changes, cursor: request.cursor ?? EPOCH, more: false };
    if (!ID.test(last.Id)) throw new SourceError(`Salesforce answered a Contact Id tickler cannot read: "${last.Id}".`, { retryable: false });
    const lastMs = stampMs(last.SystemModstamp);
    // Inside a run of pages the exact key; at its end, the margin behind the newest stamp.
    const cursor = more ? `${literal(lastMs)}|${last.Id}` : literal(Math.max(0, lastMs - this.#config.marginMs));
    return { changes, cursor, more };
  }

  async refreshCredentials(): Promise<boolean> {
    if (this.#token === null) return false;
    this.#fresh = await this.#token({ refresh: true });
    if (this.#client !== null) this.#client.accessToken = this.#fresh;
    return true;
  }

  /** Runs the query and follows `nextRecordsUrl` (REST queryMore) until `want` records or the end. */
  async #query(soql: string, want: number, signal: AbortSignal): Promise<SalesforceContactRow[]> {
    const client = await this.#connection();
    const rows: SalesforceContactRow[] = [];
    let url: string | undefined = `/services/data/v${this.#config.apiVersion}/query?q=${encodeURIComponent(soql)}`;
    while (url !== undefined && rows.length < want) {
      const batch: SalesforceQueryBatch = await this.#get(client, url, signal);
      rows.push(...batch.records);
      url = batch.done ? undefined : batch.nextRecordsUrl;
    }
    return rows;
  }

  async #get(client: SalesforceActivityClient, url: string, signal: AbortSignal): Promise<SalesforceQueryBatch> {
    try {
      const body = (await untilAborted(client.request({ method: 'GET', url }, { retry: { maxRetries: 0 } }), signal)) as SalesforceQueryBatch | undefined;
      if (body === undefined || !Array.isArray(body.records)) throw new SourceError('Salesforce answered the query without records.', { retryable: true });
      return body;
    } catch (error) {
      if (error instanceof SourceError) throw error;
      if (error instanceof AbortedWhileWaiting) throw new SourceError('Salesforce did not answer the query in time.', { retryable: true, cause: error });
      const e = salesforceError(error, this.#config);
      throw new SourceError(e.message, { retryable: e.retryable, unauthorized: e.unauthorized, retryAfterMs: e.retryAfterMs, status: e.status, providerCode: e.providerCode, cause: error });
    }
  }

  async #connection(): Promise<SalesforceActivityClient> {
    if (this.#token === null) {
      this.#client ??= createSalesforceActivityClient(this.#config.instanceUrl as string, this.#config.accessToken as string, this.#config.apiVersion);
      return this.#client;
    }
    const token = this.#fresh ?? (await this.#token({ refresh: false }));
    this.#fresh = null;
    if (this.#client === null) this.#client = createSalesforceActivityClient(this.#config.instanceUrl as string, token, this.#config.apiVersion);
    else this.#client.accessToken = token;
    return this.#client;
  }
}

/**
 * A source that yields each Salesforce Contact's last activity (`type: 'activity'`,
 * `kind: 'crm-activity'`, `at: 'YYYY-MM-DD'`), matched to the tenant's customer by the
 * Contact's email, for tickler's inactivity trigger. See docs/source-crm-activity.md.
 *
 * @example
 * ```ts
 * import { salesforceActivitySource } from 'tickler/salesforce';
 *
 * // Give it to createTickler with the other sources.
 * const activity = salesforceActivitySource({ instanceUrl: 'https://acme.my.salesforce.com', accessToken: process.env.SF_TOKEN ?? '' });
 * ```
 */
export function salesforceActivitySource(config: SalesforceActivitySourceConfig): Source {
  return new SalesforceActivitySource(parseSalesforceActivityConfig(config));
}
