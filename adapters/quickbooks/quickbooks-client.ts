import { SourceError, type FetchResponseLike } from 'tickler/adapter';
import { quickBooksError, type QuickBooksErrorContext } from './quickbooks-errors';
import { parseExactJson } from './quickbooks-json';

/** The request the QuickBooks source makes, as a fetch `init`. */
export interface QuickBooksFetchInit {
  /** Always `GET`: the source only reads. */
  method: 'GET';
  /** `authorization: Bearer …` and `accept: application/json`. */
  headers: Record<string, string>;
  /** Aborted when tickler stops waiting for the pull. */
  signal: AbortSignal;
}

/** A fetch-compatible function, such as the global `fetch` or undici's with a proxy agent. */
export type QuickBooksFetch = (url: string, init: QuickBooksFetchInit) => Promise<FetchResponseLike>;

/** What a GET is given beside its path. */
export interface QuickBooksCall extends QuickBooksErrorContext {
  /** The OAuth 2.0 access token. */
  token: string;
  /** Aborted when tickler stops waiting. */
  signal: AbortSignal;
}

/**
 * The Accounting API v3 calls of one company (`<baseUrl>/v3/company/<realmId>`), with
 * `fetch` and a bearer token. Not intuit-oauth's `makeApiCall`: it parses bodies with
 * axios' `JSON.parse` (amounts become doubles) and drops the answer's headers on errors
 * (no `Retry-After`), so it would add an SDK in the path and take away what the source
 * needs. It never retries: tickler does, durably.
 */
export class QuickBooksRestClient {
  readonly #base: string;
  readonly #minorVersion: number;
  readonly #fetch: QuickBooksFetch;

  constructor(baseUrl: string, realmId: string, minorVersion: number, fetch: QuickBooksFetch) {
    this.#base = `${baseUrl}/v3/company/${encodeURIComponent(realmId)}`;
    this.#minorVersion = minorVersion;
    this.#fetch = fetch;
  }

  /** `GET /query?query=<statement>`: the `QueryResponse` and the server's `time`. */
  async query(statement: string, call: QuickBooksCall): Promise<unknown> {
    return this.get('/query', { query: statement }, call);
  }

  /** `GET <path>?<params>&minorversion=…` with amounts kept exact; a {@link SourceError} for anything but a 200. */
  async get(path: string, params: Record<string, string>, call: QuickBooksCall): Promise<unknown> {
    // encodeURIComponent, not URLSearchParams: spaces as %20, which every QuickBooks front door reads.
    const search = Object.entries({ ...params, minorversion: String(this.#minorVersion) })
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    let response: FetchResponseLike;
    let body: string;
    try {
      response = await this.#fetch(`${this.#base}${path}?${search}`, { method: 'GET', headers: { authorization: `Bearer ${call.token}`, accept: 'application/json' }, signal: call.signal });
      body = await response.text();
    } catch (cause) {
      const aborted = call.signal.aborted;
      throw new SourceError(aborted ? 'QuickBooks did not answer in time.' : `QuickBooks could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`, { retryable: true, cause });
    }
    if (response.status !== 200) throw quickBooksError(response.status, body, response.headers.get('retry-after'), call);
    try {
      return parseExactJson(body);
    } catch (cause) {
      // A proxy's HTML page with a 200: nothing to read; a later pull may get the real answer.
      throw new SourceError(`QuickBooks answered 200 with a body that is not JSON: ${body.slice(0, 120)}`, { retryable: true, status: 200, cause });
    }
  }
}
