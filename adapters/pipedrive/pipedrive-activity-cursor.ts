/**
 * Where a Pipedrive activity pull stands: Recents since `since` (ms), from offset `start`.
 * Kept as JSON in tickler's cursor.
 */
export interface PipedriveActivityCursor {
  /** Changes after this instant are read, in ms since the epoch. */
  since: number;
  /** The offset within the answer for `since`: 0 except while many changes share one second (see {@link nextCursor}). */
  start: number;
}

/** `YYYY-MM-DD HH:MM:SS`, the UTC time format of Pipedrive's API v1. */
export function pipedriveTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds of a Pipedrive UTC time (`YYYY-MM-DD HH:MM:SS`), or null when it is not one. */
export function parsePipedriveTime(value: string | null | undefined): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(value)) return null;
  const ms = Date.parse(`${value.slice(0, 10)}T${value.slice(11, 19)}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The cursor tickler stored, or the start of the first pull. A cursor that is not one of ours restarts at `initial`. */
export function readCursor(cursor: string | null, initial: number): PipedriveActivityCursor {
  if (cursor === null) return { since: initial, start: 0 };
  try {
    const parsed = JSON.parse(cursor) as Partial<PipedriveActivityCursor>;
    if (typeof parsed.since === 'number' && Number.isFinite(parsed.since) && Number.isInteger(parsed.start) && (parsed.start as number) >= 0) return { since: parsed.since, start: parsed.start as number };
  } catch {
    // Fall through: a cursor from another source or version reads everything again, which is safe.
  }
  return { since: initial, start: 0 };
}

/**
 * Where the next pull starts, after a page that ended on change time `last` (null when
 * the page was empty) and held `count` items.
 *
 * Recents lists changes oldest first, so every change not yet read is at or after
 * `last`, and a change made while paging gets a later time still: starting again at
 * `last - margin` (offset 0) skips nothing, and re-reads at most the margin. Only when
 * that would not move forward (a full page inside the margin, such as an import that
 * touched hundreds of persons in one second) does the cursor keep `since` and page on
 * by offset.
 */
export function nextCursor(current: PipedriveActivityCursor, page: { last: number | null; count: number; more: boolean }, marginMs: number): PipedriveActivityCursor {
  const since = page.last === null ? null : page.last - marginMs;
  if (since !== null && since > current.since) return { since, start: 0 };
  // No progress in time: page on by offset while more waits; once read to the end, the
  // next pull starts the window again from offset 0 (a re-read, never a skip).
  return page.more ? { since: current.since, start: current.start + page.count } : { since: current.since, start: 0 };
}
