/** Zoho lists at most this many records by page number; past it, only by `page_token`. */
const PAGE_NUMBER_LIMIT = 2000;

/** Where a Zoho activity pull stands. Kept as JSON in tickler's cursor. */
export interface ZohoActivityCursor {
  /** Records modified after this instant (ms since the epoch) are read; null reads every record. */
  since: number | null;
  /** The page within the answer for `since`: 1 except while many records share the margin (see {@link nextZohoCursor}). */
  page: number;
  /** The page size the pages of this `since` are read with. */
  perPage: number;
  /** Zoho's `next_page_token`, to read past the first 2,000 records; null otherwise. */
  pageToken: string | null;
}

/** An instant as `If-Modified-Since` takes it: ISO 8601 with its offset, `2026-11-01T00:00:05+00:00`. */
export function zohoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** The cursor tickler stored, or the start of the first pull. A cursor that is not one of ours reads again from `initial`. */
export function readZohoCursor(cursor: string | null, initial: number | null, perPage: number): ZohoActivityCursor {
  const start = { since: initial, page: 1, perPage, pageToken: null };
  if (cursor === null) return start;
  try {
    const c = JSON.parse(cursor) as Partial<ZohoActivityCursor>;
    const since = c.since === null || (typeof c.since === 'number' && Number.isFinite(c.since)) ? c.since : undefined;
    if (since !== undefined && Number.isInteger(c.page) && (c.page as number) >= 1 && Number.isInteger(c.perPage) && (c.pageToken === null || typeof c.pageToken === 'string')) {
      // A new page size starts a new window; within one, keep the size the pages were cut by.
      return c.page === 1 ? { since, page: 1, perPage, pageToken: null } : { since, page: c.page as number, perPage: c.perPage as number, pageToken: c.pageToken ?? null };
    }
  } catch {
    // Fall through: read again from the start, which is safe.
  }
  return start;
}

/**
 * Where the next pull starts, after a page sorted by `Modified_Time` ascending whose
 * last record was modified at `last` (null when the page was empty).
 *
 * Every record not read yet was modified at or after `last`, and a record modified
 * while paging moves later still: starting again at `last - margin` from page 1 skips
 * nothing. Only when that does not move forward (a full page inside the margin) does
 * the cursor keep `since` and take the next page, by `page_token` past 2,000 records.
 */
export function nextZohoCursor(current: ZohoActivityCursor, page: { last: number | null; more: boolean; nextPageToken: string | null }, marginMs: number): ZohoActivityCursor {
  const since = page.last === null ? null : page.last - marginMs;
  if (since !== null && (current.since === null || since > current.since)) return { since, page: 1, perPage: current.perPage, pageToken: null };
  if (!page.more) return { ...current, page: 1, pageToken: null };
  const next = current.page + 1;
  const pageToken = next * current.perPage > PAGE_NUMBER_LIMIT ? page.nextPageToken : null;
  return { ...current, page: next, pageToken };
}
