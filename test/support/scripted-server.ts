import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedProvider, ScriptedResponse } from 'tickler/testing';

/** A request as the provider double received it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body. */
  body: string;
  /** The body parsed as JSON or as a form, when it is one. */
  json: unknown;
  form: URLSearchParams | null;
}

/** What the double answers. */
export interface ProviderReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}

/** Turns a scripted response into the provider's own reply format. */
export type ReplyFor = (response: Exclude<ScriptedResponse, { type: 'hang' }>, request: RecordedRequest) => ProviderReply;

/** A local HTTP server on 127.0.0.1 that answers as scripted, recording every request. */
export interface ScriptedServer extends ScriptedProvider {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request since the last reset, in arrival order. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a provider double; `reply` speaks the provider's formats. */
export async function startScriptedServer(reply: ReplyFor): Promise<ScriptedServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const type = String(req.headers['content-type'] ?? '');
      let json: unknown = undefined;
      if (type.includes('json') && body !== '') json = JSON.parse(body);
      const form = type.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : null;
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, json, form };
      requests.push(recorded);
      const next = queue.shift() ?? { type: 'accept' };
      if (next.type === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const answer = reply(next, recorded);
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      const headers: Record<string, string> = { ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}), ...answer.headers };
      res.writeHead(answer.status, headers);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...responses) => void queue.push(...responses),
    requestCount: () => requests.length,
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
