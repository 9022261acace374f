import type { FetchResponseLike } from 'tickler/adapter';

/** The request the Zoho connector makes, as a fetch `init`. */
export interface ZohoFetchInit {
  /** `GET` for look-ups, `POST` to insert the task. */
  method: 'GET' | 'POST';
  /** `authorization: Zoho-oauthtoken …`, and `content-type` with a body. */
  headers: Record<string, string>;
  /** The JSON body of a `POST`. */
  body?: string | undefined;
  /** Aborted when tickler stops waiting for the operation. */
  signal: AbortSignal;
}

/** The part of a fetch `Response` the Zoho connector reads. */
export type ZohoFetchResponse = FetchResponseLike;

/** A fetch-compatible function, such as the global `fetch` or undici's with a proxy agent. */
export type ZohoFetch = (url: string, init: ZohoFetchInit) => Promise<ZohoFetchResponse>;

/** An answer of the Zoho CRM REST API, with its JSON body parsed (null when it had none or it was not JSON). */
export interface ZohoAnswer {
  /** The HTTP status. */
  status: number;
  /** Response headers. */
  headers: ZohoFetchResponse['headers'];
  /** The parsed body. */
  body: unknown;
}

/**
 * The REST calls the connector makes, on one data centre and API version
 * (`https://www.zohoapis.eu/crm/v6`). Plain `fetch` rather than Zoho's Node SDK: the SDK
 * keeps one process-wide initialised user with its own token store and OAuth flow,
 * where a connector needs per-instance credentials from the host's token provider. It
 * never retries: tickler does, durably.
 */
export class ZohoRestClient {
  readonly #base: string;
  readonly #fetch: ZohoFetch;

  /** @param base - `<apiDomain>/crm/<version>`, without a trailing slash. */
  constructor(base: string, fetch: ZohoFetch) {
    this.#base = base;
    this.#fetch = fetch;
  }

  /** `GET <base><path>` with `query`; network failures are thrown as they come. */
  async get(path: string, query: Record<string, string>, token: string, signal: AbortSignal): Promise<ZohoAnswer> {
    const search = new URLSearchParams(query).toString();
    return this.#send(`${this.#base}${path}${search === '' ? '' : `?${search}`}`, { method: 'GET', headers: { authorization: `Zoho-oauthtoken ${token}` }, signal });
  }

  /** `POST <base><path>` with a JSON body. */
  async post(path: string, body: unknown, token: string, signal: AbortSignal): Promise<ZohoAnswer> {
    return this.#send(`${this.#base}${path}`, { method: 'POST', headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  }

  async #send(url: string, init: ZohoFetchInit): Promise<ZohoAnswer> {
    const response = await this.#fetch(url, init);
    const text = await response.text();
    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // A proxy's HTML error page: the status decides, the text says what happened.
        body = { message: text.slice(0, 200) };
      }
    }
    return { status: response.status, headers: response.headers, body };
  }
}
