import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { ScriptedProvider, ScriptedResponse } from 'tickler/testing';
import { header, readPart, splitMessage, type MessagePart } from './gmail-mime-reader';

/**
 * A Gmail API v1 double with Google's token keys, built from Google's references:
 * - `users.messages.send` (`POST /gmail/v1/users/{userId}/messages/send`, body
 *   `{ raw, threadId }`, answer `{ id, threadId, labelIds: ['SENT'] }`), keeping the
 *   client's `Message-ID`, rewriting an unverified `From` to the mailbox, and threading by
 *   the documented rules (the `threadId`, `In-Reply-To`/`References` naming a message of
 *   the thread, matching subjects);
 * - `users.messages.list` (`q` with `from:` and `rfc822msgid:`, newest first, `SPAM` and
 *   `TRASH` left out unless `includeSpamTrash`), `users.messages.get` (`format`
 *   `full` / `metadata` with `metadataHeaders` / `minimal` / `raw`), `users.threads.get`,
 *   `users.history.list` (`startHistoryId`, `historyTypes`, pages of `maxResults`, 404
 *   for a start before the kept history);
 * - the error guide's bodies `{ error: { code, message, errors: [{ message, domain, reason }], status } }`:
 *   401 `authError`, 400 `invalidArgument` ("Invalid To header"), 403 `insufficientPermissions`,
 *   403 `userRateLimitExceeded`, 429 `rateLimitExceeded` ("User-rate limit exceeded.  Retry after …"),
 *   500 `backendError`;
 * - Google's OIDC signing keys as a JWKS at `/oauth2/v3/certs` (`Cache-Control: max-age`).
 *
 * The scripted responses of the channel contract apply to sends only; look-ups are
 * answered from the mailbox, and `requestCount()` counts sends.
 *
 * References: developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages
 * (send, list, get), …/users.history/list, …/gmail/api/guides/{threads,push,handle-errors},
 * the `@googleapis/gmail` 18 SDK (build/v1.js paths and parameters), and
 * cloud.google.com/pubsub/docs/authenticate-push-subscriptions.
 */
export interface GmailDouble extends ScriptedProvider {
  /** `http://127.0.0.1:<port>/`: the channel's `rootUrl`. */
  readonly url: string;
  /** The JWKS URL: the channel's `push.certsUrl`. */
  readonly certsUrl: string;
  /** The mailbox the tokens belong to. */
  readonly mailbox: string;
  /** Every request since the last reset, in arrival order. */
  readonly requests: GmailRequest[];
  /** The messages of the mailbox, by id. */
  readonly messages: Map<string, StoredMessage>;
  /** Google's current signing key: sign push tokens with it. */
  readonly signingKey: { kid: string; privateKey: KeyObject };
  /** The mailbox's current history id. */
  historyId(): string;
  /** Puts a message into the mailbox as Gmail receives it (threaded by its references and subject); returns it. */
  deliver(raw: string, labelIds?: string[]): StoredMessage;
  /** The access tokens Gmail accepts (default `token-1`); others get 401. */
  acceptTokens(...tokens: string[]): void;
  /** What a scripted `reject` answers from now on. */
  rejectWith(status: number, reason: string, message: string, canonical: string): void;
  /**
   * What a scripted `rate-limit` answers from now on: 429 with `Retry-After` (default),
   * 429 with the time in its message only (Gmail's mail sending limit), or 403
   * `userRateLimitExceeded` without either.
   */
  rateLimitAs(kind: RateLimitKind): void;
  /** Gmail's search index lags: messages added from now on are not found by `q` until {@link catchUpIndex}. */
  pauseIndex(): void;
  /** Every message is searchable again. */
  catchUpIndex(): void;
  /** The next sends are done (the message exists) but their connection is dropped without an answer. */
  dropAfterSend(count?: number): void;
  /** Gmail keeps no history before `historyId` any more (history.list from before it answers 404). */
  forgetHistoryBefore(historyId: string): void;
  /** Google rotates its signing key: a new `kid` is published, the old one withdrawn. */
  rotateKey(): void;
  /** How many times the JWKS was fetched. */
  certFetches(): number;
  close(): Promise<void>;
}

/** How the double answers a scripted rate limit. */
export type RateLimitKind = '429' | '429-message' | '403';

/** A request as the double received it. */
export interface GmailRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A message of the mailbox. */
export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  historyId: bigint;
  internalDate: number;
  raw: string;
  payload: MessagePart;
  snippet: string;
  /** Added while the index was paused: not found by `q` yet. */
  unindexed: boolean;
}

interface HistoryRecord {
  id: bigint;
  message: StoredMessage;
}

const gmailError = (code: number, reason: string, message: string, status: string, domain = 'global', extra: Record<string, string> = {}) => ({
  error: { code, message, errors: [{ message, domain, reason, ...extra }], status },
});

const INVALID_CREDENTIALS = gmailError(
  401,
  'authError',
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  'UNAUTHENTICATED',
  'global',
  { location: 'Authorization', locationType: 'header' },
);
const NOT_FOUND = gmailError(404, 'notFound', 'Requested entity was not found.', 'NOT_FOUND');

const hexId = (): string => randomBytes(8).toString('hex').replace(/^0/, '1');
const address = (value: string | undefined): string | null => (value === undefined ? null : (/<([^<>\s]+@[^<>\s]+)>/.exec(value)?.[1] ?? /[^\s<>",;]+@[^\s<>",;]+/.exec(value)?.[0] ?? null)?.toLowerCase() ?? null);
const ids = (value: string | undefined): string[] => value?.match(/<[^<>\s]+>/g) ?? [];
const baseSubject = (s: string): string => s.replace(/^((re|fwd?|aw)\s*:\s*)+/i, '').trim().toLowerCase();

function newKey(): { kid: string; privateKey: KeyObject; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(20).toString('hex');
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

function snippetOf(payload: MessagePart): string {
  const stack = [payload];
  while (stack.length > 0) {
    const part = stack.shift() as MessagePart;
    if (part.mimeType === 'text/plain' && part.body.data !== undefined) return Buffer.from(part.body.data, 'base64url').toString('utf8').replace(/\s+/g, ' ').slice(0, 200);
    stack.push(...(part.parts ?? []));
  }
  return '';
}

/** Starts the double on 127.0.0.1 for `mailbox` (its send-as aliases beside it; `now` dates its "Retry after" messages). */
export async function startGmailDouble(options: { mailbox?: string; sendAs?: string[]; now?: () => Date } = {}): Promise<GmailDouble> {
  const now = options.now ?? (() => new Date());
  const mailbox = (options.mailbox ?? 'billing@acme.example').toLowerCase();
  const sendAs = new Set([mailbox, ...(options.sendAs ?? []).map((s) => s.toLowerCase())]);
  const queue: ScriptedResponse[] = [];
  const requests: GmailRequest[] = [];
  const messages = new Map<string, StoredMessage>();
  let history: HistoryRecord[] = [];
  let historyId = 4_200_000n;
  let forgottenBefore = 0n;
  let sends = 0;
  let tokens = new Set(['token-1']);
  let rejection = gmailError(400, 'invalidArgument', 'Invalid To header', 'INVALID_ARGUMENT');
  let rateLimit: RateLimitKind = '429';
  let indexing = true;
  let drops = 0;
  let certFetches = 0;
  const keys = [newKey()];
  const open = new Set<ServerResponse>();

  // History ids grow with gaps, as Gmail's do.
  const nextHistoryId = (): bigint => (historyId += BigInt(3 + Number(randomBytes(1)[0]) % 40));

  const store = (raw: string, labelIds: string[], threadId: string | null): StoredMessage => {
    const payload = readPart(raw);
    const id = hexId();
    const message: StoredMessage = { id, threadId: threadId ?? id, labelIds, historyId: nextHistoryId(), internalDate: Date.parse(header(payload.headers, 'Date') ?? '') || 1_795_000_000_000, raw, payload, snippet: snippetOf(payload), unindexed: !indexing };
    messages.set(id, message);
    history.push({ id: message.historyId, message });
    return message;
  };

  // Gmail's threading: a message joins the thread of a message it references, when the subjects match.
  const threadOf = (raw: string, requested: string | null): string | null => {
    const { headers } = splitMessage(raw);
    const refs = [...ids(header(headers, 'In-Reply-To')), ...ids(header(headers, 'References'))];
    const subject = baseSubject(header(headers, 'Subject') ?? '');
    // Gmail files a delivery status notification with the email it reports on, whatever its subject.
    const report = /^mailer-daemon@/.test(address(header(headers, 'From')) ?? '');
    for (const m of messages.values()) {
      if (requested !== null && m.threadId !== requested) continue;
      const mine = splitMessage(m.raw).headers;
      if (refs.includes(header(mine, 'Message-ID') ?? '') && (report || baseSubject(header(mine, 'Subject') ?? '') === subject)) return m.threadId;
    }
    return null;
  };

  const send = (body: unknown): { status: number; body: object } => {
    const request = (body ?? {}) as { raw?: unknown; threadId?: unknown };
    if (typeof request.raw !== 'string' || request.raw === '') return { status: 400, body: gmailError(400, 'invalidArgument', "'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'INVALID_ARGUMENT') };
    let raw = Buffer.from(request.raw, 'base64url').toString('utf8');
    const { headers } = splitMessage(raw);
    const to = header(headers, 'To');
    if (to === undefined || to.trim() === '') return { status: 400, body: gmailError(400, 'invalidArgument', 'Recipient address required', 'INVALID_ARGUMENT') };
    if (!to.split(',').every((a) => address(a) !== null)) return { status: 400, body: gmailError(400, 'invalidArgument', 'Invalid To header', 'INVALID_ARGUMENT') };
    // Gmail sends from the mailbox unless From is one of its verified send-as aliases.
    if (!sendAs.has(address(header(headers, 'From')) ?? '')) raw = raw.replace(/^From:.*$/m, `From: ${mailbox}`);
    if (header(headers, 'Message-ID') === undefined) raw = `Message-ID: <CA${randomBytes(12).toString('hex')}@mail.gmail.com>\r\n${raw}`;
    const requested = typeof request.threadId === 'string' ? request.threadId : null;
    const message = store(raw, ['SENT'], requested === null ? null : threadOf(raw, requested));
    return { status: 200, body: { id: message.id, threadId: message.threadId, labelIds: message.labelIds } };
  };

  const searchable = (m: StoredMessage, q: string, spamTrash: boolean): boolean => {
    if (m.unindexed) return false;
    if (!spamTrash && m.labelIds.some((l) => l === 'SPAM' || l === 'TRASH')) return false;
    const { headers } = splitMessage(m.raw);
    for (const term of q.trim().split(/\s+/)) {
      const [operator, ...rest] = term.split(':');
      const value = rest.join(':').toLowerCase();
      if (operator === 'from' && address(header(headers, 'From')) !== value) return false;
      if (operator === 'rfc822msgid' && (header(headers, 'Message-ID') ?? '').toLowerCase().replace(/^<|>$/g, '') !== value.replace(/^<|>$/g, '')) return false;
      if (operator === 'in' && value === 'sent' && !m.labelIds.includes('SENT')) return false;
    }
    return true;
  };

  const resource = (m: StoredMessage, format: string, wanted: string[]) => {
    const base = { id: m.id, threadId: m.threadId, labelIds: m.labelIds, snippet: m.snippet, sizeEstimate: m.raw.length, historyId: m.historyId.toString(), internalDate: String(m.internalDate) };
    if (format === 'minimal') return base;
    if (format === 'raw') return { ...base, raw: Buffer.from(m.raw).toString('base64url') };
    if (format === 'metadata') {
      const headers = wanted.length === 0 ? m.payload.headers : m.payload.headers.filter((h) => wanted.some((w) => w.toLowerCase() === h.name.toLowerCase()));
      return { ...base, payload: { mimeType: m.payload.mimeType, headers } };
    }
    return { ...base, payload: m.payload };
  };

  const gmail = (r: GmailRequest, json: unknown): { status: number; body?: object; headers?: Record<string, string> } | 'hang' | 'drop' => {
    const auth = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (auth === undefined || !tokens.has(auth)) return { status: 401, body: INVALID_CREDENTIALS, headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } };
    const match = /^\/gmail\/v1\/users\/([^/]+)\/(.+)$/.exec(r.path);
    const user = decodeURIComponent(match?.[1] ?? '');
    if (match === null || (user !== 'me' && user.toLowerCase() !== mailbox)) return { status: 403, body: gmailError(403, 'forbidden', 'Delegation denied for ' + mailbox, 'PERMISSION_DENIED') };
    const route = match[2] as string;
    if (r.method === 'POST' && route === 'messages/send') {
      sends += 1;
      const scripted = queue.shift() ?? { type: 'accept' };
      switch (scripted.type) {
        case 'hang':
          return 'hang';
        case 'reject':
          return { status: rejection.error.code, body: rejection };
        case 'rate-limit': {
          const at = new Date(now().getTime() + scripted.retryAfterSeconds * 1000).toISOString();
          if (rateLimit === '403') return { status: 403, body: gmailError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded', 'PERMISSION_DENIED', 'usageLimits') };
          const body = gmailError(429, 'rateLimitExceeded', `User-rate limit exceeded.  Retry after ${at}`, 'RESOURCE_EXHAUSTED', 'usageLimits');
          return rateLimit === '429-message' ? { status: 429, body } : { status: 429, headers: { 'retry-after': String(scripted.retryAfterSeconds) }, body };
        }
        case 'server-error':
          return { status: 500, body: gmailError(500, 'backendError', 'Internal error encountered.', 'INTERNAL') };
        case 'accept': {
          const answer = send(json);
          if (drops > 0 && answer.status === 200) {
            drops -= 1;
            return 'drop';
          }
          return answer;
        }
      }
    }
    if (r.method !== 'GET') return { status: 404, body: NOT_FOUND };
    if (route === 'messages') {
      const q = r.query.get('q') ?? '';
      const max = Math.min(Number(r.query.get('maxResults') ?? '100'), 500);
      const found = [...messages.values()].filter((m) => searchable(m, q, r.query.get('includeSpamTrash') === 'true')).sort((a, b) => Number(b.historyId - a.historyId));
      const page = found.slice(0, max).map((m) => ({ id: m.id, threadId: m.threadId }));
      return { status: 200, body: page.length === 0 ? { resultSizeEstimate: 0 } : { messages: page, resultSizeEstimate: found.length, ...(found.length > max ? { nextPageToken: '1' } : {}) } };
    }
    const one = /^messages\/([^/]+)$/.exec(route);
    if (one !== null) {
      const m = messages.get(one[1] as string);
      if (m === undefined) return { status: 404, body: NOT_FOUND };
      return { status: 200, body: resource(m, (r.query.get('format') ?? 'full').toLowerCase(), r.query.getAll('metadataHeaders')) };
    }
    const thread = /^threads\/([^/]+)$/.exec(route);
    if (thread !== null) {
      const inThread = [...messages.values()].filter((m) => m.threadId === thread[1]);
      if (inThread.length === 0) return { status: 404, body: NOT_FOUND };
      const format = (r.query.get('format') ?? 'full').toLowerCase();
      return { status: 200, body: { id: thread[1], historyId: inThread.at(-1)?.historyId.toString(), messages: inThread.map((m) => resource(m, format, r.query.getAll('metadataHeaders'))) } };
    }
    if (route === 'history') {
      const start = r.query.get('startHistoryId');
      if (start === null || !/^\d+$/.test(start)) return { status: 400, body: gmailError(400, 'invalidArgument', 'Invalid startHistoryId', 'INVALID_ARGUMENT') };
      if (BigInt(start) < forgottenBefore) return { status: 404, body: NOT_FOUND };
      const types = r.query.getAll('historyTypes');
      const records = history.filter((h) => h.id > BigInt(start));
      const max = Math.min(Number(r.query.get('maxResults') ?? '100'), 500);
      const offset = Number(r.query.get('pageToken') ?? '0');
      const page = records.slice(offset, offset + max).map((h) => ({
        id: h.id.toString(),
        messages: [{ id: h.message.id, threadId: h.message.threadId }],
        ...(types.length === 0 || types.includes('messageAdded') ? { messagesAdded: [{ message: { id: h.message.id, threadId: h.message.threadId, labelIds: h.message.labelIds } }] } : {}),
      }));
      return { status: 200, body: { ...(page.length === 0 ? {} : { history: page }), historyId: historyId.toString(), ...(records.length > offset + max ? { nextPageToken: String(offset + max) } : {}) } };
    }
    return { status: 404, body: NOT_FOUND };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    open.add(res);
    res.on('close', () => open.delete(res));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const request: GmailRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      if (url.pathname === '/oauth2/v3/certs') {
        certFetches += 1;
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'public, max-age=21600, must-revalidate, no-transform' });
        res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
        return;
      }
      requests.push(request);
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(gmailError(400, 'parseError', 'Invalid JSON payload received.', 'INVALID_ARGUMENT')));
        return;
      }
      const answer = gmail(request, json);
      if (answer === 'hang') return;
      if (answer === 'drop') {
        res.socket?.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    certsUrl: `${url}oauth2/v3/certs`,
    mailbox,
    requests,
    messages,
    get signingKey() {
      const key = keys[0] as (typeof keys)[number];
      return { kid: key.kid, privateKey: key.privateKey };
    },
    historyId: () => historyId.toString(),
    deliver: (raw, labelIds = ['INBOX', 'UNREAD']) => store(raw.replace(/\r?\n/g, '\r\n'), labelIds, threadOf(raw, null)),
    acceptTokens: (...accepted) => void (tokens = new Set(accepted)),
    rejectWith: (status, reason, message, canonical) => void (rejection = gmailError(status, reason, message, canonical)),
    rateLimitAs: (kind) => void (rateLimit = kind),
    pauseIndex: () => void (indexing = false),
    catchUpIndex: () => {
      indexing = true;
      for (const m of messages.values()) m.unindexed = false;
    },
    dropAfterSend: (count = 1) => void (drops = count),
    forgetHistoryBefore: (id) => void (forgottenBefore = BigInt(id)),
    rotateKey: () => void keys.splice(0, keys.length, newKey()),
    certFetches: () => certFetches,
    script: (...responses) => void queue.push(...responses),
    requestCount: () => sends,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      sends = 0;
      messages.clear();
      history = [];
      forgottenBefore = 0n;
      tokens = new Set(['token-1']);
      indexing = true;
      drops = 0;
      rejection = gmailError(400, 'invalidArgument', 'Invalid To header', 'INVALID_ARGUMENT');
      rateLimit = '429';
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
