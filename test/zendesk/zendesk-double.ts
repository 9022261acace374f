import type { ConnectorScript } from 'tickler/testing';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type RunningDouble } from '../support/connector-double';

// A double of the Zendesk Support API (Tickets), built from Zendesk's API reference:
// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ (List Tickets with
// external_id, Create Ticket, the ticket JSON format), .../introduction/requests/ (status
// codes, text/plain 400s), the rate-limit guide (429 with Retry-After, X-Rate-Limit*,
// Zendesk-RateLimit-tickets-index) and the cursor pagination guide (meta/links), checked
// against the OpenAPI description (api-evangelist/zendesk openapi/_original/tickets-openapi-original.yml:
// ListTickets, CreateTicket 201 with Location) and node-zendesk 6.0.1's requests.

/** A user as the double knows it. */
export interface ZendeskUser {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent' | 'admin';
  organization_ids: number[];
}

/** A ticket as the double keeps it: what was posted, and the ticket Zendesk answers with. */
export interface StoredTicket {
  posted: Record<string, unknown>;
  ticket: Record<string, unknown> & { id: number; external_id: string | null };
}

/** A Zendesk double: tickets, the users and groups they refer to. */
export interface ZendeskDouble extends RunningDouble {
  /** `https://…/api/v2` of the double: node-zendesk's `endpointUri`. */
  readonly endpointUri: string;
  /** The tickets, by id. */
  readonly tickets: Map<number, StoredTicket>;
  /** The users, by id (seeded: the API agent 9000, agent Rosa 9001, end user 7001 of organization 5001). */
  readonly users: Map<number, ZendeskUser>;
}

const REJECT = 'Assignee cannot be set while the ticket is being routed';
const RETRY_AFTER = 60;
const NOW = '2026-11-23T08:00:00Z';
// The ticket properties Zendesk documents as writable (JSON format). Zendesk ignores
// others; the double refuses them, so a misspelt property in the adapter shows.
const WRITABLE = new Set(['assignee_email', 'assignee_id', 'attribute_value_ids', 'brand_id', 'collaborator_ids', 'collaborators', 'comment', 'custom_fields', 'custom_status_id', 'due_at', 'email_cc_ids', 'email_ccs', 'external_id', 'follower_ids', 'followers', 'group_id', 'macro_id', 'macro_ids', 'metadata', 'organization_id', 'priority', 'problem_id', 'raw_subject', 'recipient', 'requester', 'requester_id', 'safe_update', 'sharing_agreement_ids', 'status', 'subject', 'submitter_id', 'tags', 'ticket_form_id', 'type', 'updated_stamp', 'via', 'via_followup_source_id', 'via_id', 'voice_comment']);
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const TYPES = ['problem', 'incident', 'question', 'task'];
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved'];
const GROUPS = new Set([360000000042]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const seedUsers = (): ZendeskUser[] => [
  { id: 9000, name: 'Acme API', email: 'api@acme.example', role: 'admin', organization_ids: [] },
  { id: 9001, name: 'Rosa Agent', email: 'rosa@acme.example', role: 'agent', organization_ids: [] },
  { id: 7001, name: 'Dupont Billing', email: 'billing@dupont.example', role: 'end-user', organization_ids: [5001] },
];

/** The credential of a request: an OAuth bearer token, or the API token of Basic `{email}/token:{token}`. */
export function zendeskToken(r: DoubleRequest): string | null {
  const bearer = bearerToken(r);
  if (bearer !== null) return bearer;
  const basic = /^Basic\s+(.+)$/i.exec(String(r.headers.authorization ?? ''))?.[1];
  if (basic === undefined) return null;
  return /^[^/:]+\/token:(.+)$/.exec(Buffer.from(basic, 'base64').toString('utf8'))?.[1] ?? null;
}

const json = (status: number, body: object, headers: Record<string, string> = {}): DoubleReply => ({ status, body, headers: { 'x-rate-limit': '700', 'x-rate-limit-remaining': '699', ...headers } });
const invalid = (details: Record<string, string[]>): DoubleReply =>
  json(422, { error: 'RecordInvalid', description: 'Record validation errors', details: Object.fromEntries(Object.entries(details).map(([k, list]) => [k, list.map((description) => ({ description, error: 'InvalidValue' }))])) });
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Starts a double of one Zendesk account's API at `<url>/api/v2`. */
export async function startZendeskDouble(): Promise<ZendeskDouble> {
  const tickets = new Map<number, StoredTicket>();
  const users = new Map<number, ZendeskUser>(seedUsers().map((u) => [u.id, u]));
  let nextTicket = 1;
  let nextUser = 8000;
  let base = '';

  const agent = (u: ZendeskUser | undefined): boolean => u !== undefined && u.role !== 'end-user';
  const byEmail = (email: string): ZendeskUser | undefined => [...users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase());

  const list = (r: DoubleRequest): DoubleReply => {
    const size = r.query.get('page[size]');
    if (size !== null && !/^([1-9]\d?|100)$/.test(size)) return { status: 400, body: 'page[size] must be between 1 and 100', headers: { 'content-type': 'text/plain' } };
    const key = r.query.get('external_id');
    const found = [...tickets.values()].filter((t) => key === null || t.ticket.external_id === key).map((t) => t.ticket);
    const headers = { 'zendesk-ratelimit-tickets-index': 'total=100; remaining=99; resets=41' };
    if (size === null) return json(200, { tickets: found, next_page: null, previous_page: null, count: found.length }, headers);
    return json(200, { tickets: found, meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { prev: null, next: null } }, headers);
  };

  const create = (r: DoubleRequest, outcome: Exclude<ConnectorScript, 'drop-after-write'>): DoubleReply => {
    switch (outcome) {
      case 'reject':
        return invalid({ assignee_id: [REJECT] });
      case 'rate-limit':
        // As the rate-limit guide shows it: a text body, Retry-After in seconds.
        return { status: 429, body: 'Rate limit for ticket creation exceeded, please wait before creating more tickets', headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': String(RETRY_AFTER), 'x-rate-limit': '700', 'x-rate-limit-remaining': '0' } };
      case 'server-error':
        return { status: 503, body: 'Service Unavailable', headers: { 'content-type': 'text/plain' } };
      default:
        break;
    }
    if (!String(r.headers['content-type'] ?? '').includes('application/json')) return { status: 400, body: 'Content-Type must be application/json', headers: { 'content-type': 'text/plain' } };
    if (r.json === undefined) return { status: 400, body: 'Bad Request: the body is not JSON', headers: { 'content-type': 'text/plain' } };
    const t = ((r.json as { ticket?: unknown }).ticket ?? {}) as Record<string, unknown>;
    const details: Record<string, string[]> = {};
    const fail = (field: string, description: string): void => void (details[field] ??= []).push(description);
    for (const key of Object.keys(t)) if (!WRITABLE.has(key)) fail(key, `${key}: is not a writable ticket property`);
    const comment = (t.comment ?? {}) as { body?: unknown; html_body?: unknown; public?: unknown };
    const body = typeof comment.body === 'string' ? comment.body : typeof comment.html_body === 'string' ? comment.html_body : '';
    if (body.trim() === '') fail('description', 'Description: cannot be blank');
    if (comment.public !== undefined && typeof comment.public !== 'boolean') fail('comment', 'Comment: public is true or false');
    if (t.subject !== undefined && typeof t.subject !== 'string') fail('subject', 'Subject: is invalid');
    if (t.priority !== undefined && !PRIORITIES.includes(t.priority as string)) fail('priority', 'Priority: is not included in the list');
    if (t.type !== undefined && !TYPES.includes(t.type as string)) fail('type', 'Type: is not included in the list');
    if (t.status !== undefined && !STATUSES.includes(t.status as string)) fail('status', 'Status: is not included in the list');
    if (t.due_at !== undefined && (typeof t.due_at !== 'string' || Number.isNaN(Date.parse(t.due_at)))) fail('due_at', 'Due date: is not a valid date');
    if (t.tags !== undefined && !(Array.isArray(t.tags) && t.tags.every((x) => typeof x === 'string'))) fail('tags', 'Tags: is invalid');
    if (t.external_id !== undefined && t.external_id !== null && typeof t.external_id !== 'string') fail('external_id', 'External id: is invalid');
    if (t.custom_fields !== undefined && !(Array.isArray(t.custom_fields) && t.custom_fields.every((f) => isId((f as { id?: unknown }).id)))) fail('custom_fields', 'Custom fields: is invalid');
    for (const key of ['group_id', 'brand_id', 'ticket_form_id', 'custom_status_id', 'submitter_id', 'problem_id']) if (t[key] !== undefined && !isId(t[key])) fail(key, `${key}: is invalid`);
    if (t.group_id !== undefined && isId(t.group_id) && !GROUPS.has(t.group_id)) fail('group', 'Group: is invalid');

    let requester = users.get(9000);
    if (t.requester_id !== undefined) {
      requester = isId(t.requester_id) ? users.get(t.requester_id) : undefined;
      if (requester === undefined) fail('requester', 'Requester: is invalid');
    } else if (t.requester !== undefined) {
      const { email, name } = (t.requester ?? {}) as { email?: unknown; name?: unknown };
      if (typeof email !== 'string' || !EMAIL.test(email)) fail('requester', `Requester: Email: ${typeof email === 'string' ? email : ''} is not properly formatted`);
      else {
        requester = byEmail(email);
        if (requester === undefined && (typeof name !== 'string' || name.trim() === '')) fail('requester', 'Requester: Name: is too short (minimum one character)');
      }
    }
    if (t.organization_id !== undefined && !(isId(t.organization_id) && requester?.organization_ids.includes(t.organization_id))) fail('organization_id', 'Organization: the requester is not a member of this organization');
    let assigneeId: number | null = null;
    if (t.assignee_id !== undefined) {
      if (isId(t.assignee_id) && agent(users.get(t.assignee_id))) assigneeId = t.assignee_id;
      else fail('assignee', 'Assignee: is not an agent');
    } else if (t.assignee_email !== undefined) {
      const found = typeof t.assignee_email === 'string' ? byEmail(t.assignee_email) : undefined;
      if (agent(found)) assigneeId = (found as ZendeskUser).id;
      else fail('assignee', 'Assignee: is not an agent');
    }
    if (Object.keys(details).length > 0) return invalid(details);

    if (requester === undefined) {
      const { email, name } = t.requester as { email: string; name: string };
      requester = { id: nextUser++, name, email, role: 'end-user', organization_ids: [] };
      users.set(requester.id, requester);
    }
    const id = nextTicket++;
    const url = `${base}/api/v2/tickets/${id}.json`;
    const ticket = {
      url,
      id,
      external_id: (t.external_id as string | undefined) ?? null,
      via: { channel: 'api' },
      created_at: NOW,
      updated_at: NOW,
      type: t.type ?? null,
      subject: t.subject ?? null,
      raw_subject: t.subject ?? null,
      description: body,
      priority: t.priority ?? null,
      status: t.status ?? (assigneeId === null ? 'new' : 'open'),
      requester_id: requester.id,
      submitter_id: t.submitter_id ?? 9000,
      assignee_id: assigneeId,
      organization_id: t.organization_id ?? requester.organization_ids[0] ?? null,
      group_id: t.group_id ?? null,
      tags: t.tags ?? [],
      custom_fields: t.custom_fields ?? [],
      due_at: t.due_at ?? null,
      is_public: comment.public ?? true,
    };
    tickets.set(id, { posted: t, ticket });
    const audit = { id: 1000 + id, ticket_id: id, created_at: NOW, author_id: 9000, events: [{ id: 2000 + id, type: 'Comment', body, public: ticket.is_public }] };
    return json(201, { ticket, audit }, { location: url });
  };

  const double = await startConnectorDouble({
    token: zendeskToken,
    isWrite: (r) => r.method === 'POST' && /^\/api\/v2\/tickets(\.json)?$/.test(r.path),
    handle(r, outcome) {
      const token = zendeskToken(r);
      if (token === null || !token.startsWith('token-') || outcome === 'unauthorized') return json(401, { error: "Couldn't authenticate you" });
      if (/^\/api\/v2\/tickets(\.json)?$/.test(r.path)) {
        if (r.method === 'GET') return list(r);
        if (r.method === 'POST') return create(r, outcome ?? 'accept');
      }
      return json(404, { error: 'InvalidEndpoint', description: 'Not found' });
    },
    objectCount: () => tickets.size,
    clear: () => {
      tickets.clear();
      users.clear();
      for (const u of seedUsers()) users.set(u.id, u);
      nextTicket = 1;
    },
    rejectMessage: REJECT,
    retryAfterSeconds: RETRY_AFTER,
  });
  base = double.url;
  return Object.assign(double, { endpointUri: `${double.url}/api/v2`, tickets, users });
}
