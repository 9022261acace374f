import type { ConnectorScript } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of Pipedrive's REST API as the official SDK (pipedrive 33.7) calls it and
// Pipedrive's reference documents it:
// - POST /api/v2/activities and GET /api/v2/activities (cursor pages of at most 500,
//   filters deal_id, person_id, org_id, owner_id, done; sort_by id…), bodies as the SDK's
//   AddActivityRequest / ActivityItem / GetActivitiesResponse models;
// - GET /api/v1/users/find?term=…&search_by_email=1 (BaseUser);
// - auth by `x-api-token` (API token) or `Authorization: Bearer` (OAuth);
// - errors as `{ success: false, error, error_info, data: null, additional_data: null }`,
//   401 as `{ success: false, error: 'unauthorized access', errorCode: 401 }`;
// - x-ratelimit-limit / -remaining / -reset on every answer, and Retry-After on a 429
//   (pipedrive.readme.io/docs/core-api-concepts-rate-limiting).

/** An activity as the double keeps it: Pipedrive's ActivityItem. */
export type StoredActivity = Record<string, unknown> & { id: number; is_deleted: boolean };

/** A user the double knows: Pipedrive's BaseUser. */
export interface DoubleUser {
  id: number;
  name: string;
  email: string;
  active_flag: boolean;
}

/** A running Pipedrive double. */
export interface PipedriveDouble extends RunningDouble {
  /** The activities, by id. */
  readonly activities: Map<number, StoredActivity>;
  /** The users `/v1/users/find` searches. */
  readonly users: DoubleUser[];
  /** Adds an activity as if made in Pipedrive's app (no write is counted), and returns it. */
  seed(fields: Record<string, unknown>): StoredActivity;
  /** The wait headers of a scripted 429 (default `Retry-After: 2` and `x-ratelimit-reset: 2`); change it to try others. */
  rateLimitHeaders: Record<string, string>;
}

const REJECT = 'Activity type "task" is not active in this company: choose an active type in Settings › Activities.';
const RETRY_AFTER_SECONDS = 2;
const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';
const ACTIVITY_TYPES = new Set(['call', 'meeting', 'task', 'deadline', 'email', 'lunch']);
const LIMIT_HEADERS = { 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-ratelimit-reset': '2', 'x-daily-requests-left': '9999' };

const fail = (status: number, error: string, headers: Record<string, string> = {}): DoubleReply => ({ status, headers: { ...LIMIT_HEADERS, ...headers }, body: { success: false, error, error_info: ERROR_INFO, data: null, additional_data: null } });
const ok = (body: object): DoubleReply => ({ status: 200, headers: LIMIT_HEADERS, body });
const unauthorized = (): DoubleReply => ({ status: 401, headers: LIMIT_HEADERS, body: { success: false, error: 'unauthorized access', errorCode: 401, error_info: ERROR_INFO, data: null, additional_data: null } });

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isDate = (v: unknown): boolean => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** AddActivityRequest's fields and what each takes. */
const FIELDS: Record<string, (v: unknown) => boolean> = {
  subject: (v) => typeof v === 'string' && v.trim() !== '',
  type: (v) => typeof v === 'string',
  owner_id: isId,
  deal_id: isId,
  lead_id: (v) => typeof v === 'string',
  person_id: isId,
  org_id: isId,
  project_id: isId,
  due_date: isDate,
  due_time: (v) => typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v),
  duration: (v) => typeof v === 'string' && /^\d{2,}:[0-5]\d$/.test(v),
  busy: (v) => typeof v === 'boolean',
  done: (v) => typeof v === 'boolean',
  location: isObject,
  participants: (v) => Array.isArray(v) && v.every((p) => isObject(p) && isId(p.person_id)),
  attendees: (v) => Array.isArray(v) && v.every(isObject),
  public_description: (v) => typeof v === 'string',
  priority: (v) => typeof v === 'number' && Number.isInteger(v),
  outcome: (v) => v === null || isId(v),
  note: (v) => typeof v === 'string',
};

/** The credential of a request: the `x-api-token` header, the legacy `api_token` query parameter, or an OAuth bearer token. */
function token(r: DoubleRequest): string | null {
  const apiToken = r.headers['x-api-token'];
  if (typeof apiToken === 'string') return apiToken;
  return r.query.get('api_token') ?? bearerToken(r);
}

/** Starts a double of one Pipedrive company's API. */
export async function startPipedriveDouble(): Promise<PipedriveDouble> {
  const activities = new Map<number, StoredActivity>();
  const users: DoubleUser[] = [
    { id: 1000001, name: 'API User', email: 'api@acme.example', active_flag: true },
    { id: 1234567, name: 'Rosa Diaz', email: 'rosa@acme.example', active_flag: true },
    { id: 1234568, name: 'Rosa Former', email: 'rosa@acme.example.old', active_flag: true },
    { id: 1234569, name: 'Old Account', email: 'gone@acme.example', active_flag: false },
  ];
  let sequence = 0;
  const state = { rateLimitHeaders: { 'retry-after': String(RETRY_AFTER_SECONDS), 'x-ratelimit-reset': String(RETRY_AFTER_SECONDS) } as Record<string, string> };
  const store = (fields: Record<string, unknown>, at: string): StoredActivity => {
    const activity: StoredActivity = {
      subject: 'Call',
      type: 'call',
      owner_id: users[0]?.id,
      creator_user_id: users[0]?.id,
      deal_id: null,
      lead_id: null,
      person_id: null,
      org_id: null,
      project_id: null,
      due_date: null,
      due_time: null,
      duration: null,
      busy: false,
      done: false,
      note: null,
      priority: null,
      ...fields,
      id: ++sequence,
      is_deleted: false,
      add_time: at,
      update_time: at,
    };
    activities.set(activity.id, activity);
    return activity;
  };

  const add = (r: DoubleRequest, outcome: Exclude<ConnectorScript, 'drop-after-write'>): DoubleReply => {
    if (outcome === 'unauthorized') return unauthorized();
    if (outcome === 'rate-limit') {
      const { 'x-ratelimit-reset': _reset, ...window } = LIMIT_HEADERS;
      return { ...fail(429, 'Request over limit'), headers: { ...window, 'x-ratelimit-remaining': '0', ...state.rateLimitHeaders } };
    }
    if (outcome === 'server-error') return fail(500, 'Internal server error');
    if (outcome === 'reject') return fail(400, REJECT);
    const body = r.json;
    if (!isObject(body)) return fail(400, 'Request body must be a JSON object');
    for (const [key, value] of Object.entries(body)) {
      const valid = FIELDS[key];
      if (valid === undefined) return fail(400, `Validation failed: "${key}" is not allowed`);
      if (!valid(value)) return fail(400, `Validation failed: "${key}" has an invalid value`);
    }
    if (body.due_time !== undefined && body.due_date === undefined) return fail(400, 'Validation failed: due_time requires due_date');
    if (typeof body.type === 'string' && !ACTIVITY_TYPES.has(body.type)) return fail(400, `Validation failed: activity type "${body.type}" does not exist`);
    return ok({ success: true, data: store(body, new Date().toISOString().replace('T', ' ').slice(0, 19)) });
  };

  const list = (r: DoubleRequest): DoubleReply => {
    const numberParam = (name: string): number | null | 'bad' => {
      const value = r.query.get(name);
      if (value === null) return null;
      return /^[1-9]\d*$/.test(value) ? Number(value) : 'bad';
    };
    const filters: [string, number | null | 'bad'][] = ['deal_id', 'person_id', 'org_id', 'owner_id'].map((name) => [name, numberParam(name)]);
    for (const [name, value] of filters) if (value === 'bad') return fail(400, `Validation failed: ${name} must be an integer`);
    const limit = numberParam('limit') ?? 100;
    if (limit === 'bad' || limit > 500) return fail(400, 'Validation failed: limit must be an integer between 1 and 500');
    const sortBy = r.query.get('sort_by') ?? 'id';
    if (!['id', 'update_time', 'add_time', 'due_date'].includes(sortBy)) return fail(400, 'Validation failed: sort_by must be one of id, update_time, add_time, due_date');
    const direction = r.query.get('sort_direction') ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') return fail(400, 'Validation failed: sort_direction must be asc or desc');
    const cursor = r.query.get('cursor');
    const start = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(start) || start < 0) return fail(400, 'Validation failed: cursor is invalid');
    const done = r.query.get('done');
    const matching = [...activities.values()]
      .filter((a) => !a.is_deleted && filters.every(([name, value]) => value === null || a[name] === value) && (done === null || a.done === (done === 'true' || done === '1')))
      .sort((a, b) => (direction === 'asc' ? 1 : -1) * ((sortBy === 'id' ? 0 : text(a[sortBy]).localeCompare(text(b[sortBy]))) || a.id - b.id));
    const pageItems = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? Buffer.from(`offset:${start + limit}`).toString('base64url') : null;
    return ok({ success: true, data: pageItems, additional_data: { next_cursor: next } });
  };

  const findUsers = (r: DoubleRequest): DoubleReply => {
    const term = r.query.get('term');
    if (term === null || term.length < 2) return fail(400, 'term must be at least 2 characters long');
    const byEmail = r.query.get('search_by_email') === '1';
    const found = users.filter((u) => (byEmail ? u.email : u.name).toLowerCase().includes(term.toLowerCase()));
    return ok({ success: true, data: found.length === 0 ? null : found, additional_data: null });
  };

  const handle = (r: DoubleRequest, outcome: Exclude<ConnectorScript, 'drop-after-write'> | null): DoubleReply => {
    const credential = token(r);
    if (credential === null || !credential.startsWith('token-')) return unauthorized();
    if (r.path === '/api/v2/activities' && r.method === 'POST') return add(r, outcome ?? 'accept');
    if (r.path === '/api/v2/activities' && r.method === 'GET') return list(r);
    const one = /^\/api\/v2\/activities\/(\d+)$/.exec(r.path);
    if (one !== null && r.method === 'GET') {
      const activity = activities.get(Number(one[1]));
      return activity === undefined || activity.is_deleted ? fail(404, 'Activity not found') : ok({ success: true, data: activity });
    }
    if (r.path === '/api/v1/users/find' && r.method === 'GET') return findUsers(r);
    return fail(404, `Unknown method ${r.method} ${r.path}`);
  };

  const double = await startConnectorDouble({
    token,
    isWrite: (r) => r.method === 'POST' && r.path === '/api/v2/activities',
    handle,
    objectCount: () => [...activities.values()].filter((a) => !a.is_deleted).length,
    clear: () => activities.clear(),
    rejectMessage: REJECT,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
  const out = Object.assign(double, { activities, users, seed: (fields: Record<string, unknown>) => store(fields, '2026-11-01 08:00:00'), rateLimitHeaders: state.rateLimitHeaders });
  Object.defineProperty(out, 'rateLimitHeaders', { enumerable: true, get: () => state.rateLimitHeaders, set: (headers: Record<string, string>) => void (state.rateLimitHeaders = headers) });
  return out;
}
