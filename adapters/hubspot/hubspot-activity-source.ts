import { HubSpotConnection } from './hubspot-connection';
import { AbortedWhileWaiting, SourceError, untilAborted, type Source, type SourceActivityChange, type SourceCallOptions, type SourceChangeType, type SourcePage, type SourcePullRequest } from 'tickler/adapter';
import type { HubSpotFilter } from './hubspot-client';
import { createHubSpotActivityClient, type HubSpotActivityClient, type HubSpotContact, type HubSpotContactSearchRequest } from './hubspot-activity-client';
import { HUBSPOT_ACTIVITY_PROPERTIES, parseHubSpotActivityConfig, type HubSpotActivitySourceConfig, type ResolvedHubSpotActivityConfig } from './hubspot-activity-config';
import { hubspotError } from './hubspot-errors';

export { HUBSPOT_ACTIVITY_PROPERTIES, type HubSpotActivityProperty, type HubSpotActivitySourceConfig } from './hubspot-activity-config';
export type { HubSpotActivityClient, HubSpotContact, HubSpotContactSearchPage, HubSpotContactSearchRequest, HubSpotSort } from './hubspot-activity-client';

/** A search page holds at most 200 records. */
const MAX_PAGE = 200;
// `<ms>`: contacts modified at or after it. `<ms>=<id>`: the contacts modified exactly at it,
// by id after `<id>` (when more of them share one instant than a page holds).
const CURSOR = /^(\d{1,15})(?:=(\d{1,20}))?$/;

interface Position {
  since: number;
  /** Set while reading one instant's contacts by id. */
  tieAfter: string | null;
}

function parseCursor(cursor: string | null): Position | null {
  if (cursor === null) return null;
  const match = CURSOR.exec(cursor);
  if (match === null) throw new SourceError(`"${cursor}" is not a cursor of the HubSpot activity source.`, { retryable: false });
  return { since: Number(match[1]), tieAfter: match[2] ?? null };
}

function modified(contact: HubSpotContact): number {
  const value = contact.properties.lastmodifieddate;
  const ms = value === null || value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(ms)) throw new SourceError(`HubSpot answered contact ${contact.id} without a readable lastmodifieddate ("${String(value)}").`, { retryable: false });
  return ms;
}

/**
 * The activity source for HubSpot: each contact's last activity property, read by CRM
 * search over contacts changed since the cursor (`lastmodifieddate GTE`, ascending).
 *
 * Paging re-anchors instead of following `after`: HubSpot's `after` is an offset into
 * the results, which stops at 10,000 results (a 400 past it) and shifts when a contact
 * already read is modified again (it moves to the end, and the contact after it would be
 * skipped). Each page's cursor is instead the last `lastmodifieddate` read, searched again
 * with GTE (a contact seen twice is harmless); when a whole page shares one instant, the
 * source reads that instant's contacts by `hs_object_id` (EQ the instant, GT the last id,
 * sorted by id) and then goes on after it. `lastmodifieddate` moves with any property
 * HubSpot sets on the contact, its activity dates included.
 */
class HubSpotActivitySource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['activity'];
  readonly #config: ResolvedHubSpotActivityConfig;
  readonly #connection: HubSpotConnection<HubSpotActivityClient>;
  readonly #kind: string;

  constructor(config: ResolvedHubSpotActivityConfig) {
    this.name = config.name;
    this.#config = config;
    this.#connection = new HubSpotConnection(config.accessToken, config.client, (token) => createHubSpotActivityClient(token, config.basePath));
    this.#kind = HUBSPOT_ACTIVITY_PROPERTIES[config.activityProperty];
  }

  async pull(request: SourcePullRequest, { signal }: SourceCallOptions): Promise<SourcePage> {
    const position = parseCursor(request.cursor);
    const limit = Math.min(Math.max(1, Math.floor(request.limit)), MAX_PAGE);
    const property = this.#config.activityProperty;
    const filters: HubSpotFilter[] = [{ propertyName: property, operator: 'HAS_PROPERTY' }];
    const search: HubSpotContactSearchRequest = { properties: ['email', property, 'lastmodifieddate'], limit };
    if (position !== null && position.tieAfter !== null) {
      filters.push({ propertyName: 'lastmodifieddate', operator: 'EQ', value: String(position.since) }, { propertyName: 'hs_object_id', operator: 'GT', value: position.tieAfter });
      search.sorts = [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }];
    } else {
      if (position !== null) filters.push({ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(position.since) });
      search.sorts = [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }];
    }
    search.filterGroups = [{ filters }];
    const answer = await this.#search(search, signal);
    const results = answer.results;
    const changes = results.flatMap((c): SourceActivityChange[] => {
      const at = c.properties[property];
      return at ? [{ type: 'activity', id: c.id, email: c.properties.email ?? null, kind: this.#kind, at }] : [];
    });
    const first = results[0];
    const last = results.at(-1);
    const full = results.length >= limit && answer.paging?.next !== undefined;
    if (position !== null && position.tieAfter !== null) {
      // That instant's contacts by id, then on after the instant.
      return { changes, cursor: full && last !== undefined ? `${position.since}=${last.id}` : String(position.since + 1), more: true };
    }
    if (first === undefined || last === undefined) return { changes, cursor: request.cursor ?? '0', more: false };
    const lastMs = modified(last);
    if (full) return { changes, cursor: modified(first) === lastMs ? `${lastMs}=0` : String(lastMs), more: true };
    return { changes, cursor: String(Math.max(0, lastMs - this.#config.marginMs)), more: false };
  }

  async refreshCredentials(): Promise<boolean> {
    return this.#connection.refresh();
  }

  async #search(search: HubSpotContactSearchRequest, signal: AbortSignal) {
    const client = await this.#connection.client();
    try {
      return await untilAborted(client.crm.contacts.searchApi.doSearch(search), signal);
    } catch (error) {
      if (error instanceof AbortedWhileWaiting) throw new SourceError('HubSpot did not answer the search in time.', { retryable: true, cause: error });
      const e = hubspotError(error, { ...this.#config, scopes: 'crm.objects.contacts.read to read contacts' });
      throw new SourceError(e.message, { retryable: e.retryable, unauthorized: e.unauthorized, retryAfterMs: e.retryAfterMs, status: e.status, providerCode: e.providerCode, cause: error });
    }
  }
}

/**
 * A source that yields each HubSpot contact's last activity (`type: 'activity'`, `kind:
 * 'crm-activity'` for the default `notes_last_updated`), matched to the tenant's customer
 * by the contact's email, for tickler's inactivity trigger. See docs/source-crm-activity.md.
 *
 * @example
 * ```ts
 * import { hubspotActivitySource } from 'tickler/hubspot';
 *
 * // Give it to createTickler with the other sources.
 * const activity = hubspotActivitySource({ accessToken: process.env.HUBSPOT_TOKEN ?? '' });
 * ```
 */
export function hubspotActivitySource(config: HubSpotActivitySourceConfig): Source {
  return new HubSpotActivitySource(parseHubSpotActivityConfig(config));
}
