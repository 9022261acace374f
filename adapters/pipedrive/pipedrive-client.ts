import { UsersApi, Configuration as ConfigurationV1 } from 'pipedrive/v1';
import { ActivitiesApi, Configuration as ConfigurationV2 } from 'pipedrive/v2';
import { PipedriveHttpError } from './pipedrive-errors';

/** An activity as Pipedrive answers it: the fields tickler reads. */
export interface PipedriveActivity {
  /** The activity's id. */
  id?: number | undefined;
  /** The note, in HTML: where tickler's marker is. */
  note?: string | null | undefined;
  /** The deal it is on. */
  deal_id?: number | null | undefined;
  /** The person it is with. */
  person_id?: number | null | undefined;
  /** The organization it is on. */
  org_id?: number | null | undefined;
}

/** The body of `POST /api/v2/activities`, by Pipedrive's field names. */
export type PipedriveActivityInput = Record<string, unknown>;

/** The filters of `GET /api/v2/activities` tickler uses to find an activity an earlier attempt made. */
export interface PipedriveActivityQuery {
  /** Only activities on this deal. */
  deal_id?: number | undefined;
  /** Only activities whose primary participant is this person. */
  person_id?: number | undefined;
  /** Only activities on this organization. */
  org_id?: number | undefined;
  /** The field to sort by. */
  sort_by?: 'id' | undefined;
  /** The direction. */
  sort_direction?: 'asc' | 'desc' | undefined;
  /** Page size, at most 500. */
  limit?: number | undefined;
  /** The previous page's `next_cursor`. */
  cursor?: string | undefined;
}

/** A Pipedrive user as `GET /v1/users/find` answers it: the fields tickler reads. */
export interface PipedriveUser {
  /** The user's id. */
  id?: number | undefined;
  /** Their email address. */
  email?: string | undefined;
  /** False when the user is deactivated. */
  active_flag?: boolean | undefined;
}

/**
 * The slice of the official `pipedrive` SDK the connector calls: `ActivitiesApi.addActivity`
 * and `getActivities` of API v2 (v1's activity endpoints are deprecated and gone from the
 * SDK), and `UsersApi.findUsersByName` of API v1 (v2 has no user search).
 */
export interface PipedriveClient {
  /** `POST /api/v2/activities`. */
  addActivity(body: PipedriveActivityInput): Promise<{ data?: PipedriveActivity | null }>;
  /** `GET /api/v2/activities`, one page. */
  getActivities(query: PipedriveActivityQuery): Promise<{ data?: PipedriveActivity[] | null; additional_data?: { next_cursor?: string | null } | null }>;
  /** `GET /v1/users/find?term=<email>&search_by_email=1`. */
  findUsersByEmail(email: string): Promise<{ data?: PipedriveUser[] | null }>;
}

/** How requests authenticate: a personal API token, or an OAuth access token. */
export type PipedriveAuth = { apiToken: string } | { accessToken: string };

/** What an axios response carries, for the error interceptor. */
interface HttpResponse {
  status: number;
  headers?: Record<string, unknown> | null;
  data?: unknown;
}

/** The part of the SDK's axios instance the interceptors are set on. */
interface Interceptable {
  interceptors: { response: { clear(): void; use(onFulfilled: (response: HttpResponse) => unknown, onRejected: (error: unknown) => unknown): number } };
}

const header = (headers: Record<string, unknown> | null | undefined, name: string): string | null => {
  const value = headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
};

/**
 * Replaces the SDK's response interceptors. The SDK rejects a failed call with the
 * response body alone, losing the status and the `Retry-After` and `x-ratelimit-reset`
 * headers a rate limit is retried by; this keeps them in a {@link PipedriveHttpError}.
 * Successful calls still resolve with the body, as the SDK's do.
 */
function keepHttpDetails(http: Interceptable): void {
  http.interceptors.response.clear();
  http.interceptors.response.use(
    (response) => response.data,
    (error: unknown) => {
      const response = (error as { response?: HttpResponse } | null)?.response;
      // No answer (a reset connection, a cancelled request): axios's own error says which.
      if (response === undefined || typeof response.status !== 'number') throw error;
      const { headers } = response;
      const details = { retryAfter: header(headers, 'retry-after'), rateLimitReset: header(headers, 'x-ratelimit-reset'), date: header(headers, 'date') };
      throw new PipedriveHttpError(response.status, details, response.data, error);
    },
  );
}

class Activities extends ActivitiesApi {
  constructor(configuration: ConfigurationV2) {
    super(configuration);
    keepHttpDetails(this.axios as unknown as Interceptable);
  }
}

class Users extends UsersApi {
  constructor(configuration: ConfigurationV1) {
    super(configuration);
    keepHttpDetails(this.axios as unknown as Interceptable);
  }
}

/**
 * The SDK's v2 activities and v1 users APIs on `apiDomain`, authenticated with `auth`,
 * their requests cancelled when `signal` aborts. Made for each operation, so each
 * carries its own signal and the token current at its start. The SDK does not retry:
 * tickler does, durably.
 */
export function createPipedriveClient(apiDomain: string, auth: PipedriveAuth, signal: AbortSignal): PipedriveClient {
  const credentials = 'apiToken' in auth ? { apiKey: auth.apiToken } : { accessToken: auth.accessToken };
  const v2 = new ConfigurationV2({ basePath: `${apiDomain}/api/v2`, ...credentials });
  const v1 = new ConfigurationV1({ basePath: `${apiDomain}/api/v1`, ...credentials });
  // The SDK merges baseOptions into every axios request it makes.
  v2.baseOptions = { signal };
  v1.baseOptions = { signal };
  const activities = new Activities(v2);
  const users = new Users(v1);
  return {
    addActivity: (body) => activities.addActivity({ AddActivityRequest: body }),
    getActivities: (query) => activities.getActivities(query),
    findUsersByEmail: (email) => users.findUsersByName({ term: email, search_by_email: 1 }),
  };
}
