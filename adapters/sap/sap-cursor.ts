import type { ODataContinuation } from './sap-client';

/**
 * Where one sweep over an entity set stands. A sweep reads every row changed at or after
 * `since` (SAP wall time; null on the first pull: everything), page by page; `next` is where
 * its next page starts, and `high` the latest change time it has seen. When a sweep ends,
 * the next one starts at `high` less the margin.
 */
export interface SapSweep {
  since: string | null;
  next: ODataContinuation | null;
  high: string | null;
}

/** The cursor tickler stores: the business partner sweep, then the receivables sweep. */
export interface SapCursor {
  v: 1;
  customers: SapSweep;
  items: SapSweep;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

const instantOrNull = (value: unknown): string | null => (typeof value === 'string' && INSTANT.test(value) ? value : null);

function continuation(value: unknown): ODataContinuation | null {
  const v = value as { $skiptoken?: unknown; $skip?: unknown } | null | undefined;
  if (typeof v?.$skiptoken === 'string' && v.$skiptoken !== '') return { $skiptoken: v.$skiptoken };
  if (typeof v?.$skip === 'number' && Number.isInteger(v.$skip) && v.$skip > 0) return { $skip: v.$skip };
  return null;
}

const sweep = (value: unknown): SapSweep => {
  const v = value as Partial<Record<keyof SapSweep, unknown>> | null | undefined;
  return { since: instantOrNull(v?.since), next: continuation(v?.next), high: instantOrNull(v?.high) };
};

/** The first pull's cursor: both sweeps from the beginning. */
export const INITIAL_CURSOR: SapCursor = { v: 1, customers: { since: null, next: null, high: null }, items: { since: null, next: null, high: null } };

/** Reads a stored cursor; an unreadable one (another source's, a hand edit) starts over, which only repeats changes. */
export function readSapCursor(text: string | null): SapCursor {
  if (text === null) return INITIAL_CURSOR;
  try {
    const parsed = JSON.parse(text) as { v?: unknown; customers?: unknown; items?: unknown };
    if (parsed.v !== 1) return INITIAL_CURSOR;
    return { v: 1, customers: sweep(parsed.customers), items: sweep(parsed.items) };
  } catch {
    return INITIAL_CURSOR;
  }
}

/** The cursor as tickler stores it. */
export function writeSapCursor(cursor: SapCursor): string {
  return JSON.stringify(cursor);
}
