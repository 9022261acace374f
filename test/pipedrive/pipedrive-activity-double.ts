import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of Pipedrive's Recents endpoint for persons, as the official SDK (pipedrive
// 33.7, RecentsApi.getRecents) calls it and Pipedrive's reference documents it
// (https://developers.pipedrive.com/docs/api/v1/Recents#getRecents):
// - GET /api/v1/recents?since_timestamp=YYYY-MM-DD HH:MM:SS&items=person&start=&limit=
//   (since_timestamp required, in UTC; changes after it, oldest first);
// - the answer `{ success, data: [{ item: 'person', id, data: <person> }], additional_data:
//   { since_timestamp, last_timestamp_on_page, pagination: { start, limit,
//   more_items_in_collection, next_start } } }`, the person as the SDK's MergePersonItem
//   (email and phone lists with `primary`, add_time/update_time in UTC, last_activity_date);
// - `data: null` when nothing changed, as v1 lists answer;
// - auth by `x-api-token` or `Authorization: Bearer`; errors as `{ success: false, error,
//   error_info, data: null }`, 401 with `errorCode: 401`; 429 with Retry-After and the
//   x-ratelimit-* headers (pipedrive.readme.io/docs/core-api-concepts-rate-limiting).

/** A person as the double keeps it: Pipedrive API v1's person. */
export interface StoredPerson {
  id: number;
  name: string;
  email: { label: string; value: string; primary: boolean }[];
  phone: { label: string; value: string; primary: boolean }[];
  add_time: string;
  update_time: string;
  last_activity_date: string | null;
  last_activity_id: number | null;
  active_flag: boolean;
  [field: string]: unknown;
}

/** A running double of one Pipedrive company's Recents for persons. */
export interface PipedriveActivityDouble extends SourceDouble {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The requests since the last reset. */
  readonly requests: RunningDouble['requests'];
  /** The persons, by id. */
  readonly persons: Map<number, StoredPerson>;
  /** Sets fields of a person as a change in Pipedrive would, moving its update_time to the next tick. */
  update(id: number, fields: Partial<StoredPerson>): void;
  /** The double's change clock: the update_time the next write gets. */
  nextTime(): string;
  close(): Promise<void>;
}

const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';
const LIMIT_HEADERS = { 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-ratelimit-reset': '2', 'x-daily-requests-left': '9999' };
const MAX_LIMIT = 500;
const START = Date.UTC(2026, 10, 1);

const fail = (status: number, error: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): DoubleReply => ({
  status,
  headers: { ...LIMIT_HEADERS, ...headers },
  body: { success: false, error, ...extra, error_info: ERROR_INFO, data: null, additional_data: null },
});
const pdTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

function credential(r: DoubleRequest): string | null {
  const apiToken = r.headers['x-api-token'];
  if (typeof apiToken === 'string') return apiToken;
  return r.query.get('api_token') ?? bearerToken(r);
}

const notBilling = (): Promise<never> => Promise.reject(new Error('Pipedrive activity double: not a billing source (Pipedrive holds no invoices).'));

/** Starts the double. `retryAfterSeconds` is what its 429 asks for (default 1). */
export async function startPipedriveActivityDouble(options: { retryAfterSeconds?: number } = {}): Promise<PipedriveActivityDouble> {
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const persons = new Map<number, StoredPerson>();
  const failures: ('rate-limit' | 'server-error' | 'unauthorized')[] = [];
  let clock = START;
  let sequence = 0;
  const tick = (): string => pdTime((clock += 1000));

  const recents = (r: DoubleRequest): DoubleReply => {
    const since = r.query.get('since_timestamp');
    const match = since === null ? null : TIME.exec(since);
    if (match === null) return fail(400, 'since_timestamp is required, in the format YYYY-MM-DD HH:MM:SS');
    const sinceMs = Date.parse(`${match[1] as string}T${match[2] as string}Z`);
    const start = Number(r.query.get('start') ?? '0');
    const limit = Number(r.query.get('limit') ?? '100');
    if (!Number.isInteger(start) || start < 0) return fail(400, 'start must be a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return fail(400, `limit must be an integer between 1 and ${MAX_LIMIT}`);
    const types = (r.query.get('items') ?? '').split(',').filter((t) => t !== '');
    const wanted = types.length === 0 || types.includes('person');
    const changed = wanted ? [...persons.values()].filter((p) => Date.parse(`${p.update_time.replace(' ', 'T')}Z`) > sinceMs).sort((a, b) => a.update_time.localeCompare(b.update_time) || a.id - b.id) : [];
    const page = changed.slice(start, start + limit);
    const more = start + limit < changed.length;
    const body = {
      success: true,
      data: page.length === 0 ? null : page.map((p) => ({ item: 'person', id: p.id, data: structuredClone(p) })),
      additional_data: {
        since_timestamp: since,
        last_timestamp_on_page: page.at(-1)?.update_time ?? since,
        pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) },
      },
    };
    return { status: 200, headers: LIMIT_HEADERS, body };
  };

  const server = await startConnectorDouble({
    token: credential,
    isWrite: () => false,
    handle(r) {
      const token = credential(r);
      const failure = failures.shift();
      if (token === null || !token.startsWith('token-') || failure === 'unauthorized') return fail(401, 'unauthorized access', {}, { errorCode: 401 });
      if (failure === 'rate-limit') {
        const { 'x-ratelimit-reset': _reset, ...window } = LIMIT_HEADERS;
        return { ...fail(429, 'Request over limit'), headers: { ...window, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(retryAfterSeconds), 'retry-after': String(retryAfterSeconds) } };
      }
      if (failure === 'server-error') return fail(500, 'Internal server error');
      if (r.method === 'GET' && r.path === '/api/v1/recents') return recents(r);
      return fail(404, `Unknown method ${r.method} ${r.path}`);
    },
    objectCount: () => persons.size,
    clear: () => {
      persons.clear();
      failures.length = 0;
      clock = START;
    },
    rejectMessage: 'not used',
    retryAfterSeconds,
  });

  const update = (id: number, fields: Partial<StoredPerson>): void => {
    const person = persons.get(id);
    if (person === undefined) throw new Error(`Pipedrive activity double: no person ${id}.`);
    Object.assign(person, fields, { update_time: tick() });
  };

  return {
    url: server.url,
    requests: server.requests,
    persons,
    retryAfterSeconds,
    update,
    nextTime: () => pdTime(clock + 1000),
    putCustomer(customer: DoubleCustomer): Promise<string> {
      const at = tick();
      const id = ++sequence;
      persons.set(id, {
        id,
        name: customer.name,
        first_name: customer.name.split(' ')[0] ?? customer.name,
        email: [{ label: 'work', value: customer.email, primary: true }],
        phone: [],
        add_time: at,
        update_time: at,
        last_activity_date: null,
        last_activity_id: null,
        next_activity_date: null,
        active_flag: true,
        owner_id: 1000001,
        org_id: null,
      });
      return Promise.resolve(String(id));
    },
    touch(customerId: string, at: Date): Promise<void> {
      // Marking an activity done sets the person's last activity to its (due) day.
      update(Number(customerId), { last_activity_date: at.toISOString().slice(0, 10), last_activity_id: ++sequence });
      return Promise.resolve();
    },
    putInvoice: (_invoice: DoubleInvoice) => notBilling(),
    pay: () => notBilling(),
    voidInvoice: () => notBilling(),
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i++) failures.push(kind);
    },
    tokensSeen: () => server.tokensSeen(),
    requestCount: () => server.requests.length,
    webhook: undefined,
    reset: () => server.reset(),
    close: () => server.close(),
  };
}
