import type { ProviderReply } from '../support/scripted-server';

/*
 * Stripe's wire formats for the double: amounts in the currency's unit, stripe-node's
 * query encoding, error bodies and v1 list paging (https://docs.stripe.com/api/pagination).
 */

/** A JSON object as the double keeps Stripe's objects. */
export type Json = Record<string, unknown>;

/** A stored object with its place in Stripe's order (higher is newer). */
export interface Row {
  seq: number;
  object: Json;
}

// Stripe's zero-decimal and three-decimal currencies (https://docs.stripe.com/currencies); ISK stays two-decimal.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** A decimal in major units as Stripe's integer amount for the currency, from its digits. */
export function stripeMinor(decimal: string, currency: string): number {
  const places = ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : THREE_DECIMAL.has(currency.toUpperCase()) ? 3 : 2;
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (match === null) throw new Error(`stripe double: "${decimal}" is not a decimal amount`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > places) throw new Error(`stripe double: ${decimal} ${currency} has more decimals than Stripe's ${places}`);
  return Number(`${sign}${whole}${fraction.padEnd(places, '0')}`);
}

/** Stripe's error answer: `{ error: { type, code, message, param } }`. */
export const error = (status: number, body: Json, headers: Record<string, string> = {}): ProviderReply => ({ status, headers: { 'request-id': 'req_double', ...headers }, body: { error: body } });
/** `resource_missing`, as Stripe answers an id it does not have. */
export const missing = (kind: string, id: string, param = 'id'): ProviderReply =>
  error(404, { code: 'resource_missing', doc_url: 'https://stripe.com/docs/error-codes/resource-missing', message: `No such ${kind}: '${id}'`, param, type: 'invalid_request_error' });
/** An `invalid_request_error` for a parameter Stripe refuses. */
export const invalid = (message: string, param?: string): ProviderReply => error(400, { message, ...(param === undefined ? {} : { param }), type: 'invalid_request_error' });

/** Reads `name[0]=a&name[1]=b` (stripe-node's encoding) and `name[]=a`. */
export function arrayParam(query: URLSearchParams, name: string): string[] {
  const values: [number, string][] = [];
  for (const [key, value] of query) {
    const m = /^(.+)\[(\d*)\]$/.exec(key);
    if (m?.[1] === name) values.push([m[2] === '' ? values.length : Number(m[2]), value]);
  }
  return values.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/**
 * A page of `rows` (any order) as Stripe lists them, newest first: `starting_after` goes
 * older, `ending_before` newer (the `limit` objects just after the cursor, still listed
 * newest first). `seqOf` finds the cursor object's place; an unknown one is `resource_missing`.
 */
export function listPage(rows: readonly Row[], seqOf: (id: string) => number | undefined, query: URLSearchParams, url: string, map: (o: Json) => Json): ProviderReply {
  const limitText = query.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid('This value must be greater than or equal to 1 and less than or equal to 100.', 'limit');
  const startingAfter = query.get('starting_after');
  const endingBefore = query.get('ending_before');
  if (startingAfter !== null && endingBefore !== null) return invalid('You may only specify one of these parameters: ending_before, starting_after.');
  const newestFirst = [...rows].sort((a, b) => b.seq - a.seq);
  const cursorId = startingAfter ?? endingBefore;
  let page: Row[];
  let hasMore: boolean;
  if (cursorId === null) {
    page = newestFirst.slice(0, limit);
    hasMore = newestFirst.length > limit;
  } else {
    const at = seqOf(cursorId);
    const kind = url.slice(4, -1);
    if (at === undefined) return missing(kind, cursorId, startingAfter === null ? 'ending_before' : 'starting_after');
    if (startingAfter !== null) {
      const older = newestFirst.filter((r) => r.seq < at);
      page = older.slice(0, limit);
      hasMore = older.length > limit;
    } else {
      const newer = newestFirst.filter((r) => r.seq > at);
      page = newer.slice(Math.max(0, newer.length - limit));
      hasMore = newer.length > limit;
    }
  }
  return { status: 200, headers: { 'request-id': 'req_double' }, body: { object: 'list', data: page.map((r) => map(r.object)), has_more: hasMore, url } };
}

