/**
 * An answer from Zendesk outside the 2xx range, with what the connector needs to judge
 * it: the status, the headers (`Retry-After`, the rate-limit headers) and the body (JSON
 * when Zendesk sent JSON, else its text).
 */
export class ZendeskHttpError extends Error {
  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** The response headers. */
    readonly headers: Headers,
    /** The parsed JSON body, or the text when it was not JSON. */
    readonly body: unknown,
  ) {
    super(`Zendesk answered HTTP ${status}`);
    this.name = 'ZendeskHttpError';
  }
}

/** What node-zendesk hands its transport: the URL it assembled and the request options (method, headers, JSON body). */
interface TransportOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** node-zendesk's `transportConfig`: the request function and the adapter over its answer. */
export interface ZendeskTransport {
  transportFn(uri: string, options: TransportOptions): Promise<Response>;
  responseAdapter(response: Response): { json(): Promise<unknown>; status: number; headers: { get(name: string): string | null }; statusText: string };
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The transport the connector gives node-zendesk, in place of its cross-fetch default:
 * Node's fetch with the operation's abort signal, and every answer outside 2xx thrown as
 * a {@link ZendeskHttpError}. node-zendesk's own handling cannot be used for errors: it
 * drops the response headers (so `Retry-After`), resolves a 429 instead of rejecting, and
 * treats statuses it has no name for (402, 413, 502, 504…) as successes.
 */
export function zendeskTransport(signal: AbortSignal): ZendeskTransport {
  return {
    async transportFn(uri, options) {
      const response = await fetch(uri, { method: options.method ?? 'GET', headers: options.headers, body: options.body, signal });
      if (response.status < 200 || response.status > 299) throw new ZendeskHttpError(response.status, response.headers, await bodyOf(response));
      return response;
    },
    responseAdapter: (response) => ({ json: () => response.json(), status: response.status, headers: { get: (name) => response.headers.get(name) }, statusText: response.statusText }),
  };
}
