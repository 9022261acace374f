import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorDouble, ConnectorScript } from 'tickler/testing';

/** A request as a provider double received it. */
export interface DoubleRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body. */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** The body parsed as a form, when it is one. */
  form: URLSearchParams | null;
}

/** What a provider double answers. */
export interface DoubleReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}

/** A provider's API, as its double speaks it. */
export interface ProviderSpec {
  /** The credential a request carries (a bearer token, an API key), for `tokensSeen`; null when it carries none. */
  token(request: DoubleRequest): string | null;
  /** Whether the request is a write: the requests the suite scripts (look-ups before a write are not). */
  isWrite(request: DoubleRequest): boolean;
  /**
   * Answers a request in the provider's formats. `outcome` is the scripted outcome for a
   * write (`accept` when none is queued) and null for any other request. For
   * `drop-after-write` the double calls this with `accept` and then closes the connection
   * instead of answering, so do the write as for `accept`.
   */
  handle(request: DoubleRequest, outcome: Exclude<ConnectorScript, 'drop-after-write'> | null): DoubleReply;
  /** How many objects the provider holds. */
  objectCount(): number;
  /** Forgets every object. */
  clear(): void;
  /** The provider's message in its answer to `reject`. */
  rejectMessage: string;
  /** The wait its answer to `rate-limit` asks for, in seconds. */
  retryAfterSeconds: number;
}

/** A running provider double. */
export interface RunningDouble extends ConnectorDouble {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request since the last reset, in arrival order. */
  readonly requests: DoubleRequest[];
  /** Resolves with the next write that arrives (after it was handled). */
  nextWrite(): Promise<DoubleRequest>;
  /** Holds the answers to writes until `release()` (the write is done; the connection waits). */
  hold(): void;
  /** Answers the held writes, and stops holding. */
  release(): void;
  /** Stops holding new writes; the held ones stay unanswered (their caller is dead) until `close()`. */
  stopHolding(): void;
  close(): Promise<void>;
}

/** Starts a local server that speaks a provider's API as `spec` says. */
export async function startConnectorDouble(spec: ProviderSpec): Promise<RunningDouble> {
  const queue: ConnectorScript[] = [];
  const requests: DoubleRequest[] = [];
  const tokens: string[] = [];
  const open = new Set<ServerResponse>();
  const waiters: ((request: DoubleRequest) => void)[] = [];
  let holding = false;
  const held: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    open.add(res);
    res.on('close', () => open.delete(res));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      let json: unknown = undefined;
      if (body !== '' && (type.includes('json') || /^\s*[[{]/.test(body))) {
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
      }
      const form = type.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : null;
      const request: DoubleRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, json, form };
      requests.push(request);
      const token = spec.token(request);
      if (token !== null) tokens.push(token);
      const write = spec.isWrite(request);
      const outcome = write ? (queue.shift() ?? 'accept') : null;
      const reply = spec.handle(request, outcome === 'drop-after-write' ? 'accept' : outcome);
      if (write) for (const w of waiters.splice(0)) w(request);
      const answer = (): void => {
        if (outcome === 'drop-after-write') {
          res.socket?.destroy();
          return;
        }
        const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { ...(typeof reply.body === 'object' ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
        res.end(text);
      };
      if (write && holding) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rejectMessage: spec.rejectMessage,
    retryAfterSeconds: spec.retryAfterSeconds,
    script: (...outcomes) => void queue.push(...outcomes),
    objectCount: () => spec.objectCount(),
    tokensSeen: () => [...tokens],
    nextWrite: () => new Promise((resolve) => waiters.push(resolve)),
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    stopHolding: () => void (holding = false),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      tokens.length = 0;
      spec.clear();
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The bearer token of a request's `Authorization` header, or null. */
export function bearerToken(request: DoubleRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match === null ? null : (match[1] as string);
}
