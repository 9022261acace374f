import type { ZohoAnswer, ZohoFetch } from './zoho-client';

/** The query of Get Records (`GET /crm/<version>/<module>`) the activity source sends. */
export interface ZohoRecordsQuery {
  /** The field API names to return (Zoho requires the list). */
  fields: string[];
  /** Records modified after this time, sent as `If-Modified-Since` (ISO 8601 with offset); null for every record. */
  modifiedSince: string | null;
  /** Page size, at most 200. */
  perPage: number;
  /** Page number, 1 to 10. */
  page: number;
  /** Zoho's `next_page_token`, to read past the first 2,000 records (then `page` is not sent). */
  pageToken: string | null;
}

/**
 * Get Records (https://www.zoho.com/crm/developer/docs/api/v6/get-records.html), sorted
 * by `Modified_Time` ascending, with `If-Modified-Since`: the one call the activity
 * source makes. The connector's REST client sends no request headers of its own, so
 * this one does the GET with its header. It never retries: tickler does, durably.
 */
export async function getZohoRecords(fetchFn: ZohoFetch, base: string, module: string, query: ZohoRecordsQuery, token: string, signal: AbortSignal): Promise<ZohoAnswer> {
  const params = new URLSearchParams({ fields: query.fields.join(','), sort_by: 'Modified_Time', sort_order: 'asc', per_page: String(query.perPage) });
  if (query.pageToken !== null) params.set('page_token', query.pageToken);
  else params.set('page', String(query.page));
  const headers: Record<string, string> = { authorization: `Zoho-oauthtoken ${token}` };
  if (query.modifiedSince !== null) headers['if-modified-since'] = query.modifiedSince;
  const response = await fetchFn(`${base}/${module}?${params.toString()}`, { method: 'GET', headers, signal });
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
