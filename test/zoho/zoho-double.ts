import { startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of Zoho CRM's REST API (v2 to v9 paths), built from Zoho's own descriptions:
// the OpenAPI files of github.com/zoho/crm-oas (v8.0/record.json: Insert Records
// POST /{module}, Search Records GET /{module}/search, Success_Response and API_Exception;
// v8.0/users.json: GET /users with type, page, per_page, 204 when empty), the error
// objects of the v6 Node SDK (github.com/zoho/zohocrm-nodejs-sdk-6.0,
// lib/config/json_details.json: record/api_exception details incl. duplicate_record, and
// the `Zoho-oauthtoken ` header of lib/utils/util/constants.js), and the Insert Records
// reference ("Duplicates are checked for every insert record API call based on unique
// fields"), https://www.zoho.com/crm/developer/docs/api/v6/insert-records.html.

/** A task as the double keeps it. */
export interface StoredTask {
  id: string;
  fields: Record<string, unknown>;
}

/** A CRM user the Users API lists. */
export interface StoredUser {
  id: string;
  email: string;
  full_name: string;
  status: 'active' | 'disabled';
}

/** A Zoho CRM REST API double: Tasks insert and search, and Users, as Zoho's reference documents them. */
export interface ZohoDouble extends RunningDouble {
  /** The tasks, by the value of their key field. */
  readonly tasks: Map<string, StoredTask>;
  /** The org's users. */
  readonly users: StoredUser[];
  /** Answers the next insert with `reply` instead of doing it (Zoho answers the scripts do not cover, such as `OAUTH_SCOPE_MISMATCH`). */
  answerNextWrite(reply: DoubleReply): void;
}

/** Options of {@link startZohoDouble}. */
export interface ZohoDoubleOptions {
  /** The unique Tasks field holding tickler's key. Default `Tickler_Key`. */
  keyField?: string;
  /** The org's users. Default: Rosa, active. */
  users?: StoredUser[];
  /** A `Retry-After` header for the 429 (Zoho documents none; the connector then waits `rateLimitWaitMs`). */
  retryAfter?: string;
}

const REJECT = 'the id given seems to be invalid';
const PRIORITIES = ['Highest', 'High', 'Normal', 'Low', 'Lowest'];
const STATUSES = ['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input'];
const MODULES = ['Accounts', 'Deals', 'Leads', 'Contacts', 'Campaigns', 'Cases', 'Products', 'Quotes', 'Sales_Orders', 'Purchase_Orders', 'Invoices', 'Vendors', 'Solutions'];
const ID = /^\d{10,25}$/;
const ADMIN = { name: 'Api Admin', id: '5725767000000411000' };
const STAMP = '2026-11-23T09:00:00+01:00';

/** Zoho's error object, request-level (the whole body) or record-level (in `data`). */
const failure = (code: string, message: string, details: Record<string, unknown> = {}): Record<string, unknown> => ({ code, details, message, status: 'error' });
const answer = (status: number, body: object, headers?: Record<string, string>): DoubleReply => ({ status, body, ...(headers === undefined ? {} : { headers }) });

/** The access token of `Authorization: Zoho-oauthtoken <token>`, or null. */
export function zohoToken(request: DoubleRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Zoho-oauthtoken\s+(\S+)$/.exec(header) : null;
  return match === null ? null : (match[1] as string);
}

/** Starts a double of one org's Zoho CRM REST API. */
export async function startZohoDouble(options: ZohoDoubleOptions = {}): Promise<ZohoDouble> {
  const keyField = options.keyField ?? 'Tickler_Key';
  const tasks = new Map<string, StoredTask>();
  const users = options.users ?? [{ id: '5725767000000411001', email: 'rosa@acme.example', full_name: 'Rosa Diaz', status: 'active' }];
  const overrides: DoubleReply[] = [];
  let sequence = 0;
  const api = (r: DoubleRequest): string | null => /^\/crm\/v[2-9](\/.*)$/.exec(r.path)?.[1] ?? null;
  const isWrite = (r: DoubleRequest): boolean => r.method === 'POST' && api(r) === '/Tasks';

  /** One record of an insert: a record-level error, or null when Zoho would take it. */
  const problem = (record: Record<string, unknown>, i: number): Record<string, unknown> | null => {
    const at = (field: string) => ({ api_name: field, json_path: `$.data[${i}].${field}` });
    const invalid = (field: string, expected: string) => failure('INVALID_DATA', 'invalid data', { ...at(field), expected_data_type: expected });
    if (typeof record.Subject !== 'string' || record.Subject.trim() === '') return failure('MANDATORY_NOT_FOUND', 'required field not found', at('Subject'));
    if (record.Subject.length > 255) return failure('INVALID_DATA', 'invalid data', { ...at('Subject'), maximum_length: '255' });
    if (record.Due_Date !== undefined && (typeof record.Due_Date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(record.Due_Date))) return invalid('Due_Date', 'date');
    if (record.Priority !== undefined && !PRIORITIES.includes(record.Priority as string)) return invalid('Priority', 'picklist');
    if (record.Status !== undefined && !STATUSES.includes(record.Status as string)) return invalid('Status', 'picklist');
    if (record.Description !== undefined && typeof record.Description !== 'string') return invalid('Description', 'textarea');
    for (const field of ['Owner', 'What_Id', 'Who_Id']) {
      const value = record[field];
      if (value !== undefined && (typeof value !== 'object' || value === null || !ID.test(String((value as { id?: unknown }).id)))) return invalid(field, 'lookup');
    }
    if (record.Owner !== undefined && !users.some((u) => u.status === 'active' && u.id === (record.Owner as { id: string }).id)) return failure('INVALID_DATA', 'invalid data', at('Owner'));
    if (record.What_Id !== undefined && !MODULES.includes(record.$se_module as string)) return failure('MANDATORY_NOT_FOUND', 'required field not found', at('$se_module'));
    const key = record[keyField];
    if (key !== undefined && (typeof key !== 'string' || key.length > 255)) return invalid(keyField, 'text');
    const clash = typeof key === 'string' ? tasks.get(key) : undefined;
    if (clash !== undefined) return failure('DUPLICATE_DATA', 'duplicate data', { ...at(keyField), duplicate_record: { id: clash.id, module: { api_name: 'Tasks', id: '5725767000000002177' }, Owner: ADMIN } });
    return null;
  };

  const insert = (r: DoubleRequest): DoubleReply => {
    const data = (r.json as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data) || data.length === 0 || data.length > 100 || data.some((d) => typeof d !== 'object' || d === null || Array.isArray(d))) {
      return answer(400, failure('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'data' }));
    }
    const items = (data as Record<string, unknown>[]).map((record, i) => {
      const refused = problem(record, i);
      if (refused !== null) return refused;
      const id = `5725767000001${String(++sequence).padStart(6, '0')}`;
      const key = record[keyField];
      tasks.set(typeof key === 'string' ? key : `no-key-${id}`, { id, fields: { ...record } });
      return { code: 'SUCCESS', details: { Modified_Time: STAMP, Modified_By: ADMIN, Created_Time: STAMP, id, Created_By: ADMIN }, message: 'record added', status: 'success' };
    });
    const failed = items.filter((i) => i.status === 'error').length;
    return answer(failed === 0 ? 201 : failed === items.length ? 400 : 207, { data: items });
  };

  const search = (r: DoubleRequest): DoubleReply => {
    const criteria = r.query.get('criteria');
    if (criteria === null) return answer(400, failure('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'criteria' }));
    const match = /^\(([A-Za-z][A-Za-z0-9_]*):equals:((?:[^\\(),]|\\.)*)\)$/.exec(criteria);
    if (match === null) return answer(400, failure('INVALID_QUERY', 'invalid query formed', { reason: 'invalid criteria' }));
    const [, field, escaped] = match as unknown as [string, string, string];
    const value = escaped.replace(/\\(.)/g, '$1');
    const found = [...tasks.values()].filter((t) => t.fields[field] === value).map((t) => ({ id: t.id, ...t.fields }));
    if (found.length === 0) return { status: 204 };
    return answer(200, { data: found, info: { per_page: 200, count: found.length, page: 1, more_records: false } });
  };

  const listUsers = (r: DoubleRequest): DoubleReply => {
    const type = r.query.get('type') ?? 'AllUsers';
    const page = Number(r.query.get('page') ?? '1');
    const perPage = Number(r.query.get('per_page') ?? '200');
    if (!['AllUsers', 'ActiveUsers', 'ActiveConfirmedUsers', 'DeactiveUsers', 'CurrentUser'].includes(type)) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'type' }));
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > 200) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'per_page' }));
    const listed = users.filter((u) => type !== 'ActiveUsers' || u.status === 'active');
    const slice = listed.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) return { status: 204 };
    return answer(200, { users: slice, info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < listed.length } });
  };

  const double = await startConnectorDouble({
    token: zohoToken,
    isWrite,
    handle(r, outcome) {
      const token = zohoToken(r);
      if (token === null) return answer(401, failure('AUTHENTICATION_FAILURE', 'Authentication failed'));
      if (!token.startsWith('token-') || outcome === 'unauthorized') return answer(401, failure('INVALID_TOKEN', 'invalid oauth token'));
      const path = api(r);
      if (r.method === 'GET' && path === '/users') return listUsers(r);
      if (r.method === 'GET' && path === '/Tasks/search') return search(r);
      if (!isWrite(r)) return answer(404, failure('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'));
      const override = overrides.shift();
      if (override !== undefined) return override;
      switch (outcome) {
        case 'reject':
          return answer(400, { data: [failure('INVALID_DATA', REJECT, { api_name: 'What_Id', json_path: '$.data[0].What_Id' })] });
        case 'rate-limit':
          return answer(429, failure('TOO_MANY_REQUESTS', 'too many requests'), options.retryAfter === undefined ? undefined : { 'retry-after': options.retryAfter });
        case 'server-error':
          return answer(500, failure('INTERNAL_SERVER_ERROR', 'Internal server error occurred.'));
        default:
          return insert(r);
      }
    },
    objectCount: () => tasks.size,
    clear: () => {
      tasks.clear();
      overrides.length = 0;
    },
    rejectMessage: REJECT,
    retryAfterSeconds: 60,
  });
  return Object.assign(double, { tasks, users, answerNextWrite: (reply: DoubleReply) => void overrides.push(reply) });
}
