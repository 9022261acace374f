import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedProvider, ScriptedResponse } from 'tickler/testing';

// A double of Intercom's REST API 2.14 as its reference describes it:
// - paths, request and response bodies: intercom/Intercom-OpenAPI, descriptions/2.14/
//   api.intercom.io.yaml (GET /contacts/{contact_id}, POST /contacts/search, POST
//   /conversations/search, POST /messages, POST /conversations/{conversation_id}/reply;
//   the contact, conversation, conversation_part, message and error schemas);
// - errors: the `error.list` body ({ type, request_id, errors: [{ code, message }] }) and the
//   codes of developers.intercom.com/docs/references/rest-api/errors/error-codes;
// - 401: `unauthorized` / "Access Token Invalid", as every operation's 401 example;
// - 429: developers.intercom.com/docs/references/rest-api/errors/rate-limiting: X-RateLimit-Limit,
//   X-RateLimit-Remaining and X-RateLimit-Reset (a UNIX timestamp), no Retry-After, the
//   code `rate_limit_exceeded`;
// - POST /messages: 400 "Body is required", 422 "No subject supplied for email message";
//   no conversation exists until the contact replies (the operation's description).
//
// Writes (POST /messages and POST /conversations/{id}/reply) follow the script; look-ups are
// answered from the double's state, as the connector doubles do, and `requestCount()`
// counts writes only: a send is one write after its look-ups.

/** An Intercom admin (teammate). */
export interface StoredAdmin {
  id: string;
  name: string;
  email: string;
}

/** A contact, with the fields of the 2.14 contact schema the channel can read. */
export interface StoredContact {
  id: string;
  role: 'user' | 'lead';
  email: string | null;
  name: string | null;
  external_id: string | null;
  updated_at: number;
}

/** A conversation part, as the 2.14 conversation_part schema has it. */
export interface StoredPart {
  type: 'conversation_part';
  id: string;
  part_type: string;
  body: string | null;
  created_at: number;
  updated_at: number;
  notified_at: number;
  assigned_to: null;
  author: { id: string; type: string; name: string | null; email: string | null };
  attachments: never[];
  external_id: null;
  redacted: boolean;
  metadata: Record<string, never>;
  email_message_metadata: null;
  app_package_code: null;
}

/** A conversation: one contact, its source message and its parts. */
export interface StoredConversation {
  id: string;
  contactId: string;
  state: 'open' | 'closed' | 'snoozed';
  created_at: number;
  updated_at: number;
  source: { id: string; body: string; author: StoredPart['author'] };
  parts: StoredPart[];
}

/** A message `POST /messages` created. */
export interface StoredMessage {
  id: string;
  request: Record<string, unknown>;
}

/** A request as the double received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** True for POST /messages and POST /conversations/{id}/reply. */
  write: boolean;
}

/** An Intercom refusal: its status and first error. */
export interface IntercomErrorReply {
  status: number;
  code: string;
  message: string;
}

/** The Intercom double. */
export interface IntercomDouble extends ScriptedProvider {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request since the last reset, look-ups included. */
  readonly requests: RecordedRequest[];
  readonly contacts: Map<string, StoredContact>;
  readonly conversations: Map<string, StoredConversation>;
  readonly messages: StoredMessage[];
  /** Tokens Intercom accepts; every other bearer gets a 401. */
  readonly tokens: Set<string>;
  /** Queues answers for the next look-ups (contact and conversation searches, contact fetches), in order. */
  scriptLookups(...responses: ScriptedResponse[]): void;
  /** What a scripted `reject` answers from now on (default 400 parameter_invalid "Body is required"). */
  rejectWith(error: IntercomErrorReply): void;
  /** Also sends `Retry-After` (seconds) with a scripted rate limit, as a proxy in front of Intercom might. */
  retryAfterHeader(on: boolean): void;
  addContact(contact: Partial<StoredContact> & { id: string }): StoredContact;
  /** Opens a conversation for the contact, started by the admin's message; `updatedAt` in epoch seconds. */
  openConversation(contactId: string, options?: { id?: string; updatedAt?: number; state?: StoredConversation['state'] }): StoredConversation;
  /** The conversation as the API returns it (with its parts when `withParts`). */
  conversationJson(conversation: StoredConversation, withParts: boolean): Record<string, unknown>;
  /** Forgets contacts, conversations and messages too. */
  clearState(): void;
  close(): Promise<void>;
}

export const ACCESS_TOKEN = 'dG9rOmNvbnRyYWN0LWFwcA==';
export const CLIENT_SECRET = 'b5f7e1c2-client-secret-of-the-app';
export const ADMIN: StoredAdmin = { id: '991267816', name: 'Ciaran Lee', email: 'admin@acme.example' };
export const WORKSPACE_ID = 'this_is_an_id_that_should_be_at_least_';
export const APP_ID = 'a86dr8yl';

const errorList = (status: number, code: string, message: string) => ({ status, body: { type: 'error.list', request_id: randomUUID(), errors: [{ code, message }] } });

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: object;
}

/** Evaluates one search filter ({ field, operator, value }) or an AND/OR of them on a record of field values. */
function matches(query: unknown, fields: Record<string, string | number | boolean | string[] | null>): boolean {
  const q = query as { field?: unknown; operator?: unknown; value?: unknown };
  if (q.operator === 'AND' || q.operator === 'OR') {
    const value = Array.isArray(q.value) ? (q.value as unknown[]) : [];
    return q.operator === 'AND' ? value.every((v) => matches(v, fields)) : value.some((v) => matches(v, fields));
  }
  const actual = fields[String(q.field)];
  const wanted = q.value;
  const equal = (a: unknown) => (typeof a === 'string' && typeof wanted === 'string' ? a.toLowerCase() === wanted.toLowerCase() : a === wanted);
  const hit = Array.isArray(actual) ? actual.some(equal) : equal(actual);
  if (q.operator === '=') return hit;
  if (q.operator === '!=') return !hit;
  throw new Error(`The Intercom double does not implement the search operator ${String(q.operator)}.`);
}

/** Starts the double on 127.0.0.1; `now` is Intercom's clock (for timestamps and X-RateLimit-Reset). */
export async function startIntercomDouble(options: { now?: () => Date } = {}): Promise<IntercomDouble> {
  const now = options.now ?? (() => new Date());
  const seconds = () => Math.floor(now().getTime() / 1000);
  const writes: ScriptedResponse[] = [];
  const lookups: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const contacts = new Map<string, StoredContact>();
  const conversations = new Map<string, StoredConversation>();
  const messages: StoredMessage[] = [];
  const tokens = new Set([ACCESS_TOKEN]);
  const hanging = new Set<ServerResponse>();
  let rejection: IntercomErrorReply = { status: 400, code: 'parameter_invalid', message: 'Body is required' };
  let withRetryAfter = false;
  let sequence = 400_000_000;
  const nextId = () => String((sequence += 1));

  const adminAuthor = (): StoredPart['author'] => ({ id: ADMIN.id, type: 'admin', name: ADMIN.name, email: ADMIN.email });

  function contactJson(c: StoredContact) {
    return {
      type: 'contact',
      id: c.id,
      workspace_id: WORKSPACE_ID,
      external_id: c.external_id,
      role: c.role,
      email: c.email,
      phone: null,
      name: c.name,
      avatar: null,
      owner_id: null,
      social_profiles: { type: 'list', data: [] },
      has_hard_bounced: false,
      marked_email_as_spam: false,
      unsubscribed_from_emails: false,
      created_at: c.updated_at,
      updated_at: c.updated_at,
      signed_up_at: c.updated_at,
      last_seen_at: null,
      last_replied_at: null,
      last_contacted_at: null,
      custom_attributes: {},
      tags: { type: 'list', data: [], url: `/contacts/${c.id}/tags`, total_count: 0, has_more: false },
    };
  }

  function conversationJson(c: StoredConversation, withParts: boolean): Record<string, unknown> {
    const contact = contacts.get(c.contactId);
    return {
      type: 'conversation',
      id: c.id,
      created_at: c.created_at,
      updated_at: c.updated_at,
      waiting_since: null,
      snoozed_until: null,
      source: { type: 'conversation', id: c.source.id, delivered_as: 'admin_initiated', subject: '', body: c.source.body, author: c.source.author, attachments: [], url: null, redacted: false },
      contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: c.contactId, external_id: contact?.external_id ?? null }] },
      first_contact_reply: null,
      admin_assignee_id: Number(ADMIN.id),
      team_assignee_id: null,
      open: c.state !== 'closed',
      state: c.state,
      read: false,
      tags: { type: 'tag.list', tags: [] },
      priority: 'not_priority',
      sla_applied: null,
      statistics: null,
      conversation_rating: null,
      teammates: null,
      title: null,
      custom_attributes: {},
      topics: {},
      ticket: null,
      linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
      ai_agent: null,
      ai_agent_participated: false,
      ...(withParts ? { conversation_parts: { type: 'conversation_part.list', conversation_parts: c.parts, total_count: c.parts.length } } : {}),
    };
  }

  const list = <T>(key: 'data' | 'conversations', items: T[], perPage: number) => ({
    type: key === 'data' ? 'list' : 'conversation.list',
    [key]: items.slice(0, perPage),
    total_count: items.length,
    pages: { type: 'pages', page: 1, per_page: perPage, total_pages: Math.ceil(items.length / perPage) },
  });

  function scripted(response: Exclude<ScriptedResponse, { type: 'hang' | 'accept' }>): Reply {
    switch (response.type) {
      case 'reject':
        return errorList(rejection.status, rejection.code, rejection.message);
      case 'rate-limit': {
        const reset = seconds() + response.retryAfterSeconds;
        const headers: Record<string, string> = { 'X-RateLimit-Limit': '167', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) };
        if (withRetryAfter) headers['Retry-After'] = String(response.retryAfterSeconds);
        return { ...errorList(429, 'rate_limit_exceeded', 'Exceeded rate limit of 167 in 10_seconds'), headers };
      }
      case 'server-error':
        return errorList(500, 'server_error', 'Server Error');
    }
  }

  function createMessage(json: Record<string, unknown>): Reply {
    const type = json.message_type;
    if (type !== 'inapp' && type !== 'in_app' && type !== 'email') return errorList(400, 'parameter_invalid', 'message_type must be either inapp or email');
    if (typeof json.body !== 'string' || json.body.trim() === '') return errorList(400, 'parameter_invalid', 'Body is required');
    if (type === 'email' && (typeof json.subject !== 'string' || json.subject === '')) return errorList(422, 'parameter_not_found', 'No subject supplied for email message');
    const from = json.from as { type?: unknown; id?: unknown } | undefined;
    if (from?.type !== 'admin' || typeof from.id !== 'number') return errorList(400, 'parameter_invalid', 'from must be an admin with an integer id');
    if (String(from.id) !== ADMIN.id) return errorList(404, 'admin_not_found', 'Admin not found');
    const to = json.to as { type?: unknown; id?: unknown } | undefined;
    const contact = typeof to?.id === 'string' ? contacts.get(to.id) : undefined;
    if (contact === undefined || to?.type !== contact.role) return errorList(404, 'not_found', 'User Not Found');
    const id = nextId();
    messages.push({ id, request: json });
    return {
      status: 200,
      body: {
        type: 'admin_message',
        id,
        created_at: seconds(),
        ...(type === 'email' ? { subject: json.subject } : {}),
        body: json.body,
        message_type: type === 'in_app' ? 'inapp' : type,
        owner: { type: 'admin', id: ADMIN.id, name: ADMIN.name, email: ADMIN.email, away_mode_enabled: false, away_mode_reassign: false },
      },
    };
  }

  function reply(conversationId: string, json: Record<string, unknown>): Reply {
    const conversation = conversations.get(conversationId);
    if (conversation === undefined) return errorList(404, 'not_found', 'Resource Not Found');
    if (json.type !== 'admin' || json.admin_id !== ADMIN.id) return errorList(400, 'parameter_invalid', 'admin_id must be the id of an admin of this workspace');
    if (json.message_type !== 'comment' || typeof json.body !== 'string' || json.body.trim() === '') return errorList(400, 'parameter_invalid', 'Body is required');
    const at = seconds();
    conversation.parts.push({
      type: 'conversation_part',
      id: nextId(),
      part_type: 'comment',
      body: json.body,
      created_at: at,
      updated_at: at,
      notified_at: at,
      assigned_to: null,
      author: adminAuthor(),
      attachments: [],
      external_id: null,
      redacted: false,
      metadata: {},
      email_message_metadata: null,
      app_package_code: null,
    });
    conversation.updated_at = at;
    return { status: 200, body: conversationJson(conversation, true) };
  }

  function lookup(request: RecordedRequest, json: Record<string, unknown>): Reply {
    const contactPath = /^\/contacts\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && contactPath !== null) {
      const contact = contacts.get(decodeURIComponent(contactPath[1] as string));
      return contact === undefined ? errorList(404, 'not_found', 'User Not Found') : { status: 200, body: contactJson(contact) };
    }
    const perPage = Number((json.pagination as { per_page?: unknown } | undefined)?.per_page ?? 50);
    if (request.method === 'POST' && request.path === '/contacts/search') {
      const found = [...contacts.values()].filter((c) => matches(json.query, { id: c.id, email: c.email, role: c.role, external_id: c.external_id }));
      return { status: 200, body: list('data', found.map(contactJson), perPage) };
    }
    if (request.method === 'POST' && request.path === '/conversations/search') {
      const found = [...conversations.values()].filter((c) => matches(json.query, { id: c.id, contact_ids: [c.contactId], state: c.state, open: c.state !== 'closed' }));
      return { status: 200, body: list('conversations', found.map((c) => conversationJson(c, false)), perPage) };
    }
    return errorList(404, 'not_found', 'Resource Not Found');
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const body = Buffer.concat(chunks).toString('utf8');
      const json: unknown = body === '' ? undefined : JSON.parse(body);
      const replyTo = /^\/conversations\/([^/]+)\/reply$/.exec(path);
      const write = req.method === 'POST' && (path === '/messages' || replyTo !== null);
      const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, json, write };
      requests.push(request);
      const answer = (reply: Reply) => {
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      };
      const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (bearer === undefined || !tokens.has(bearer)) return answer(errorList(401, 'unauthorized', 'Access Token Invalid'));
      const next = (write ? writes : lookups).shift() ?? { type: 'accept' };
      if (next.type === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (next.type !== 'accept') return answer(scripted(next));
      const fields = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
      if (!write) return answer(lookup(request, fields));
      return answer(replyTo === null ? createMessage(fields) : reply(decodeURIComponent(replyTo[1] as string), fields));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    contacts,
    conversations,
    messages,
    tokens,
    script: (...responses) => void writes.push(...responses),
    scriptLookups: (...responses) => void lookups.push(...responses),
    requestCount: () => requests.filter((r) => r.write).length,
    reset: () => {
      writes.length = 0;
      lookups.length = 0;
      requests.length = 0;
      messages.length = 0;
    },
    rejectWith: (error) => void (rejection = error),
    retryAfterHeader: (on) => void (withRetryAfter = on),
    addContact: (contact) => {
      const stored: StoredContact = { role: 'user', email: null, name: null, external_id: null, updated_at: seconds(), ...contact };
      contacts.set(stored.id, stored);
      return stored;
    },
    openConversation: (contactId, o = {}) => {
      const at = o.updatedAt ?? seconds();
      const conversation: StoredConversation = {
        id: o.id ?? nextId(),
        contactId,
        state: o.state ?? 'open',
        created_at: at,
        updated_at: at,
        source: { id: nextId(), body: '<p>Your invoice is ready.</p>', author: adminAuthor() },
        parts: [],
      };
      conversations.set(conversation.id, conversation);
      return conversation;
    },
    conversationJson,
    clearState: () => {
      contacts.clear();
      conversations.clear();
      messages.length = 0;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
