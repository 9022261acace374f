import { RecentsApi, Configuration } from 'pipedrive/v1';
import { PipedriveHttpError } from './pipedrive-errors';

/** One address of a person's `email` list, as Pipedrive's API v1 gives it. */
export interface PipedrivePersonEmail {
  /** The address. */
  value?: string | null | undefined;
  /** True for the person's primary address. */
  primary?: boolean | undefined;
  /** `work`, `home`, `other`. */
  label?: string | undefined;
}

/** A person as `GET /v1/recents?items=person` gives it (the SDK's `MergePersonItem`): the fields the activity source reads. */
export interface PipedriveRecentPerson {
  /** The person's id. */
  id?: number | undefined;
  /** The addresses, the primary one marked. */
  email?: PipedrivePersonEmail[] | null | undefined;
  /** The day of the person's last done activity, `YYYY-MM-DD`, or null when none. */
  last_activity_date?: string | null | undefined;
  /** When the person last changed, `YYYY-MM-DD HH:MM:SS` in UTC. */
  update_time?: string | null | undefined;
}

/** One item of a Recents page. */
export interface PipedriveRecentItem {
  /** The kind of item: `person` for the pages the source asks for. */
  item?: string | undefined;
  /** The item's id. */
  id?: number | undefined;
  /** The item as it is now; null for an item deleted since. */
  data?: PipedriveRecentPerson | null | undefined;
}

/** A page of `GET /v1/recents` (the SDK's `GetRecentsResponse`). */
export interface PipedriveRecentsPage {
  /** The items, oldest change first; null when there are none. */
  data?: PipedriveRecentItem[] | null | undefined;
  /** Paging and the page's time span. */
  additional_data?:
    | {
        /** The request's `since_timestamp`. */
        since_timestamp?: string | undefined;
        /** The change time of the page's last item, `YYYY-MM-DD HH:MM:SS` in UTC. */
        last_timestamp_on_page?: string | undefined;
        /** Offset paging: `more_items_in_collection` says another page waits. */
        pagination?: { start?: number | undefined; limit?: number | undefined; more_items_in_collection?: boolean | undefined } | undefined;
      }
    | null
    | undefined;
}

/** The query of `GET /v1/recents` for persons. */
export interface PipedriveRecentsQuery {
  /** Changes after this time, `YYYY-MM-DD HH:MM:SS` in UTC. */
  since_timestamp: string;
  /** The offset of the page. */
  start: number;
  /** The page size (at most 500). */
  limit: number;
}

/** The slice of the official `pipedrive` SDK the activity source calls: `RecentsApi.getRecents` of API v1 (v2 has no Recents, and its persons carry no `last_activity_date`). */
export interface PipedriveRecentsClient {
  /** `GET /v1/recents?since_timestamp=…&items=person&start=…&limit=…`. */
  getRecentPersons(query: PipedriveRecentsQuery): Promise<PipedriveRecentsPage>;
}

/** How requests authenticate: a personal API token, or an OAuth access token. */
export type PipedriveSourceAuth = { apiToken: string } | { accessToken: string };

interface HttpResponse {
  status: number;
  headers?: Record<string, unknown> | null;
  data?: unknown;
}

interface Interceptable {
  interceptors: { response: { clear(): void; use(onFulfilled: (response: HttpResponse) => unknown, onRejected: (error: unknown) => unknown): number } };
}

const header = (headers: Record<string, unknown> | null | undefined, name: string): string | null => {
  const value = headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
};

/**
 * The SDK rejects a failed call with the body alone, dropping the status and the
 * `Retry-After` and `x-ratelimit-reset` headers a rate limit is retried by: keep them
 * in a {@link PipedriveHttpError}, as the connector's client does.
 */
class Recents extends RecentsApi {
  constructor(configuration: Configuration) {
    super(configuration);
    const http = this.axios as unknown as Interceptable;
    http.interceptors.response.clear();
    http.interceptors.response.use(
      (response) => response.data,
      (error: unknown) => {
        const response = (error as { response?: HttpResponse } | null)?.response;
        if (response === undefined || typeof response.status !== 'number') throw error;
        const { headers } = response;
        throw new PipedriveHttpError(response.status, { retryAfter: header(headers, 'retry-after'), rateLimitReset: header(headers, 'x-ratelimit-reset'), date: header(headers, 'date') }, response.data, error);
      },
    );
  }
}

/** The SDK's v1 Recents API on `apiDomain`, authenticated with `auth`, its request cancelled when `signal` aborts. Made per pull, so each carries its own signal and token. */
export function createPipedriveRecentsClient(apiDomain: string, auth: PipedriveSourceAuth, signal: AbortSignal): PipedriveRecentsClient {
  const configuration = new Configuration({ basePath: `${apiDomain}/api/v1`, ...('apiToken' in auth ? { apiKey: auth.apiToken } : { accessToken: auth.accessToken }) });
  configuration.baseOptions = { signal };
  const recents = new Recents(configuration);
  return {
    getRecentPersons: async (query) => (await recents.getRecents({ ...query, items: 'person' })) as PipedriveRecentsPage,
  };
}
