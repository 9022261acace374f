import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { AccessTokenProvider } from 'tickler/adapter';

/** What {@link createGraphClient} needs. */
export interface GraphClientOptions {
  /** Graph's host, without the version: `https://graph.microsoft.com`. */
  baseUrl: string;
  /** The host's token provider (a plain token is wrapped in one). */
  tokens: AccessTokenProvider;
  /** Whether asking again with `refresh: true` can give another token. */
  refreshable: boolean;
}

/** Thrown when the host's token provider fails: nothing reached Graph. */
export class TokenProviderError extends Error {
  constructor(cause: unknown) {
    super(`the token provider failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'TokenProviderError';
  }
}

async function tokenFrom(tokens: AccessTokenProvider, refresh: boolean): Promise<string> {
  try {
    return await tokens({ refresh });
  } catch (error) {
    throw new TokenProviderError(error);
  }
}

function setBearer(context: Context, token: string): void {
  const options = (context.options ??= {});
  // GraphRequest hands a plain object of headers to the middleware chain.
  const headers = (options.headers ?? {}) as Record<string, string>;
  headers.Authorization = `Bearer ${token}`;
  options.headers = headers;
}

/**
 * Puts the host's token on each request and, when Graph answers 401, asks the host once
 * more with `refresh: true` and repeats the request (a 401 means Graph did nothing).
 * It replaces the SDK's AuthenticationHandler, which attaches tokens only to Graph's
 * public https hosts (so not to a test double), and the default chain's RetryHandler is
 * left out on purpose: the outbox retries, durably, and a channel must not retry itself.
 */
class BearerMiddleware implements Middleware {
  #next: Middleware | null = null;
  readonly #options: GraphClientOptions;

  constructor(options: GraphClientOptions) {
    this.#options = options;
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }

  async execute(context: Context): Promise<void> {
    const next = this.#next;
    if (next === null) throw new Error('BearerMiddleware needs a next middleware.');
    // The SDK types the request as the DOM's RequestInfo, which this project's lib does not declare.
    const request: unknown = context.request;
    const url = typeof request === 'string' ? request : (request as { url: string }).url;
    // The token is for Graph only: never send it to a host a response might point at.
    if (!url.startsWith(`${this.#options.baseUrl}/`)) throw new Error(`Refusing to send the Graph token to ${url}.`);
    setBearer(context, await tokenFrom(this.#options.tokens, false));
    await next.execute(context);
    if (context.response?.status !== 401 || !this.#options.refreshable) return;
    await context.response.body?.cancel();
    setBearer(context, await tokenFrom(this.#options.tokens, true));
    await next.execute(context);
  }
}

/**
 * A Graph client of the official SDK on `baseUrl` and API version v1.0, with a
 * middleware chain of tickler's bearer middleware and the SDK's HTTP handler.
 */
export function createGraphClient(options: GraphClientOptions): Client {
  return Client.initWithMiddleware({
    baseUrl: `${options.baseUrl}/`,
    defaultVersion: 'v1.0',
    middleware: [new BearerMiddleware(options), new HTTPMessageHandler()],
  });
}
