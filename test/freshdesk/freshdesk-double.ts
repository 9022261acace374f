import { startConnectorDouble, type DoubleReply, type DoubleRequest, type ProviderSpec, type RunningDouble } from '../support/connector-double';
import { ticketErrors, type FreshdeskFieldError } from './freshdesk-double-validation';

/** A ticket as the double keeps it: what Freshdesk answers for it. */
export type StoredTicket = Record<string, unknown> & { id: number; requester_id: number; custom_fields: Record<string, unknown>; created_at: string };

/** A contact or an agent of the double's account. */
export interface DoublePerson {
  id: number;
  email: string;
  name: string;
}

/** What the double's account holds before a test writes. */
export interface FreshdeskDoubleOptions {
  contacts?: DoublePerson[] | undefined;
  agents?: DoublePerson[] | undefined;
  groups?: number[] | undefined;
  /** Custom ticket fields by API name. Default: `cf_tickler_key` and `cf_region` (text), `cf_invoice_amount` (number). */
  customFields?: Record<string, 'text' | 'number' | 'checkbox'> | undefined;
}

/** A Freshdesk REST API v2 double: tickets (create, list by requester), agents by email, with Freshdesk's auth, errors and rate-limit answers. */
export interface FreshdeskDouble extends RunningDouble {
  /** The tickets, by id. */
  readonly tickets: Map<number, StoredTicket>;
  /** The contacts, by id (the seeded ones and those a ticket by email made). */
  readonly contacts: Map<number, DoublePerson>;
  /** Adds `count` tickets from the contact, as if made by hand in Freshdesk: no request, no key. */
  seedTickets(requesterId: number, count: number): void;
}

/** Freshdesk's answer to a ticket for a blocked requester (api/lib/error_messages.yml `user_blocked`). */
export const REJECT = 'Has been blocked. No further tickets can be created for this user';
const RETRY_AFTER_SECONDS = 60;
const API_LIMIT = 3000;
const VERSION = { 'x-freshdesk-api-version': 'latest=v2; requested=v2' };
const TICKET_TYPES = ['Question', 'Incident', 'Problem', 'Feature Request', 'Refund'];
const LIST_PARAMS = new Set(['filter', 'requester_id', 'email', 'unique_external_id', 'company_id', 'updated_since', 'order_by', 'order_type', 'include', 'page', 'per_page']);
const ORDER_BY = ['created_at', 'due_by', 'updated_at', 'status'];
// The fields of a ticket in the list (tickets/index.json.jbuilder): no description, no tags.
const LIST_FIELDS = ['cc_emails', 'fwd_emails', 'reply_cc_emails', 'fr_escalated', 'spam', 'email_config_id', 'group_id', 'priority', 'requester_id', 'responder_id', 'source', 'company_id', 'status', 'subject', 'to_emails', 'product_id', 'id', 'type', 'due_by', 'fr_due_by', 'is_escalated', 'custom_fields', 'created_at', 'updated_at'];

export const DEFAULT_CONTACT: DoublePerson = { id: 43000000101, email: 'accounts@dupont.example', name: 'Dupont SARL' };
export const DEFAULT_AGENT: DoublePerson = { id: 43000000201, email: 'rosa@acme.example', name: 'Rosa Diaz' };
export const DEFAULT_GROUP = 43000000301;

const validation = (errors: FreshdeskFieldError[]): DoubleReply => ({ status: 400, body: { description: 'Validation failed', errors } });
const requestError = (status: number, code: string, message: string): DoubleReply => ({ status, body: { code, message } });

/** The API key of a request: Freshdesk takes it as the HTTP Basic user name (the password is any text, `X` by convention). */
export function basicApiKey(request: DoubleRequest): string | null {
  const match = /^Basic\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''));
  if (match === null) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon <= 0 ? null : decoded.slice(0, colon);
}

/** Starts a double of one Freshdesk account's REST API v2 (`/api/v2/…`). */
export async function startFreshdeskDouble(options: FreshdeskDoubleOptions = {}): Promise<FreshdeskDouble> {
  const seeded = options.contacts ?? [DEFAULT_CONTACT];
  const agents = options.agents ?? [DEFAULT_AGENT];
  const groups = new Set(options.groups ?? [DEFAULT_GROUP]);
  const customFields = new Map<string, 'text' | 'number' | 'checkbox'>(Object.entries(options.customFields ?? { cf_tickler_key: 'text', cf_region: 'text', cf_invoice_amount: 'number' }));
  const tickets = new Map<number, StoredTicket>();
  const contacts = new Map<number, DoublePerson>();
  let ticketSeq = 0;
  let contactSeq = 43000000500;
  let used = 0;
  const reset = (): void => {
    tickets.clear();
    contacts.clear();
    for (const c of seeded) contacts.set(c.id, { ...c });
    ticketSeq = 0;
    used = 0;
  };
  reset();
  const contactByEmail = (email: string): DoublePerson | undefined => [...contacts.values()].find((c) => c.email.toLowerCase() === email.toLowerCase());
  const ok = (status: number, body: object, extra: Record<string, string> = {}): DoubleReply => ({
    status,
    body,
    headers: { ...VERSION, 'x-ratelimit-total': String(API_LIMIT), 'x-ratelimit-remaining': String(Math.max(API_LIMIT - used, 0)), 'x-ratelimit-used-currentrequest': '1', ...extra },
  });

  const isWrite = (r: DoubleRequest): boolean => r.method === 'POST' && r.path === '/api/v2/tickets';

  const create = (r: DoubleRequest): DoubleReply => {
    if (!String(r.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return requestError(415, 'invalid_content_type', `Content-Type header is set to ${String(r.headers['content-type'] ?? '')}. It should be set to application/json`);
    }
    if (r.json === undefined || r.json === null || typeof r.json !== 'object' || Array.isArray(r.json)) return requestError(400, 'invalid_json', 'Request body has invalid json format');
    const body = r.json as Record<string, unknown>;
    const errors = ticketErrors(body, { contactIds: new Set(contacts.keys()), agentIds: new Set(agents.map((a) => a.id)), groupIds: groups, customFields, ticketTypes: TICKET_TYPES });
    if (errors.length > 0) return validation(errors);
    // Freshdesk makes a contact for an address it does not know.
    let requester = typeof body.requester_id === 'number' ? (contacts.get(body.requester_id) as DoublePerson) : contactByEmail(body.email as string);
    if (requester === undefined) {
      requester = { id: ++contactSeq, email: body.email as string, name: (body.name as string | undefined) ?? (body.email as string) };
      contacts.set(requester.id, requester);
    }
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const id = ++ticketSeq;
    const ticket: StoredTicket = {
      cc_emails: body.cc_emails ?? [],
      fwd_emails: [],
      reply_cc_emails: body.cc_emails ?? [],
      ticket_cc_emails: body.cc_emails ?? [],
      fr_escalated: false,
      spam: false,
      email_config_id: body.email_config_id ?? null,
      group_id: body.group_id ?? null,
      priority: body.priority ?? 1,
      requester_id: requester.id,
      responder_id: body.responder_id ?? null,
      source: body.source ?? 2,
      company_id: body.company_id ?? null,
      status: body.status ?? 2,
      subject: body.subject,
      to_emails: null,
      product_id: body.product_id ?? null,
      id,
      type: body.type ?? null,
      due_by: body.due_by ?? now,
      fr_due_by: body.fr_due_by ?? now,
      is_escalated: false,
      description: body.description,
      description_text: (body.description as string).replace(/<br\s*\/?>/g, '\n').replace(/<[^>]+>/g, ''),
      custom_fields: { ...Object.fromEntries([...customFields.keys()].map((k) => [k, null])), ...(body.custom_fields as Record<string, unknown> | undefined) },
      created_at: now,
      updated_at: now,
      tags: body.tags ?? [],
      attachments: [],
    };
    tickets.set(id, ticket);
    return ok(201, ticket, { location: `http://${String(r.headers.host)}/api/v2/tickets/${id}` });
  };

  const list = (r: DoubleRequest): DoubleReply => {
    const errors: FreshdeskFieldError[] = [];
    for (const key of r.query.keys()) if (!LIST_PARAMS.has(key)) errors.push({ field: key, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
    const perPage = Number(r.query.get('per_page') ?? 30);
    const page = Number(r.query.get('page') ?? 1);
    const orderBy = r.query.get('order_by') ?? 'created_at';
    const orderType = r.query.get('order_type') ?? 'desc';
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) errors.push({ field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'datatype_mismatch' });
    if (!Number.isInteger(page) || page < 1 || page > 300) errors.push({ field: 'page', message: 'You cannot access tickets beyond the 300th page. Please provide a smaller page number.', code: 'invalid_value' });
    if (!ORDER_BY.includes(orderBy)) errors.push({ field: 'order_by', message: `It should be one of these values: '${ORDER_BY.join(',')}'`, code: 'invalid_value' });
    if (orderType !== 'asc' && orderType !== 'desc') errors.push({ field: 'order_type', message: "It should be one of these values: 'asc,desc'", code: 'invalid_value' });
    // TicketFilterValidation: the email is turned into the contact's id; an unknown one is "blank".
    let requesterId: number | null = null;
    const email = r.query.get('email');
    const byId = r.query.get('requester_id');
    if (email !== null) {
      const contact = contactByEmail(email);
      if (contact === undefined) errors.push({ field: 'email', message: 'It should not be blank as this is a mandatory field', code: 'invalid_value' });
      else requesterId = contact.id;
    } else if (byId !== null) {
      if (!/^[1-9]\d*$/.test(byId)) errors.push({ field: 'requester_id', message: 'It should be a/an Positive Integer', code: 'datatype_mismatch' });
      else if (!contacts.has(Number(byId))) errors.push({ field: 'requester_id', message: 'It should not be blank as this is a mandatory field', code: 'invalid_value' });
      else requesterId = Number(byId);
    }
    if (errors.length > 0) return validation(errors);
    const sign = orderType === 'asc' ? 1 : -1;
    const matching = [...tickets.values()]
      .filter((t) => requesterId === null || t.requester_id === requesterId)
      .sort((a, b) => sign * (String(a[orderBy]).localeCompare(String(b[orderBy])) || a.id - b.id));
    const items = matching.slice((page - 1) * perPage, page * perPage).map((t) => Object.fromEntries(LIST_FIELDS.map((f) => [f, t[f] ?? null])));
    const next = new URLSearchParams(r.query);
    next.set('page', String(page + 1));
    return ok(200, items, matching.length > page * perPage ? { link: `<http://${String(r.headers.host)}${r.path}?${next.toString()}>; rel="next"` } : {});
  };

  const listAgents = (r: DoubleRequest): DoubleReply => {
    const email = r.query.get('email');
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return validation([{ field: 'email', message: "It should be in the 'valid email address' format", code: 'invalid_value' }]);
    const found = agents.filter((a) => email === null || a.email.toLowerCase() === email.toLowerCase());
    return ok(
      200,
      found.map((a) => ({ available: true, occasional: false, id: a.id, ticket_scope: 1, signature: null, created_at: '2025-01-06T09:00:00Z', updated_at: '2025-01-06T09:00:00Z', contact: { active: true, email: a.email, name: a.name, job_title: null, language: 'en', mobile: null, phone: null, time_zone: 'Paris' } })),
    );
  };

  const spec: ProviderSpec = {
    token: basicApiKey,
    isWrite,
    handle(r, outcome) {
      const key = basicApiKey(r);
      if (key === null) return requestError(401, 'credentials_required', 'Authentication header is needed to log in.');
      if (!key.startsWith('token-') || outcome === 'unauthorized') return requestError(401, 'invalid_credentials', 'You have to be logged in to perform this action.');
      used += 1;
      if (outcome === 'rate-limit') return { status: 429, headers: { ...VERSION, 'retry-after': String(RETRY_AFTER_SECONDS) }, body: { message: 'You have exceeded the limit of requests per hour' } };
      if (outcome === 'server-error') return { status: 500, headers: VERSION, body: { message: "We're sorry, but something went wrong." } };
      if (outcome === 'reject') {
        const field = (r.json as { requester_id?: unknown } | undefined)?.requester_id === undefined ? 'email' : 'requester_id';
        return validation([{ field, message: REJECT, code: 'invalid_value' }]);
      }
      if (r.path === '/api/v2/tickets') {
        if (r.method === 'POST') return create(r);
        if (r.method === 'GET') return list(r);
        return requestError(405, 'method_not_allowed', `${r.method} method is not allowed. It should be one of these method(s): GET, POST`);
      }
      if (r.path === '/api/v2/agents' && r.method === 'GET') return listAgents(r);
      return { status: 404, body: ' ' };
    },
    objectCount: () => tickets.size,
    clear: reset,
    rejectMessage: REJECT,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  };
  const seedTickets = (requesterId: number, count: number): void => {
    for (let i = 0; i < count; i++) {
      const r = { method: 'POST', path: '/api/v2/tickets', query: new URLSearchParams(), headers: { 'content-type': 'application/json', host: 'seed' }, body: '', form: null };
      create({ ...r, json: { requester_id: requesterId, subject: `Seeded ${i + 1}`, description: '<div>seeded</div>' } });
    }
  };
  const double = await startConnectorDouble(spec);
  return Object.assign(double, { tickets, contacts, seedTickets });
}
