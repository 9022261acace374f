import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';
import { zohoToken } from './zoho-double';

// A double of Zoho CRM's Get Records for Contacts, from Zoho's own descriptions: the
// OpenAPI file github.com/zoho/crm-oas v8.0/record.json (getRecords: `fields` required;
// `per_page` 1-200; `page` 1-10 and DISCRETE_PAGINATION_LIMIT_EXCEEDED past 2,000
// records without `page_token`; `sort_by` id, Created_Time or Modified_Time; `sort_order`;
// `info` with per_page, count, page, sort_by, sort_order, more_records, next_page_token,
// previous_page_token, page_token_expiry; 204 when no record matches; the error objects
// `{ code, details, message, status: 'error' }`), the `If-Modified-Since` request header
// and its 304 of the Get Records reference
// (https://www.zoho.com/crm/developer/docs/api/v6/get-records.html), and the
// `Zoho-oauthtoken` authorization header. Times are the org's: ISO 8601 with the org
// zone's offset (this org is in India, +05:30, like Zoho's own examples).

/** A contact as the double keeps it, by field API name. */
export interface StoredContact {
  id: string;
  Last_Name: string;
  First_Name: string | null;
  Email: string | null;
  Last_Activity_Time: string | null;
  Created_Time: string;
  Modified_Time: string;
  [field: string]: unknown;
}

/** A running double of one org's Contacts. */
export interface ZohoActivityDouble extends SourceDouble {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The requests since the last reset. */
  readonly requests: RunningDouble['requests'];
  /** The contacts, by id. */
  readonly contacts: Map<string, StoredContact>;
  /** Sets fields of a contact as an edit in Zoho would, moving its Modified_Time to the next tick. */
  update(id: string, fields: Partial<StoredContact>): void;
  close(): Promise<void>;
}

const START = Date.UTC(2026, 10, 1);
const OFFSET_MS = 5.5 * 3600 * 1000;
const ID_BASE = 3652397000000624000n;

/** An instant in the org's zone as Zoho writes it: `2026-11-01T05:30:01+05:30`. */
const orgTime = (ms: number): string => `${new Date(ms + OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
const failure = (code: string, message: string, details: Record<string, unknown> = {}): Record<string, unknown> => ({ code, details, message, status: 'error' });
const answer = (status: number, body?: object, headers?: Record<string, string>): DoubleReply => ({ status, ...(body === undefined ? {} : { body }), ...(headers === undefined ? {} : { headers }) });
const notBilling = (): Promise<never> => Promise.reject(new Error('Zoho activity double: not a billing source (the activity source reads Contacts only).'));

/** Starts the double. `retryAfter` adds a Retry-After to its 429 (Zoho documents none); `retryAfterSeconds` is the wait the suite expects (default 1). */
export async function startZohoActivityDouble(options: { retryAfterSeconds?: number; retryAfter?: string | null } = {}): Promise<ZohoActivityDouble> {
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const retryAfter = options.retryAfter === undefined ? String(retryAfterSeconds) : options.retryAfter;
  const contacts = new Map<string, StoredContact>();
  const failures: ('rate-limit' | 'server-error' | 'unauthorized')[] = [];
  let clock = START;
  let sequence = 0n;
  const tick = (): string => orgTime((clock += 1000));

  const list = (r: DoubleRequest, module: string): DoubleReply => {
    if (module !== 'Contacts') return answer(400, failure('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }));
    const fields = r.query.get('fields');
    if (fields === null || fields === '') return answer(400, failure('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'fields' }));
    const perPage = Number(r.query.get('per_page') ?? '200');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'per_page' }));
    const sortBy = r.query.get('sort_by') ?? 'id';
    if (!['id', 'Created_Time', 'Modified_Time'].includes(sortBy)) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'sort_by', supported_values: ['id', 'Created_Time', 'Modified_Time'] }));
    const sortOrder = r.query.get('sort_order') ?? 'desc';
    if (sortOrder !== 'asc' && sortOrder !== 'desc') return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'sort_order' }));
    const token = r.query.get('page_token');
    let offset: number;
    if (token !== null) {
      offset = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
      if (!Number.isInteger(offset) || offset < 0) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'page_token' }));
    } else {
      const page = Number(r.query.get('page') ?? '1');
      if (!Number.isInteger(page) || page < 1) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'page' }));
      if (page * perPage > 2000) return answer(400, failure('DISCRETE_PAGINATION_LIMIT_EXCEEDED', 'You can only get the first 2000 records without using page_token param', { limit: 2000 }));
      offset = (page - 1) * perPage;
    }
    const header = r.headers['if-modified-since'];
    const since = typeof header === 'string' ? Date.parse(header) : null;
    if (since !== null && Number.isNaN(since)) return answer(400, failure('INVALID_DATA', 'invalid data', { param_name: 'If-Modified-Since' }));
    const key = (c: StoredContact): string | number => (sortBy === 'id' ? Number(c.id) : Date.parse(c[sortBy] as string));
    const matching = [...contacts.values()]
      .filter((c) => since === null || Date.parse(c.Modified_Time) > since)
      .sort((a, b) => (sortOrder === 'asc' ? 1 : -1) * ((key(a) as number) - (key(b) as number) || Number(BigInt(a.id) - BigInt(b.id))));
    if (matching.length === 0) return since === null ? answer(204) : answer(304);
    const page = matching.slice(offset, offset + perPage);
    if (page.length === 0) return answer(204);
    const wanted = fields.split(',');
    const more = offset + perPage < matching.length;
    return answer(200, {
      data: page.map((c): Record<string, unknown> => Object.fromEntries([['id', c.id], ...wanted.filter((f) => f in c).map((f) => [f, c[f]])]) as Record<string, unknown>),
      info: {
        per_page: perPage,
        count: page.length,
        page: token === null ? offset / perPage + 1 : Math.floor(offset / perPage) + 1,
        sort_by: sortBy,
        sort_order: sortOrder,
        more_records: more,
        next_page_token: more ? Buffer.from(`offset:${offset + perPage}`).toString('base64url') : null,
        previous_page_token: null,
        page_token_expiry: more ? orgTime(clock + 86_400_000) : null,
      },
    });
  };

  const server = await startConnectorDouble({
    token: zohoToken,
    isWrite: () => false,
    handle(r) {
      const scripted = failures.shift();
      const token = zohoToken(r);
      if (token === null) return answer(401, failure('AUTHENTICATION_FAILURE', 'Authentication failed'));
      if (!token.startsWith('token-') || scripted === 'unauthorized') return answer(401, failure('INVALID_TOKEN', 'invalid oauth token'));
      if (scripted === 'rate-limit') return answer(429, failure('TOO_MANY_REQUESTS', 'too many requests'), retryAfter === null ? undefined : { 'retry-after': retryAfter });
      if (scripted === 'server-error') return answer(500, failure('INTERNAL_ERROR', 'Internal Server Error'));
      const path = /^\/crm\/v[2-9]\/([A-Za-z_]+)$/.exec(r.path);
      if (r.method === 'GET' && path !== null) return list(r, path[1] as string);
      return answer(404, failure('INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one'));
    },
    objectCount: () => contacts.size,
    clear: () => {
      contacts.clear();
      failures.length = 0;
      clock = START;
    },
    rejectMessage: 'not used',
    retryAfterSeconds,
  });

  const update = (id: string, fields: Partial<StoredContact>): void => {
    const contact = contacts.get(id);
    if (contact === undefined) throw new Error(`Zoho activity double: no contact ${id}.`);
    Object.assign(contact, fields, { Modified_Time: tick() });
  };

  return {
    url: server.url,
    requests: server.requests,
    contacts,
    retryAfterSeconds,
    update,
    putCustomer(customer: DoubleCustomer): Promise<string> {
      const at = tick();
      const id = String(ID_BASE + ++sequence);
      const [first, ...rest] = customer.name.split(' ');
      contacts.set(id, { id, First_Name: rest.length === 0 ? null : (first ?? null), Last_Name: rest.length === 0 ? customer.name : rest.join(' '), Email: customer.email, Last_Activity_Time: null, Created_Time: at, Modified_Time: at });
      return Promise.resolve(id);
    },
    touch(customerId: string, at: Date): Promise<void> {
      update(customerId, { Last_Activity_Time: orgTime(at.getTime()) });
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
