import { type AccessTokenProvider, type Source, type SourceActivityChange, type SourceCallOptions, type SourceChangeType, type SourcePage, type SourcePullRequest, untilAborted } from 'tickler/adapter';
import { nextCursor, parsePipedriveTime, pipedriveTime, readCursor } from './pipedrive-activity-cursor';
import { parsePipedriveActivitySourceConfig, type PipedriveActivitySourceConfig, type ResolvedPipedriveActivitySourceConfig } from './pipedrive-activity-source-config';
import { createPipedriveRecentsClient, type PipedrivePersonEmail, type PipedriveRecentPerson, type PipedriveSourceAuth } from './pipedrive-recents-client';
import { pipedriveSourceError } from './pipedrive-source-errors';

export type { PipedriveActivitySourceConfig } from './pipedrive-activity-source-config';

/** The largest page of `GET /v1/recents`. */
const MAX_PAGE = 500;

/** The person's primary address, else the first one with text; null when it has none. */
function primaryEmail(emails: PipedrivePersonEmail[] | null | undefined): string | null {
  const usable = (emails ?? []).filter((e) => typeof e.value === 'string' && e.value.trim() !== '');
  return (usable.find((e) => e.primary === true) ?? usable[0])?.value?.trim() ?? null;
}

/**
 * Persons' last activity, read from Pipedrive's Recents (`GET /v1/recents?items=person`,
 * https://developers.pipedrive.com/docs/api/v1/Recents#getRecents) through the official
 * SDK's `RecentsApi`. Recents lists what changed after `since_timestamp`, oldest change
 * first, with offset paging (`start`, `limit`, `more_items_in_collection`) and the change
 * time of the page's last item (`last_timestamp_on_page`); each person comes as API v1
 * gives it, with its `email` list and `last_activity_date`. API v2's persons carry no
 * last activity date, and the SDK no longer has v1's person list, so Recents is also how
 * the first pull reads every person (since `config.since`).
 */
class PipedriveActivitySource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['activity'];
  readonly #config: ResolvedPipedriveActivitySourceConfig;
  readonly #token: AccessTokenProvider | null;
  #fresh: string | null = null;

  constructor(config: ResolvedPipedriveActivitySourceConfig) {
    this.name = config.name;
    this.#config = config;
    this.#token = typeof config.accessToken === 'function' ? config.accessToken : null;
  }

  async pull(request: SourcePullRequest, { signal, now }: SourceCallOptions): Promise<SourcePage> {
    const at = readCursor(request.cursor, this.#config.since);
    try {
      const client = createPipedriveRecentsClient(this.#config.apiDomain, await this.#auth(), signal);
      const limit = Math.min(Math.max(Math.trunc(request.limit), 1), MAX_PAGE);
      const answer = await untilAborted(client.getRecentPersons({ since_timestamp: pipedriveTime(at.since), start: at.start, limit }), signal);
      const items = answer.data ?? [];
      const changes: SourceActivityChange[] = [];
      // The page's last change time: Pipedrive's own, or the latest update_time read.
      const times = [parsePipedriveTime(answer.additional_data?.last_timestamp_on_page)];
      for (const item of items) {
        const person = item.item === 'person' ? item.data : null;
        if (person === null || person === undefined) continue;
        times.push(parsePipedriveTime(person.update_time));
        const change = this.#change(person);
        if (change !== null) changes.push(change);
      }
      const known = times.filter((t): t is number => t !== null);
      const last = known.length === 0 ? null : Math.max(...known);
      const more = answer.additional_data?.pagination?.more_items_in_collection === true && items.length > 0;
      return { changes, cursor: JSON.stringify(nextCursor(at, { last, count: items.length, more }, this.#config.marginMs)), more };
    } catch (error) {
      throw pipedriveSourceError(error, { now, limitWaitMs: this.#config.limitWaitMs });
    }
  }

  async refreshCredentials(): Promise<boolean> {
    // A personal API token or a fixed access token cannot be refreshed.
    if (this.#token === null) return false;
    this.#fresh = await this.#token({ refresh: true });
    return true;
  }

  /** The activity of a person, or null when it has none yet (no done activity). The date passes through as Pipedrive gives it. */
  #change(person: PipedriveRecentPerson): SourceActivityChange | null {
    if (typeof person.id !== 'number' || typeof person.last_activity_date !== 'string' || person.last_activity_date === '') return null;
    return { type: 'activity', id: String(person.id), email: primaryEmail(person.email), kind: this.#config.kind, at: person.last_activity_date };
  }

  async #auth(): Promise<PipedriveSourceAuth> {
    if (this.#config.apiToken !== null) return { apiToken: this.#config.apiToken };
    if (this.#token === null) return { accessToken: this.#config.accessToken as string };
    const token = this.#fresh ?? (await this.#token({ refresh: false }));
    this.#fresh = null;
    return { accessToken: token };
  }
}

/**
 * A source of `activity` changes from Pipedrive: each person's last activity date
 * (`last_activity_date`, the day of their last done activity), with the person's
 * primary email, for tickler's inactivity trigger. Ids are Pipedrive person ids, kept as
 * `<name>:<id>`; tickler finds the customer by the email.
 *
 * @throws ValidationError when the config is invalid, naming the field.
 * @example
 * ```ts
 * import { pipedriveActivitySource } from 'tickler/pipedrive';
 *
 * const source = pipedriveActivitySource({ apiDomain: 'https://acme.pipedrive.com', apiToken: process.env.PIPEDRIVE_API_TOKEN ?? '' });
 * console.log(source.yields); // ['activity']
 * ```
 */
export function pipedriveActivitySource(config: PipedriveActivitySourceConfig): Source {
  return new PipedriveActivitySource(parsePipedriveActivitySourceConfig(config));
}
