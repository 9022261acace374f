import { untilAborted, type FetchResponseLike } from 'tickler/adapter';

/** The request the Freshdesk connector makes, as a fetch `init`. */
export interface FreshdeskFetchInit {
  /** `GET` for look-ups, `POST` to create a ticket. */
  method: 'GET' | 'POST';
  /** Every header, lower-case: `authorization` (Basic), `accept`, and `content-type` on a POST. */
  headers: Record<string, string>;
  /** The JSON body of a POST. */
  body?: string | undefined;
  /** Aborted when the operation's time is up. */
  signal: AbortSignal;
}

/** The part of a fetch `Response` the Freshdesk connector reads. */
export type FreshdeskFetchResponse = FetchResponseLike;

/** A fetch-compatible function, such as the global `fetch` or undici's with a proxy agent. */
export type FreshdeskFetch = (url: string, init: FreshdeskFetchInit) => Promise<FreshdeskFetchResponse>;

/** A ticket as Freshdesk answers it: the fields the connector reads. */
export interface FreshdeskTicket {
  id: number;
  requester_id?: number | null;
  custom_fields?: Record<string, unknown> | null;
}

/** An agent as `GET /api/v2/agents` answers it: the fields the connector reads. */
export interface FreshdeskAgent {
  id: number;
  contact?: { email?: string | null } | null;
}

/** A non-2xx answer, kept whole so the connector can read Freshdesk's own error body and headers. */
export class FreshdeskHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: FreshdeskFetchResponse['headers'],
    readonly action: string,
  ) {
    super(`Freshdesk answered HTTP ${status} to ${action}`);
    this.name = 'FreshdeskHttpError';
  }
}

/** Who calls and until when: every request carries the key and the operation's signal. */
export interface FreshdeskCall {
  apiKey: string;
  signal: AbortSignal;
}

/**
 * The slice of Freshdesk's REST API v2 the connector uses, over plain HTTP: Freshdesk
 * keeps no official Node SDK. It never retries: tickler does, durably.
 */
export class FreshdeskClient {
  constructor(
    readonly baseUrl: string,
    readonly fetch: FreshdeskFetch,
  ) {}

  /** `POST /api/v2/tickets`: creates a ticket, answered with 201 and the ticket. */
  createTicket(ticket: Record<string, unknown>, call: FreshdeskCall): Promise<FreshdeskTicket> {
    return this.#send<FreshdeskTicket>('POST', '/api/v2/tickets', null, ticket, call, 'the ticket');
  }

  /** `GET /api/v2/tickets?…`: one page of tickets, newest first when asked so. */
  listTickets(query: Record<string, string>, call: FreshdeskCall): Promise<FreshdeskTicket[]> {
    return this.#send<FreshdeskTicket[]>('GET', '/api/v2/tickets', query, null, call, 'the ticket look-up');
  }

  /** `GET /api/v2/agents?email=`: the agents with that address (none or one). */
  agentsByEmail(email: string, call: FreshdeskCall): Promise<FreshdeskAgent[]> {
    return this.#send<FreshdeskAgent[]>('GET', '/api/v2/agents', { email }, null, call, 'the agent look-up');
  }

  async #send<T>(method: 'GET' | 'POST', path: string, query: Record<string, string> | null, body: Record<string, unknown> | null, call: FreshdeskCall, action: string): Promise<T> {
    const url = `${this.baseUrl}${path}${query === null ? '' : `?${new URLSearchParams(query).toString()}`}`;
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${call.apiKey}:X`).toString('base64')}`,
      accept: 'application/json',
    };
    if (body !== null) headers['content-type'] = 'application/json';
    // The body is read under the same signal: a response that stalls midway is a timeout too.
    const exchange = async (): Promise<{ status: number; headers: FreshdeskFetchResponse['headers']; text: string }> => {
      const response = await this.fetch(url, { method, headers, ...(body === null ? {} : { body: JSON.stringify(body) }), signal: call.signal });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const answer = await untilAborted(exchange(), call.signal);
    const parsed = parseJson(answer.text);
    if (answer.status < 200 || answer.status >= 300) throw new FreshdeskHttpError(answer.status, parsed ?? answer.text, answer.headers, action);
    if (parsed === undefined) throw new FreshdeskHttpError(answer.status, answer.text, answer.headers, action);
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
