import { untilAborted, type FetchResponseLike } from 'tickler/adapter';
import { sapError, SapHttpError } from './sap-errors';

/** The request the SAP source makes, as a fetch `init`: always a GET. */
export interface SapFetchInit {
  /** Always `GET`: the source only reads. */
  method: 'GET';
  /** `accept: application/json` and `authorization` (Basic or Bearer). */
  headers: Record<string, string>;
  /** Aborted when the pull's time is up. */
  signal: AbortSignal;
}

/** A fetch-compatible function, such as the global `fetch` or undici's with a proxy agent. */
export type SapFetch = (url: string, init: SapFetchInit) => Promise<FetchResponseLike>;

/** One row of an OData V2 answer: the entity's properties as SAP Gateway writes them in JSON. */
export type ODataRow = Record<string, unknown>;

/** One page of an OData V2 collection. */
export interface ODataPage {
  /** `d.results`. */
  rows: ODataRow[];
  /** Where `d.__next` says the server's next page starts (its `$skiptoken`, or a `$skip`), or null when it wrote none. */
  next: ODataContinuation | null;
}

/** Where a query's next page starts: the server's `$skiptoken`, or a `$skip`. */
export type ODataContinuation = { $skiptoken: string } | { $skip: number };

/** A collection query: the system query options, sent with `$format=json`. */
export interface ODataQuery {
  $filter?: string | undefined;
  $select?: string | undefined;
  $expand?: string | undefined;
  $orderby?: string | undefined;
  $top?: number | undefined;
  $skip?: number | undefined;
  $skiptoken?: string | undefined;
}

/** Who calls and until when. */
export interface SapCall {
  /** The `authorization` header's value. */
  authorization: string;
  signal: AbortSignal;
  now: Date;
}

/**
 * The slice of SAP Gateway's OData V2 protocol the source uses, over plain fetch: GET of an
 * entity set with `$filter`, `$select`, `$expand`, `$orderby`, `$top`/`$skip` and the
 * server's `$skiptoken` paging. SAP's Cloud SDK (`@sap-cloud-sdk/http-client`) would do the
 * same with more to install; a read-only source needs none of its write or batch support.
 * It never retries: tickler does, durably.
 */
export class SapODataClient {
  constructor(
    readonly baseUrl: string,
    readonly sapClient: string | null,
    readonly fetch: SapFetch,
    readonly limitWaitMs: number,
  ) {}

  /** `GET /sap/opu/odata/sap/<service>/<entitySet>?…`: one page. */
  async page(service: string, entitySet: string, query: ODataQuery, call: SapCall): Promise<ODataPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    params.set('$format', 'json');
    if (this.sapClient !== null) params.set('sap-client', this.sapClient);
    // OData wants %20 for spaces; URLSearchParams writes '+', which SAP Gateway reads as a plus.
    const url = `${this.baseUrl}/sap/opu/odata/sap/${service}/${entitySet}?${params.toString().replace(/\+/g, '%20')}`;
    const action = `GET ${service}/${entitySet}`;
    let answer: { status: number; headers: FetchResponseLike['headers']; text: string };
    try {
      answer = await untilAborted(
        (async () => {
          const response = await this.fetch(url, { method: 'GET', headers: { accept: 'application/json', authorization: call.authorization }, signal: call.signal });
          return { status: response.status, headers: response.headers, text: await response.text() };
        })(),
        call.signal,
      );
    } catch (error) {
      throw sapError(error, { action, limitWaitMs: this.limitWaitMs, now: call.now });
    }
    const body = parseJson(answer.text);
    if (answer.status < 200 || answer.status >= 300) throw sapError(new SapHttpError(answer.status, body ?? answer.text, answer.headers, action), { action, limitWaitMs: this.limitWaitMs, now: call.now });
    const d = (body as { d?: { results?: unknown; __next?: unknown } } | undefined)?.d;
    if (d === undefined || !Array.isArray(d.results)) {
      throw sapError(new SapHttpError(answer.status, body ?? answer.text, answer.headers, action), { action, limitWaitMs: this.limitWaitMs, now: call.now });
    }
    return { rows: d.results as ODataRow[], next: typeof d.__next === 'string' ? continuationOf(d.__next) : null };
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

/** The continuation of a `__next` link (absolute, as SAP writes it, or relative). */
function continuationOf(next: string): ODataContinuation | null {
  let params: URLSearchParams;
  try {
    params = new URL(next, 'http://next.invalid/').searchParams;
  } catch {
    return null;
  }
  const token = params.get('$skiptoken');
  if (token !== null && token !== '') return { $skiptoken: token };
  const skip = Number(params.get('$skip'));
  return Number.isInteger(skip) && skip > 0 ? { $skip: skip } : null;
}
