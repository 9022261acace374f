import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedProvider, ScriptedResponse } from 'tickler/testing';
import { conversationId, graphId, internetMessageId, messageJson, userObjectId, type GraphRecipientJson, type StoredMessage } from './graph-mail-store';

/** A request as the double received it. */
export interface GraphRequestRecord {
  method: string;
  /** The path without the query string, percent-decoded per segment. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** The Graph calls tickler makes, which a test can script one by one. */
export type GraphStep = 'lookup' | 'create' | 'send' | 'get' | 'delete' | 'list';

/** What the double does with the next call of a step, beyond the suite's scripted responses. */
export type GraphOutcome =
  | ScriptedResponse
  | { type: 'status'; status: number; code: string; message: string; headers?: Record<string, string> }
  /** Does the call, then closes the connection without answering: the caller cannot know it happened. */
  | { type: 'drop' };

/** How the double's tenant is set up. */
export interface GraphDoubleOptions {
  /** The mailboxes of the tenant (user principal names). Default billing@ and ops@acme.example. */
  mailboxes?: string[];
  /** The signed-in user of a delegated token (`/me`). Default ops@acme.example. */
  me?: string;
  /** The bearer tokens Graph accepts. Default `graph-token`. */
  tokens?: string[];
  /** For each mailbox, the addresses it has Send As permission on. */
  sendAs?: Record<string, string[]>;
  /** Mailboxes an application access policy keeps the app out of. */
  denied?: string[];
  /** The source of timestamps. Default the wall clock. */
  now?: () => Date;
}

/** The running double. */
export interface GraphDouble extends ScriptedProvider {
  /** `http://127.0.0.1:<port>`: the SDK's `baseUrl`. */
  readonly url: string;
  /** Every request since the last reset. */
  readonly requests: GraphRequestRecord[];
  /** Every message in every mailbox. */
  readonly messages: StoredMessage[];
  /** The object id of each mailbox's user, for notification resources. */
  userIdOf(mailbox: string): string;
  /** Queues outcomes for the next calls of one step (`script` queues them for `send`). */
  inject(step: GraphStep, ...outcomes: GraphOutcome[]): void;
  /** Accepts a new token (a refreshed one) and refuses the others from now on. */
  acceptOnly(...tokens: string[]): void;
  /** Stores a message as received in a mailbox's inbox. */
  receive(message: Omit<StoredMessage, 'id' | 'folder' | 'isDraft' | 'createdDateTime' | 'sentDateTime'>): StoredMessage;
  /** The mailbox's address (`me` resolves to the delegated user). */
  addressOf(mailbox: string): string;
  close(): Promise<void>;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const KEY_FILTER = /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '((?:[^']|'')+)' and ep\/value eq '((?:[^']|'')+)'\)$/;
const CONVERSATION_FILTER = /^conversationId eq '((?:[^']|'')+)'$/;
const EXPAND = /^singleValueExtendedProperties\(\$filter=id eq '((?:[^']|'')+)'\)$/;
const unquote = (value: string): string => value.replace(/''/g, "'");

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A local Microsoft Graph v1.0 for Outlook mail, as the reference documents it: create a
 * draft (POST /users/{id | upn}/messages, /me/messages → 201 message), send it (POST
 * …/messages/{id}/send → 202, the message moves to Sent Items and gets a new id), list
 * messages with `$filter` on an extended property or a conversation, `$select`, `$expand`
 * of extended properties, get one (with `Prefer: outlook.body-content-type`), delete one.
 * Errors are `{ error: { code, message, innerError } }`: 401 InvalidAuthenticationToken,
 * 403 ErrorAccessDenied (application access policy) and ErrorSendAsDenied, 404
 * ErrorInvalidUser and ErrorItemNotFound, 400 ErrorInvalidRecipients, 429
 * ApplicationThrottled with Retry-After. The suite's scripted responses apply to the send
 * call, and `requestCount` counts send calls: a send is a look-up, a draft and a send, and
 * only the last delivers anything.
 */
export async function startGraphDouble(options: GraphDoubleOptions = {}): Promise<GraphDouble> {
  const now = options.now ?? (() => new Date());
  const mailboxes = (options.mailboxes ?? ['billing@acme.example', 'ops@acme.example']).map((m) => m.toLowerCase());
  const me = (options.me ?? 'ops@acme.example').toLowerCase();
  const userIds = new Map(mailboxes.map((m) => [m, userObjectId()]));
  let tokens = new Set(options.tokens ?? ['graph-token']);
  const sendAs = new Map(Object.entries(options.sendAs ?? {}).map(([k, v]) => [k.toLowerCase(), v.map((a) => a.toLowerCase())]));
  const denied = new Set((options.denied ?? []).map((m) => m.toLowerCase()));
  const requests: GraphRequestRecord[] = [];
  const messages: StoredMessage[] = [];
  const queues = new Map<GraphStep, GraphOutcome[]>();
  let sends = 0;
  const open = new Set<ServerResponse>();

  const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): Reply => {
    const requestId = randomUUID();
    return {
      status,
      headers: { 'request-id': requestId, 'client-request-id': requestId, ...headers },
      body: { error: { code, message, innerError: { date: now().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId } } },
    };
  };

  const resolveMailbox = (segments: string[]): { mailbox: string; rest: string[] } | Reply => {
    if (segments[0] === 'me') return { mailbox: me, rest: segments.slice(1) };
    if (segments[0] !== 'users' || segments[1] === undefined) return error(400, 'BadRequest', 'Resource not found for the segment.');
    const given = segments[1].toLowerCase();
    const byId = [...userIds].find(([, id]) => id === given)?.[0];
    const mailbox = byId ?? given;
    if (!userIds.has(mailbox)) return error(404, 'ErrorInvalidUser', `The requested user '${segments[1]}' is invalid.`);
    if (denied.has(mailbox)) return error(403, 'ErrorAccessDenied', 'Access to OData is disabled.');
    return { mailbox, rest: segments.slice(2) };
  };

  const scripted = (step: GraphStep, reply: Reply, code: string, message: string): ((outcome: GraphOutcome) => Reply) => (outcome) => {
    switch (outcome.type) {
      case 'accept':
      case 'drop':
        return reply;
      case 'reject':
        return error(400, code, message);
      case 'rate-limit':
        return error(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': String(outcome.retryAfterSeconds) });
      case 'server-error':
        return error(500, 'ErrorInternalServerError', 'An internal server error occurred. The operation failed.');
      case 'status':
        return error(outcome.status, outcome.code, outcome.message, outcome.headers);
      case 'hang':
        throw new Error(`hang is handled before ${step}`);
    }
  };

  const find = (mailbox: string, id: string): StoredMessage | undefined => messages.find((m) => m.mailbox === mailbox && m.id === id);
  const selectOf = (query: URLSearchParams): string[] | null => query.get('$select')?.split(',') ?? null;
  const expandOf = (query: URLSearchParams): string[] | null | Reply => {
    const expand = query.get('$expand');
    if (expand === null) return null;
    const match = EXPAND.exec(expand);
    return match === null ? error(400, 'BadRequest', `Parsing OData Select and Expand failed: ${expand}`) : [unquote(match[1] as string)];
  };
  const bodyTypeOf = (headers: IncomingHttpHeaders): 'html' | 'text' => (/outlook\.body-content-type="?text"?/i.test(String(headers.prefer ?? '')) ? 'text' : 'html');

  /** Does the call and says which step it was, or answers at once (auth, routing, validation). */
  const route = (request: GraphRequestRecord): { step: GraphStep; run: (outcome: GraphOutcome) => Reply } | Reply => {
    const auth = String(request.headers.authorization ?? '');
    if (auth === '') return error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    if (!tokens.has(auth.replace(/^Bearer /, ''))) return error(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    const segments = request.path.split('/').filter((s) => s !== '');
    if (segments[0] !== 'v1.0') return error(400, 'BadRequest', 'Invalid version.');
    const resolved = resolveMailbox(segments.slice(1));
    if ('status' in resolved) return resolved;
    const { mailbox, rest } = resolved;
    if (rest[0] !== 'messages') return error(400, 'BadRequest', `Resource not found for the segment '${rest[0] ?? ''}'.`);
    const id = rest[1];
    const expandIds = expandOf(request.query);
    if (expandIds !== null && !Array.isArray(expandIds)) return expandIds;

    if (id === undefined && request.method === 'GET') {
      const filter = request.query.get('$filter');
      const key = filter === null ? null : KEY_FILTER.exec(filter);
      const conversation = filter === null ? null : CONVERSATION_FILTER.exec(filter);
      if (filter !== null && key === null && conversation === null) return error(400, 'BadRequest', 'Invalid filter clause');
      const matching = messages.filter((m) => {
        if (m.mailbox !== mailbox) return false;
        // The property's name is matched case-sensitively, its value case-insensitively, as the reference says.
        if (key !== null) return m.singleValueExtendedProperties.some((p) => p.id === unquote(key[1] as string) && p.value.toLowerCase() === unquote(key[2] as string).toLowerCase());
        if (conversation !== null) return m.conversationId === unquote(conversation[1] as string);
        return true;
      });
      const top = Number(request.query.get('$top') ?? '10');
      const value = matching.slice(0, top).map((m) => messageJson(m, { select: selectOf(request.query), expandIds, bodyType: bodyTypeOf(request.headers) }));
      const reply: Reply = { status: 200, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${mailbox}')/messages`, value } };
      return { step: key !== null ? 'lookup' : 'list', run: scripted('lookup', reply, 'BadRequest', 'Invalid filter clause') };
    }

    if (id === undefined && request.method === 'POST') {
      const draft = request.json as Partial<StoredMessage> | undefined;
      if (typeof draft !== 'object' || draft === null) return error(400, 'RequestBodyRead', 'Empty Payload. JSON content expected.');
      const bad = (draft.internetMessageHeaders ?? []).find((h) => !/^x-/i.test(h.name));
      if (bad !== undefined) return error(400, 'InvalidInternetMessageHeader', `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`);
      return {
        step: 'create',
        // The draft itself is made (and its 201 written) by perform() once the outcome lets it through.
        run: scripted('create', { status: 201 }, 'ErrorInvalidRecipients', "At least one recipient isn't valid."),
      };
    }

    const message = id === undefined ? undefined : find(mailbox, id);
    if (message === undefined) return error(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

    if (rest[2] === 'send' && request.method === 'POST') {
      if (!message.isDraft) return error(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return { step: 'send', run: scripted('send', { status: 202 }, 'ErrorInvalidRecipients', "At least one recipient isn't valid., Recipient is not a valid SMTP address. All recipients must be valid before a message can be submitted.") };
    }
    if (rest[2] === undefined && request.method === 'GET') {
      return { step: 'get', run: scripted('get', { status: 200, body: messageJson(message, { select: selectOf(request.query), expandIds, bodyType: bodyTypeOf(request.headers) }) }, 'BadRequest', 'Invalid request.') };
    }
    if (rest[2] === undefined && request.method === 'DELETE') return { step: 'delete', run: scripted('delete', { status: 204 }, 'BadRequest', 'Invalid request.') };
    return error(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  };

  /** The writes behind an accepted create or send. */
  const perform = (step: GraphStep, request: GraphRequestRecord, reply: Reply): Reply => {
    if (reply.status >= 300) return reply;
    const segments = request.path.split('/').filter((s) => s !== '').slice(1);
    const resolved = resolveMailbox(segments) as { mailbox: string; rest: string[] };
    const { mailbox } = resolved;
    const at = now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (step === 'create') {
      const draft = request.json as {
        subject?: string;
        body?: { contentType?: string; content?: string };
        toRecipients?: GraphRecipientJson[];
        replyTo?: GraphRecipientJson[];
        from?: GraphRecipientJson;
        internetMessageHeaders?: { name: string; value: string }[];
        singleValueExtendedProperties?: { id: string; value: string }[];
      };
      const own: GraphRecipientJson = { emailAddress: { address: mailbox } };
      const stored: StoredMessage = {
        id: graphId(),
        mailbox,
        folder: 'drafts',
        isDraft: true,
        internetMessageId: internetMessageId(),
        conversationId: conversationId(),
        messageClass: 'IPM.Note',
        subject: draft.subject ?? '',
        body: { contentType: draft.body?.contentType?.toLowerCase() === 'html' ? 'html' : 'text', content: draft.body?.content ?? '' },
        uniqueBody: null,
        from: draft.from ?? own,
        sender: own,
        toRecipients: draft.toRecipients ?? [],
        replyTo: draft.replyTo ?? [],
        internetMessageHeaders: draft.internetMessageHeaders ?? [],
        singleValueExtendedProperties: draft.singleValueExtendedProperties ?? [],
        createdDateTime: at,
        receivedDateTime: at,
        sentDateTime: null,
      };
      messages.push(stored);
      // Internet message headers are not returned by default in a POST response.
      return { status: 201, body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${mailbox}')/messages/$entity`, ...messageJson(stored, { select: null, expandIds: null, bodyType: 'html' }) } };
    }
    if (step === 'send') {
      const message = find(mailbox, resolved.rest[1] as string) as StoredMessage;
      const fromAddress = message.from?.emailAddress.address.toLowerCase() ?? mailbox;
      if (fromAddress !== mailbox && !(sendAs.get(mailbox) ?? []).includes(fromAddress)) {
        return error(403, 'ErrorSendAsDenied', 'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.');
      }
      const recipients = message.toRecipients.map((r) => r.emailAddress.address);
      if (recipients.length === 0 || recipients.some((a) => !EMAIL.test(a))) {
        return error(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid., Recipient is not a valid SMTP address. All recipients must be valid before a message can be submitted.");
      }
      // Sending moves the draft to Sent Items, and a move gives an item a new id.
      Object.assign(message, { id: graphId(), folder: 'sentitems', isDraft: false, sentDateTime: at });
      return reply;
    }
    if (step === 'delete') {
      const index = messages.findIndex((m) => m.mailbox === mailbox && m.id === resolved.rest[1]);
      if (index >= 0) messages.splice(index, 1);
    }
    return reply;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    open.add(res);
    res.on('close', () => open.delete(res));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = undefined;
      if (body !== '') {
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
      }
      const path = url.pathname
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/');
      const request: GraphRequestRecord = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body, json };
      requests.push(request);
      const routed = route(request);
      let reply: Reply;
      let drop = false;
      if ('run' in routed) {
        if (routed.step === 'send') sends += 1;
        const outcome = queues.get(routed.step)?.shift() ?? { type: 'accept' };
        if (outcome.type === 'hang') return;
        drop = outcome.type === 'drop';
        reply = routed.run(outcome);
        reply = perform(routed.step, request, reply);
      } else {
        reply = routed;
      }
      if (drop) {
        res.socket?.destroy();
        return;
      }
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...(reply.body === undefined ? {} : { 'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8' }), ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages,
    userIdOf: (mailbox) => userIds.get(mailbox === 'me' ? me : mailbox.toLowerCase()) ?? '',
    addressOf: (mailbox) => (mailbox === 'me' ? me : mailbox.toLowerCase()),
    script: (...responses) => void (queues.get('send') ?? queues.set('send', []).get('send'))?.push(...responses),
    inject: (step, ...outcomes) => void (queues.get(step) ?? queues.set(step, []).get(step))?.push(...outcomes),
    acceptOnly: (...accepted) => void (tokens = new Set(accepted)),
    receive: (input) => {
      const at = input.receivedDateTime;
      const stored: StoredMessage = { ...input, mailbox: input.mailbox.toLowerCase(), id: graphId(), folder: 'inbox', isDraft: false, createdDateTime: at, sentDateTime: at };
      messages.push(stored);
      return stored;
    },
    requestCount: () => sends,
    reset: () => {
      queues.clear();
      requests.length = 0;
      messages.length = 0;
      sends = 0;
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
