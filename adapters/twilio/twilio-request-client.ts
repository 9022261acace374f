import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';

/** Twilio's production API; a differing `apiBaseUrl` is rewritten to. */
export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

/**
 * The signal of the send in progress. The SDK has no per-call abort option, so the
 * channel runs each call inside this store and the request client hands the signal to
 * axios: an abandoned call then closes its socket instead of hanging on until timeout.
 */
export const sendSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Twilio answered 429. Thrown by {@link RedirectingRequestClient} in place of the SDK's
 * `RestException`, which keeps the status and body but drops the `Retry-After` header.
 */
export class TwilioRateLimitError extends Error {
  /** Always 429. */
  readonly status = 429;
  /** Twilio's error code from the body (20429 for API concurrency), or null. */
  readonly code: number | null;
  /** Twilio's documentation link for the code, or null. */
  readonly moreInfo: string | null;
  /** The raw `Retry-After` header, or null when Twilio sent none. */
  readonly retryAfter: string | null;

  constructor(body: unknown, retryAfter: string | null) {
    const parsed = parseBody(body);
    super(parsed.message ?? 'Too Many Requests');
    this.name = 'TwilioRateLimitError';
    this.code = parsed.code;
    this.moreInfo = parsed.moreInfo;
    this.retryAfter = retryAfter;
  }
}

/** Options of {@link RedirectingRequestClient}. */
export interface RedirectingRequestClientOptions {
  /** Where API calls go instead of `https://api.twilio.com` (and Twilio's regional hosts). */
  apiBaseUrl: string;
  /** Per-call timeout, in ms. */
  timeoutMs: number;
}

/**
 * The SDK's HTTP client with three changes: API calls go to `apiBaseUrl` when it is not
 * Twilio's own, a 429 surfaces its `Retry-After`, and the current send's signal aborts
 * the underlying request. Auto-retry stays off: the outbox retries, durably.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  readonly #base: string | null;

  constructor(options: RedirectingRequestClientOptions) {
    super({ timeout: options.timeoutMs, autoRetry: false });
    this.#base = options.apiBaseUrl === TWILIO_API_BASE_URL ? null : options.apiBaseUrl;
    this.axios.interceptors.request.use((config) => {
      const signal = sendSignal.getStore();
      if (signal !== undefined) config.signal = signal;
      return config;
    });
  }

  override async request<TData>(opts: TwilioRequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const response = await super.request({ ...opts, uri: this.#redirect(opts.uri) });
    if (response.statusCode === 429) throw new TwilioRateLimitError(response.body, headerValue(response.headers, 'retry-after'));
    return response;
  }

  #redirect(uri: string): string {
    if (this.#base === null) return uri;
    const url = new URL(uri);
    // Regional and edge hosts (api.dublin.ie1.twilio.com) come from TWILIO_REGION/TWILIO_EDGE.
    if (url.hostname !== 'twilio.com' && !url.hostname.endsWith('.twilio.com')) return uri;
    return `${this.#base}${url.pathname}${url.search}`;
  }
}

function headerValue(headers: unknown, name: string): string | null {
  if (typeof headers !== 'object' || headers === null) return null;
  // axios hands back an AxiosHeaders instance, whose keys are lower case.
  const value = (headers as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

function parseBody(body: unknown): { message: string | null; code: number | null; moreInfo: string | null } {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      value = null;
    }
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    message: typeof record.message === 'string' ? record.message : null,
    code: typeof record.code === 'number' ? record.code : null,
    moreInfo: typeof record.more_info === 'string' ? record.more_info : null,
  };
}
