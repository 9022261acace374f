import { randomUUID } from 'node:crypto';
import type { ConnectorScript } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of HubSpot's CRM v3 API as the official references describe it:
// - paths, bodies and schemas: HubSpot/HubSpot-public-api-spec-collection,
//   PublicApiSpecs/CRM/Tasks/Rollouts/424/v3/tasks.json (create, search; the Error schema)
//   and PublicApiSpecs/CRM/Crm Owners/Rollouts/146888/v3/crmOwners.json;
// - task properties and associations: developers.hubspot.com/docs/api/crm/tasks
//   (hs_timestamp required; HUBSPOT_DEFINED types 192 task→company, 204 task→contact, as
//   the SDK's AssociationTypes enum has them);
// - 401/429/5xx and the rate-limit headers: developers.hubspot.com/docs/api/usage-details
//   and /docs/api/error-handling (no Retry-After on 429; X-HubSpot-RateLimit-* headers;
//   search answers carry none of them);
// - search: developers.hubspot.com/docs/api/crm/search (filterGroups, limit up to 200;
//   newly created objects appear in search after a delay, modelled by searchIndex 'manual').

/** A task as the double keeps it. */
export interface StoredTask {
  id: string;
  properties: Record<string, string>;
  associations: { toObjectType: 'company' | 'contact'; toObjectId: string; associationTypeId: number }[];
  createdAt: string;
}

/** A HubSpot CRM v3 double: tasks (create, search) and owners. */
export interface HubSpotDouble extends RunningDouble {
  /** The tasks, by id. */
  readonly tasks: Map<string, StoredTask>;
  /** Owners, by email, with their owner id. */
  readonly owners: Map<string, string>;
  /**
   * `immediate`: search finds a task as soon as it is created. `manual`: only after
   * `reindex()`, as HubSpot's search index lags behind writes by a few seconds.
   */
  searchIndex: 'immediate' | 'manual';
  /** Makes every task so far visible to search. */
  reindex(): void;
}

/** Task properties HubSpot defines, with their options where they are enumerations. */
const TASK_PROPERTIES: Record<string, readonly string[] | null> = {
  hs_task_subject: null,
  hs_task_body: null,
  hs_timestamp: null,
  hs_task_reminders: null,
  hubspot_owner_id: null,
  hs_task_status: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
  hs_task_priority: ['NONE', 'LOW', 'MEDIUM', 'HIGH'],
  hs_task_type: ['TODO', 'CALL', 'EMAIL'],
};
const ASSOCIATION_TYPES: Record<number, 'company' | 'contact'> = { 192: 'company', 204: 'contact' };
const AUTH_MESSAGE = 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

interface Problem {
  name: string;
  error: string;
  message: string;
}

const error = (status: number, category: string, message: string, extra: Record<string, unknown> = {}): DoubleReply => ({ status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } });

/** HubSpot's answer to invalid property values: the problems in the message, and as `errors`. */
function invalid(problems: Problem[]): DoubleReply {
  const message = `Property values were not valid: ${JSON.stringify(problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name })))}`;
  return error(400, 'VALIDATION_ERROR', message, { errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })) });
}

const REJECTED: Problem = { name: 'hubspot_owner_id', error: 'INVALID_OWNER_ID', message: '61880999 is not a valid owner id' };
const REJECT_MESSAGE = (invalid([REJECTED]).body as { message: string }).message;
const RETRY_AFTER_SECONDS = 10;

/** The X-HubSpot-RateLimit-* headers of a private app's answer, with `remaining` calls left in the ten-second window. */
const rateHeaders = (remaining: number): Record<string, string> => ({
  'x-hubspot-ratelimit-daily': '250000',
  'x-hubspot-ratelimit-daily-remaining': '249000',
  'x-hubspot-ratelimit-interval-milliseconds': String(RETRY_AFTER_SECONDS * 1000),
  'x-hubspot-ratelimit-max': '100',
  'x-hubspot-ratelimit-remaining': String(remaining),
  'x-hubspot-ratelimit-secondly': '10',
  'x-hubspot-ratelimit-secondly-remaining': String(Math.min(10, remaining)),
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Starts a double of one HubSpot account; `keyProperty` is the custom task property the account has. */
export async function startHubSpotDouble(options: { keyProperty?: string } = {}): Promise<HubSpotDouble> {
  const keyProperty = options.keyProperty ?? 'tickler_key';
  const tasks = new Map<string, StoredTask>();
  const indexed = new Set<string>();
  const owners = new Map<string, string>([['rosa@acme.example', '61880521']]);
  let sequence = 0;
  const state = { searchIndex: 'immediate' as 'immediate' | 'manual' };

  const publicObject = (task: StoredTask, properties: Record<string, string>) => ({ id: task.id, properties, createdAt: task.createdAt, updatedAt: task.createdAt, archived: false });

  function create(body: unknown): DoubleReply {
    if (!isObject(body) || !isObject(body.properties)) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1, column 1: Cannot build SimplePublicObjectInputForCreate, some of required attributes are not set [properties]');
    const properties = body.properties;
    const problems: Problem[] = [];
    for (const [name, value] of Object.entries(properties)) {
      if (name !== keyProperty && !(name in TASK_PROPERTIES)) {
        problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if (typeof value !== 'string') {
        problems.push({ name, error: 'INVALID_PROPERTY_VALUE', message: `${JSON.stringify(value)} is not a valid value for ${name}` });
        continue;
      }
      const options = TASK_PROPERTIES[name];
      if (options && !options.includes(value)) problems.push({ name, error: 'INVALID_OPTION', message: `${value} was not one of the allowed options: [${options.join(', ')}]` });
      if (name === 'hubspot_owner_id' && ![...owners.values()].includes(value)) problems.push({ name, error: 'INVALID_OWNER_ID', message: `${value} is not a valid owner id` });
      if ((name === 'hs_timestamp' || name === 'hs_task_reminders') && !/^\d{10,15}$/.test(value) && Number.isNaN(Date.parse(value))) problems.push({ name, error: 'INVALID_DATE', message: `${value} is not a valid timestamp` });
    }
    if (properties.hs_timestamp === undefined) problems.push({ name: 'hs_timestamp', error: 'REQUIRED_PROPERTY', message: 'hs_timestamp is required' });
    if (problems.length > 0) return invalid(problems);
    const associations: StoredTask['associations'] = [];
    for (const a of Array.isArray(body.associations) ? (body.associations as unknown[]) : body.associations === undefined ? [] : [null]) {
      const to = isObject(a) && isObject(a.to) ? a.to.id : undefined;
      const types = isObject(a) && Array.isArray(a.types) ? (a.types as unknown[]) : [];
      if (typeof to !== 'string' || !/^\d+$/.test(to) || types.length === 0) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON: associations[].to.id and associations[].types are required');
      for (const t of types) {
        const kind = isObject(t) && t.associationCategory === 'HUBSPOT_DEFINED' && typeof t.associationTypeId === 'number' ? ASSOCIATION_TYPES[t.associationTypeId] : undefined;
        if (kind === undefined) return error(400, 'VALIDATION_ERROR', `${JSON.stringify(t)} is not a valid association type from tasks`);
        associations.push({ toObjectType: kind, toObjectId: to, associationTypeId: (t as { associationTypeId: number }).associationTypeId });
      }
    }
    const id = String(74_631_946_380 + ++sequence);
    const task: StoredTask = { id, properties: { ...(properties as Record<string, string>) }, associations, createdAt: new Date().toISOString() };
    tasks.set(id, task);
    if (state.searchIndex === 'immediate') indexed.add(id);
    const system = { hs_createdate: task.createdAt, hs_lastmodifieddate: task.createdAt, hs_object_id: id };
    return { status: 201, headers: rateHeaders(99), body: publicObject(task, { ...task.properties, ...system }) };
  }

  function search(body: unknown): DoubleReply {
    if (!isObject(body)) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1, column 1: a search request is an object');
    const groups = Array.isArray(body.filterGroups) ? (body.filterGroups as unknown[]) : [];
    const limit = body.limit === undefined ? 10 : body.limit;
    if (typeof limit !== 'number' || limit < 1 || limit > 200) return error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 200');
    if (groups.length > 5) return error(400, 'VALIDATION_ERROR', 'There can be at most 5 filterGroups');
    const tests: ((t: StoredTask) => boolean)[][] = [];
    for (const g of groups) {
      const filters = isObject(g) && Array.isArray(g.filters) ? (g.filters as unknown[]) : null;
      if (filters === null || filters.length > 6) return error(400, 'VALIDATION_ERROR', 'Each filterGroup has a filters list of at most 6 filters');
      const group: ((t: StoredTask) => boolean)[] = [];
      for (const f of filters) {
        if (!isObject(f) || typeof f.propertyName !== 'string' || f.operator !== 'EQ' || typeof f.value !== 'string') return error(400, 'VALIDATION_ERROR', `This double answers EQ filters with a value only: ${JSON.stringify(f)}`);
        const { propertyName, value } = f;
        if (propertyName !== keyProperty && !(propertyName in TASK_PROPERTIES) && propertyName !== 'hs_object_id') return error(400, 'VALIDATION_ERROR', `There was a problem with the request: property "${propertyName}" does not exist`);
        group.push((t) => (propertyName === 'hs_object_id' ? t.id : t.properties[propertyName]) === value);
      }
      tests.push(group);
    }
    const wanted = Array.isArray(body.properties) ? (body.properties as unknown[]).filter((p): p is string => typeof p === 'string') : [];
    const matching = [...tasks.values()].filter((t) => indexed.has(t.id) && (tests.length === 0 || tests.some((g) => g.every((test) => test(t)))));
    const results = matching.slice(0, limit).map((t) => {
      const properties: Record<string, string> = { hs_createdate: t.createdAt, hs_lastmodifieddate: t.createdAt, hs_object_id: t.id };
      for (const p of wanted) properties[p] = t.properties[p] ?? '';
      return publicObject(t, properties);
    });
    return { status: 200, body: { total: matching.length, results, ...(matching.length > limit ? { paging: { next: { after: String(limit) } } } : {}) } };
  }

  function listOwners(query: URLSearchParams): DoubleReply {
    const email = query.get('email');
    const limit = Number(query.get('limit') ?? '100');
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 500');
    const found = [...owners].filter(([address]) => email === null || address.toLowerCase() === email.toLowerCase());
    const results = found.slice(0, limit).map(([address, id]) => ({ id, email: address, type: 'PERSON', firstName: 'Rosa', lastName: 'Manager', userId: Number(id) + 1, createdAt: '2024-01-08T10:00:00Z', updatedAt: '2024-01-08T10:00:00Z', archived: false, teams: [] }));
    return { status: 200, headers: rateHeaders(99), body: { results } };
  }

  const isWrite = (r: DoubleRequest): boolean => r.method === 'POST' && r.path === '/crm/v3/objects/tasks';
  const handle = (r: DoubleRequest, outcome: Exclude<ConnectorScript, 'drop-after-write'> | null): DoubleReply => {
    const token = bearerToken(r);
    if (token === null || !token.startsWith('token-') || outcome === 'unauthorized') return error(401, 'INVALID_AUTHENTICATION', AUTH_MESSAGE);
    if (r.method === 'POST' && r.path === '/crm/v3/objects/tasks/search') return search(r.json);
    if (r.method === 'GET' && /^\/crm\/v3\/owners\/?$/.test(r.path)) return listOwners(r.query);
    if (!isWrite(r)) return error(404, 'OBJECT_NOT_FOUND', `No route for ${r.method} ${r.path}`);
    switch (outcome) {
      case 'reject':
        return invalid([REJECTED]);
      case 'rate-limit':
        return { status: 429, headers: rateHeaders(0), body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'TEN_SECONDLY_ROLLING', requestId: randomUUID() } };
      case 'server-error':
        return { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>' };
      default:
        return create(r.json);
    }
  };
  const double = await startConnectorDouble({
    token: bearerToken,
    isWrite,
    handle,
    objectCount: () => tasks.size,
    clear: () => {
      tasks.clear();
      indexed.clear();
    },
    rejectMessage: REJECT_MESSAGE,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
  const extended = Object.assign(double, {
    tasks,
    owners,
    searchIndex: state.searchIndex,
    reindex: () => {
      for (const id of tasks.keys()) indexed.add(id);
    },
  });
  Object.defineProperty(extended, 'searchIndex', { enumerable: true, get: () => state.searchIndex, set: (mode: 'immediate' | 'manual') => void (state.searchIndex = mode) });
  return extended;
}
