import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';
import { conditionFields, matches, parseSoql, SoqlError, type SoqlFieldValue } from './salesforce-soql';

// A double of one org's REST API `query` resource for Contact, as Salesforce documents it:
// - GET /services/data/vNN.0/query?q=<SOQL> and GET <nextRecordsUrl>
//   (/services/data/vNN.0/query/<locator>-<offset>): REST API Developer Guide, "Execute a
//   SOQL Query" (totalSize, done, nextRecordsUrl, records with attributes); batch size from
//   the Sforce-Query-Options header (200 to 2,000, default 2,000; Salesforce may answer
//   smaller batches, modelled by `batchSize`);
// - Contact fields and their types: Object Reference, Contact (LastActivityDate is a date;
//   SystemModstamp a dateTime written `2026-11-01T00:00:05.000+0000`);
// - a changed LastActivityDate moves SystemModstamp but not LastModifiedDate (knowledge
//   article 000387261);
// - errors as `[{ message, errorCode }]`: 401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED
//   (Salesforce's API limit: no Retry-After), 500 UNKNOWN_EXCEPTION, 400 MALFORMED_QUERY and
//   INVALID_FIELD (REST API Developer Guide, "Status Codes and Error Responses").

/** A Contact as the double keeps it. */
export interface StoredContact {
  Id: string;
  Email: string | null;
  LastName: string;
  LastActivityDate: string | null;
  /** ms */
  SystemModstamp: number;
  /** ms */
  LastModifiedDate: number;
  /** ms */
  CreatedDate: number;
}

/** The Salesforce activity double: a {@link SourceDouble} with the org's contacts. */
export interface SalesforceActivityDouble extends SourceDouble {
  /** `http://127.0.0.1:<port>`: the instance URL. */
  readonly url: string;
  /** The contacts, by Id. */
  readonly contacts: Map<string, StoredContact>;
  /** Every request since the last reset. */
  readonly requests: DoubleRequest[];
  /** Sets the Contact's LastActivityDate (the date of `at`, in UTC), which moves its SystemModstamp. */
  touch(customerId: string, at: Date): Promise<void>;
  /** The most records one query batch holds (Salesforce may answer fewer than asked). Default 2,000. */
  batchSize: number;
  close(): Promise<void>;
}

const START = Date.parse('2026-11-01T00:00:00Z');
const DATETIME_FIELDS = new Set(['SystemModstamp', 'LastModifiedDate', 'CreatedDate']);
const FIELDS = new Set(['Id', 'Email', 'LastName', 'LastActivityDate', ...DATETIME_FIELDS]);
const RETRY_AFTER_SECONDS = 60;

const errors = (status: number, message: string, errorCode: string): DoubleReply => ({ status, body: [{ message, errorCode }] });
/** A dateTime as the REST API writes it. */
const dateTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/** Starts the double. */
export async function startSalesforceActivityDouble(): Promise<SalesforceActivityDouble> {
  const contacts = new Map<string, StoredContact>();
  const cursors = new Map<string, Record<string, unknown>[]>();
  const state = { clock: START, sequence: 0, locators: 0, batchSize: 2000 };
  const tick = (): number => (state.clock += 1000);

  function query(r: DoubleRequest, version: string): DoubleReply {
    let soql;
    try {
      soql = parseSoql(r.query.get('q') ?? '');
    } catch (error) {
      return errors(400, error instanceof SoqlError ? error.message : String(error), 'MALFORMED_QUERY');
    }
    if (soql.object !== 'Contact') return errors(400, `sObject type '${soql.object}' is not supported.`, 'INVALID_TYPE');
    for (const field of [...soql.fields, ...conditionFields(soql.where), ...soql.orderBy.map((o) => o.field)]) {
      if (!FIELDS.has(field)) return errors(400, `No such column '${field}' on entity 'Contact'.`, 'INVALID_FIELD');
    }
    const get = (c: StoredContact) => (field: string): SoqlFieldValue => c[field as keyof StoredContact];
    const found = [...contacts.values()].filter((c) => matches(soql.where, get(c)));
    found.sort((a, b) => {
      for (const { field, descending } of soql.orderBy) {
        const x = get(a)(field);
        const y = get(b)(field);
        // SOQL puts nulls first in ascending order.
        const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
    const limited = soql.limit === null ? found : found.slice(0, soql.limit);
    const records = limited.map((c) => {
      const record: Record<string, unknown> = { attributes: { type: 'Contact', url: `/services/data/v${version}/sobjects/Contact/${c.Id}` } };
      for (const field of soql.fields) {
        const v = c[field as keyof StoredContact];
        record[field] = DATETIME_FIELDS.has(field) ? dateTime(v as number) : v;
      }
      return record;
    });
    const asked = /batchSize=(\d+)/.exec(String(r.headers['sforce-query-options'] ?? ''));
    const size = Math.min(state.batchSize, asked === null ? 2000 : Math.min(2000, Math.max(200, Number(asked[1]))));
    const locator = `01gD0000002HU6K${String(++state.locators).padStart(3, '0')}`;
    cursors.set(locator, records);
    return batch(locator, 0, size, version);
  }

  function batch(locator: string, offset: number, size: number, version: string): DoubleReply {
    const records = cursors.get(locator);
    if (records === undefined) return errors(400, 'invalid query locator', 'INVALID_QUERY_LOCATOR');
    const end = Math.min(records.length, offset + size);
    const done = end >= records.length;
    return { status: 200, body: { totalSize: records.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${end}` }), records: records.slice(offset, end) } };
  }

  const handle = (r: DoubleRequest, outcome: string | null): DoubleReply => {
    const token = bearerToken(r);
    if (token === null || !token.startsWith('token-') || outcome === 'unauthorized') return errors(401, 'Session expired or invalid', 'INVALID_SESSION_ID');
    if (outcome === 'rate-limit') return errors(403, 'TotalRequests Limit exceeded.', 'REQUEST_LIMIT_EXCEEDED');
    if (outcome === 'server-error') return errors(500, 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)', 'UNKNOWN_EXCEPTION');
    const first = /^\/services\/data\/v(\d+\.0)\/query\/?$/.exec(r.path);
    if (r.method === 'GET' && first !== null) return query(r, first[1] as string);
    const more = /^\/services\/data\/v(\d+\.0)\/query\/([A-Za-z0-9]+)-(\d+)$/.exec(r.path);
    if (r.method === 'GET' && more !== null) {
      const asked = /batchSize=(\d+)/.exec(String(r.headers['sforce-query-options'] ?? ''));
      const size = Math.min(state.batchSize, asked === null ? 2000 : Math.max(200, Number(asked[1])));
      return batch(more[2] as string, Number(more[3]), size, more[1] as string);
    }
    return errors(404, 'The requested resource does not exist', 'NOT_FOUND');
  };

  // Every request can be scripted to fail: a source's reads are what the suite scripts.
  const running: RunningDouble = await startConnectorDouble({
    token: bearerToken,
    isWrite: () => true,
    handle,
    objectCount: () => contacts.size,
    clear: () => {
      contacts.clear();
      cursors.clear();
      state.clock = START;
      state.batchSize = 2000;
    },
    rejectMessage: 'not used by a source',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

  const notBilling = (): Promise<never> => Promise.reject(new Error('Salesforce activity is not a billing source: it holds no invoices.'));
  const double: SalesforceActivityDouble = {
    url: running.url,
    contacts,
    requests: running.requests,
    get batchSize() {
      return state.batchSize;
    },
    set batchSize(size: number) {
      state.batchSize = size;
    },
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    putCustomer(customer: DoubleCustomer) {
      const now = tick();
      const Id = `0035e0000${String(++state.sequence).padStart(6, '0')}AAA`;
      contacts.set(Id, { Id, Email: customer.email, LastName: customer.name, LastActivityDate: null, SystemModstamp: now, LastModifiedDate: now, CreatedDate: now });
      return Promise.resolve(Id);
    },
    putInvoice: (_invoice: DoubleInvoice) => notBilling(),
    pay: () => notBilling(),
    voidInvoice: () => notBilling(),
    touch(customerId: string, at: Date) {
      const contact = contacts.get(customerId);
      if (contact === undefined) return Promise.reject(new Error(`No Contact ${customerId}.`));
      // Salesforce recomputes the date field and stamps the record; LastModifiedDate stays.
      contact.LastActivityDate = at.toISOString().slice(0, 10);
      contact.SystemModstamp = tick();
      return Promise.resolve();
    },
    failNext(kind, count = 1) {
      running.script(...Array.from({ length: count }, () => kind));
    },
    tokensSeen: () => running.tokensSeen(),
    requestCount: () => running.requests.length,
    reset: () => running.reset(),
    close: () => running.close(),
  };
  return double;
}
