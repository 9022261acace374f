import { randomUUID } from 'node:crypto';
import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of HubSpot's contact search, as HubSpot documents it:
// - POST /crm/v3/objects/contacts/search with PublicObjectSearchRequest (filterGroups of
//   filters, sorts, properties, limit, after) answering
//   CollectionResponseWithTotalSimplePublicObjectForwardPaging (total, results, paging.next.after):
//   HubSpot/HubSpot-public-api-spec-collection, PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json,
//   and the SDK's models (@hubspot/api-client, codegen/crm/contacts);
// - the search guide (developers.hubspot.com/docs/api/crm/search): operators (EQ, NEQ, LT,
//   LTE, GT, GTE, BETWEEN, IN, HAS_PROPERTY, NOT_HAS_PROPERTY), datetime values as epoch ms,
//   at most 5 filterGroups of 6 filters (18 in all), one sort, 200 records a page (default
//   10), and 10,000 results a query (a 400 past them); contacts answer createdate,
//   hs_object_id and lastmodifieddate besides the properties asked for;
// - 401 (INVALID_AUTHENTICATION, EXPIRED_AUTHENTICATION), 429 (search answers carry no
//   X-HubSpot-RateLimit-* headers and no Retry-After) and 5xx: /docs/api/usage-details and
//   /docs/api/error-handling.

/** A contact as the double keeps it: property values by internal name (datetimes as ISO text). */
export interface StoredContact {
  id: string;
  properties: Record<string, string>;
}

/** The HubSpot activity double: a {@link SourceDouble} with the account's contacts. */
export interface HubSpotActivityDouble extends SourceDouble {
  /** `http://127.0.0.1:<port>`: the SDK's basePath. */
  readonly url: string;
  /** The contacts, by id. */
  readonly contacts: Map<string, StoredContact>;
  /** Every request since the last reset. */
  readonly requests: DoubleRequest[];
  /** Logs an activity on the contact at `at`: its Last Activity Date and Last Contacted, which move its lastmodifieddate. */
  touch(customerId: string, at: Date): Promise<void>;
  close(): Promise<void>;
}

const START = Date.parse('2026-11-01T00:00:00Z');
const RETRY_AFTER_SECONDS = 1;
const DATETIMES = new Set(['createdate', 'lastmodifieddate', 'notes_last_updated', 'notes_last_contacted', 'hs_last_sales_activity_timestamp']);
const NUMBERS = new Set(['hs_object_id']);
const PROPERTIES = new Set([...DATETIMES, ...NUMBERS, 'email', 'firstname', 'lastname']);
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY']);

const error = (status: number, category: string, message: string): DoubleReply => ({ status, body: { status: 'error', message, correlationId: randomUUID(), category } });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as HubSpot compares it: datetimes (ISO or epoch ms) and numbers as numbers, text lower-cased. */
function comparable(property: string, value: string): number | string {
  if (DATETIMES.has(property)) return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (NUMBERS.has(property)) return Number(value);
  return value.toLowerCase();
}

type Test = (c: StoredContact) => boolean;

function filterTest(f: unknown): Test | string {
  if (!isObject(f) || typeof f.propertyName !== 'string' || typeof f.operator !== 'string') return 'a filter has propertyName and operator';
  const { propertyName, operator } = f;
  if (!OPERATORS.has(operator)) return `${operator} is not a supported operator`;
  if (!PROPERTIES.has(propertyName)) return `There was a problem with the request: property "${propertyName}" does not exist`;
  const value = (c: StoredContact): number | string | null => {
    const v = propertyName === 'hs_object_id' ? c.id : c.properties[propertyName];
    return v === undefined || v === '' ? null : comparable(propertyName, v);
  };
  if (operator === 'HAS_PROPERTY') return (c) => value(c) !== null;
  if (operator === 'NOT_HAS_PROPERTY') return (c) => value(c) === null;
  if (operator === 'IN') {
    if (!Array.isArray(f.values)) return 'IN takes values';
    const wanted = (f.values as unknown[]).map((v) => comparable(propertyName, String(v)));
    return (c) => wanted.includes(value(c) as never);
  }
  if (typeof f.value !== 'string') return `${operator} takes a value`;
  const wanted = comparable(propertyName, f.value);
  if (operator === 'BETWEEN') {
    if (typeof f.highValue !== 'string') return 'BETWEEN takes highValue';
    const high = comparable(propertyName, f.highValue);
    return (c) => value(c) !== null && (value(c) as number) >= (wanted as number) && (value(c) as number) <= (high as number);
  }
  return (c) => {
    const v = value(c);
    if (operator === 'NEQ') return v !== wanted;
    if (v === null) return false;
    if (operator === 'EQ') return v === wanted;
    if (operator === 'LT') return v < wanted;
    if (operator === 'LTE') return v <= wanted;
    if (operator === 'GT') return v > wanted;
    return v >= wanted;
  };
}

/** Starts the double. */
export async function startHubSpotActivityDouble(): Promise<HubSpotActivityDouble> {
  const contacts = new Map<string, StoredContact>();
  const state = { clock: START, sequence: 0 };
  const tick = (): string => new Date((state.clock += 1000)).toISOString();

  function search(body: unknown): DoubleReply {
    if (!isObject(body)) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1, column 1: a search request is an object');
    const limit = body.limit ?? 10;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 200) return error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 200');
    const offset = body.after === undefined ? 0 : Number(body.after);
    if (!Number.isInteger(offset) || offset < 0) return error(400, 'VALIDATION_ERROR', `after "${String(body.after)}" is not a paging token`);
    if (offset + limit > 10_000) return error(400, 'VALIDATION_ERROR', 'The search endpoints are limited to 10,000 total results for any given query.');
    const groups = Array.isArray(body.filterGroups) ? (body.filterGroups as unknown[]) : [];
    if (groups.length > 5) return error(400, 'VALIDATION_ERROR', 'There can be at most 5 filterGroups');
    const tests: Test[][] = [];
    let count = 0;
    for (const g of groups) {
      const filters = isObject(g) && Array.isArray(g.filters) ? (g.filters as unknown[]) : null;
      if (filters === null || filters.length > 6) return error(400, 'VALIDATION_ERROR', 'Each filterGroup has a filters list of at most 6 filters');
      count += filters.length;
      const group: Test[] = [];
      for (const f of filters) {
        const test = filterTest(f);
        if (typeof test === 'string') return error(400, 'VALIDATION_ERROR', test);
        group.push(test);
      }
      tests.push(group);
    }
    if (count > 18) return error(400, 'VALIDATION_ERROR', 'There can be at most 18 filters in all');
    const sorts = Array.isArray(body.sorts) ? (body.sorts as unknown[]) : [];
    if (sorts.length > 1) return error(400, 'VALIDATION_ERROR', 'A search takes one sort');
    const sort = sorts[0];
    let sortBy: { property: string; descending: boolean } | null = null;
    if (isObject(sort) && typeof sort.propertyName === 'string') sortBy = { property: sort.propertyName, descending: sort.direction === 'DESCENDING' };
    else if (typeof sort === 'string') sortBy = { property: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
    else if (sort !== undefined) return error(400, 'VALIDATION_ERROR', 'a sort is { propertyName, direction }');
    if (sortBy !== null && !PROPERTIES.has(sortBy.property)) return error(400, 'VALIDATION_ERROR', `property "${sortBy.property}" does not exist`);
    const matching = [...contacts.values()].filter((c) => tests.length === 0 || tests.some((g) => g.every((test) => test(c))));
    // Without a sort, HubSpot answers by id.
    const by = sortBy ?? { property: 'hs_object_id', descending: false };
    const key = (c: StoredContact): number | string => (by.property === 'hs_object_id' ? Number(c.id) : comparable(by.property, c.properties[by.property] ?? ''));
    matching.sort((a, b) => (key(a) === key(b) ? 0 : key(a) < key(b) ? -1 : 1) * (by.descending ? -1 : 1));
    const wanted = Array.isArray(body.properties) ? (body.properties as unknown[]).filter((p): p is string => typeof p === 'string') : ['email', 'firstname', 'lastname'];
    const results = matching.slice(offset, offset + limit).map((c) => {
      const properties: Record<string, string | null> = { createdate: c.properties.createdate ?? null, hs_object_id: c.id, lastmodifieddate: c.properties.lastmodifieddate ?? null };
      for (const p of wanted) properties[p] = c.properties[p] ?? null;
      return { id: c.id, properties, createdAt: c.properties.createdate, updatedAt: c.properties.lastmodifieddate, archived: false };
    });
    const next = offset + limit < matching.length ? { paging: { next: { after: String(offset + limit), link: `?after=${offset + limit}` } } } : {};
    return { status: 200, body: { total: matching.length, results, ...next } };
  }

  const handle = (r: DoubleRequest, outcome: string | null): DoubleReply => {
    const token = bearerToken(r);
    if (token === null || !token.startsWith('token-')) return error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    if (outcome === 'unauthorized') return error(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired 1 minute(s) ago.');
    if (outcome === 'rate-limit') return { status: 429, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'SECONDLY' } };
    if (outcome === 'server-error') return { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>' };
    if (r.method === 'POST' && r.path === '/crm/v3/objects/contacts/search') return search(r.json);
    return error(404, 'OBJECT_NOT_FOUND', `No route for ${r.method} ${r.path}`);
  };

  // Every request can be scripted to fail: a source's reads are what the suite scripts.
  const running: RunningDouble = await startConnectorDouble({
    token: bearerToken,
    isWrite: () => true,
    handle,
    objectCount: () => contacts.size,
    clear: () => {
      contacts.clear();
      state.clock = START;
    },
    rejectMessage: 'not used by a source',
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

  const notBilling = (): Promise<never> => Promise.reject(new Error('HubSpot activity is not a billing source: it holds no invoices.'));
  return {
    url: running.url,
    contacts,
    requests: running.requests,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    putCustomer(customer: DoubleCustomer) {
      const now = tick();
      const id = String(51_200 + ++state.sequence);
      contacts.set(id, { id, properties: { email: customer.email, lastname: customer.name, createdate: now, lastmodifieddate: now, hs_object_id: id } });
      return Promise.resolve(id);
    },
    putInvoice: (_invoice: DoubleInvoice) => notBilling(),
    pay: () => notBilling(),
    voidInvoice: () => notBilling(),
    touch(customerId: string, at: Date) {
      const contact = contacts.get(customerId);
      if (contact === undefined) return Promise.reject(new Error(`No contact ${customerId}.`));
      // A logged call: HubSpot sets both activity dates, and any property set moves lastmodifieddate.
      contact.properties.notes_last_updated = at.toISOString();
      contact.properties.notes_last_contacted = at.toISOString();
      contact.properties.lastmodifieddate = tick();
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
}
