import { type Source, type SourceActivityChange, type SourceCallOptions, type SourceChangeType, type SourcePage, type SourcePullRequest, untilAborted } from 'tickler/adapter';
import { nextZohoCursor, readZohoCursor, zohoTime } from './zoho-activity-cursor';
import { parseZohoActivitySourceConfig, type ResolvedZohoActivitySourceConfig, type ZohoActivitySourceConfig } from './zoho-activity-source-config';
import { getZohoRecords } from './zoho-records-client';
import { zohoSourceAnswerError, zohoSourceUnreachable } from './zoho-source-errors';

export type { ZohoActivitySourceConfig } from './zoho-activity-source-config';

/** The largest page of Get Records. */
const MAX_PER_PAGE = 200;

interface ZohoRecordsBody {
  data?: unknown;
  info?: { more_records?: unknown; next_page_token?: unknown } | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const idOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);

/**
 * Contacts' last activity, read with Zoho CRM's Get Records
 * (`GET /crm/v6/Contacts?fields=Email,Last_Activity_Time,Modified_Time&sort_by=Modified_Time&sort_order=asc`)
 * and `If-Modified-Since` (304 when nothing changed), paged by `page`/`per_page` and
 * `info.more_records`, past 2,000 records by `page_token`. References: Zoho's Get
 * Records reference (https://www.zoho.com/crm/developer/docs/api/v6/get-records.html)
 * and the OpenAPI description in github.com/zoho/crm-oas (`v8.0/record.json`, getRecords).
 */
class ZohoActivitySource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['activity'];
  readonly #config: ResolvedZohoActivitySourceConfig;
  readonly #base: string;
  #fresh: string | null = null;

  constructor(config: ResolvedZohoActivitySourceConfig) {
    this.name = config.name;
    this.#config = config;
    this.#base = `${config.apiDomain}/crm/${config.apiVersion}`;
  }

  async pull(request: SourcePullRequest, { signal, now }: SourceCallOptions): Promise<SourcePage> {
    const { module, emailField } = this.#config;
    const at = readZohoCursor(request.cursor, this.#config.since, Math.min(Math.max(Math.trunc(request.limit), 1), MAX_PER_PAGE));
    const query = { fields: [emailField, 'Last_Activity_Time', 'Modified_Time'], modifiedSince: at.since === null ? null : zohoTime(at.since), perPage: at.perPage, page: at.page, pageToken: at.pageToken };
    let answer;
    try {
      answer = await untilAborted(getZohoRecords(this.#config.fetch, this.#base, module, query, await this.#token(), signal), signal);
    } catch (error) {
      throw zohoSourceUnreachable(error, module);
    }
    // 304: nothing modified since; 204: no records at all.
    if (answer.status === 304 || answer.status === 204) return { changes: [], cursor: JSON.stringify(nextZohoCursor(at, { last: null, more: false, nextPageToken: null }, this.#config.marginMs)), more: false };
    const body = answer.body as ZohoRecordsBody | null;
    if (answer.status !== 200 || !Array.isArray(body?.data)) throw zohoSourceAnswerError(answer, module, { rateLimitWaitMs: this.#config.rateLimitWaitMs, now });
    const changes: SourceActivityChange[] = [];
    let last: number | null = null;
    for (const record of body.data as Record<string, unknown>[]) {
      const modified = Date.parse(String(record.Modified_Time));
      if (!Number.isNaN(modified)) last = Math.max(last ?? modified, modified);
      const id = idOf(record.id);
      const activity = text(record.Last_Activity_Time);
      // A contact nobody has worked with yet has no activity to record.
      if (id !== null && activity !== null) changes.push({ type: 'activity', id, email: text(record[emailField]), kind: this.#config.kind, at: activity });
    }
    const more = body.info?.more_records === true && body.data.length > 0;
    const cursor = nextZohoCursor(at, { last, more, nextPageToken: text(body.info?.next_page_token) }, this.#config.marginMs);
    return { changes, cursor: JSON.stringify(cursor), more };
  }

  async refreshCredentials(): Promise<boolean> {
    // A fixed token cannot be renewed: the next refusal stops the pull as unauthorized.
    if (typeof this.#config.accessToken === 'string') return false;
    this.#fresh = await this.#config.accessToken({ refresh: true });
    return true;
  }

  async #token(): Promise<string> {
    const source = this.#config.accessToken;
    if (typeof source === 'string') return source;
    const token = this.#fresh ?? (await source({ refresh: false }));
    this.#fresh = null;
    return token;
  }
}

/**
 * A source of `activity` changes from Zoho CRM: each contact's `Last_Activity_Time`, with
 * its `Email`, for tickler's inactivity trigger, read incrementally by `Modified_Time`.
 * Ids are Zoho record ids, kept as `<name>:<id>`; tickler finds the customer by the email.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * import { zohoActivitySource } from 'tickler/zoho';
 *
 * declare function zohoAccessToken(options: { refresh: boolean }): Promise<string>;
 * const source = zohoActivitySource({ apiDomain: 'https://www.zohoapis.eu', accessToken: zohoAccessToken });
 * console.log(source.yields); // ['activity']
 * ```
 */
export function zohoActivitySource(config: ZohoActivitySourceConfig): Source {
  return new ZohoActivitySource(parseZohoActivitySourceConfig(config));
}
