import { SourceError } from 'tickler/adapter';

/** The entities a load reads, in this order (customers before the invoices that name them). */
export const LOAD_ENTITIES = ['Customer', 'Invoice'] as const;

/** One of {@link LOAD_ENTITIES}. */
export type LoadEntity = (typeof LOAD_ENTITIES)[number];

/**
 * Reading every record with the query endpoint, page by page: the initial load, a full
 * reload once the CDC window (30 days) was missed, or a catch-up after a CDC answer hit
 * its 1,000-object cap (then only records changed since `from`).
 */
export interface LoadCursor {
  phase: 'load';
  entity: LoadEntity;
  /** The query's `STARTPOSITION` (1-based). */
  position: number;
  /** Only records with `MetaData.LastUpdatedTime` at or after this instant; null for all. */
  from: string | null;
  /** Where CDC starts once the load is done: QuickBooks' time at its first page, minus the margin. Null before the first page. */
  next: string | null;
}

/** Polling Change Data Capture since an instant (QuickBooks' own clock). */
export interface CdcCursor {
  phase: 'cdc';
  /** The `changedSince` of the next CDC request. */
  since: string;
}

/** The source's cursor: its JSON text is what tickler stores. */
export type QuickBooksCursor = LoadCursor | CdcCursor;

/** The first page of a full load. */
export const fullLoad = (): LoadCursor => ({ phase: 'load', entity: 'Customer', position: 1, from: null, next: null });

/** The cursor as tickler stores it. */
export function encodeCursor(cursor: QuickBooksCursor): string {
  return JSON.stringify({ v: 1, ...cursor });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const instant = (value: unknown): value is string => typeof value === 'string' && INSTANT.test(value);

/** Reads a stored cursor; null starts a full load. A cursor this source did not write is refused, not guessed at. */
export function decodeCursor(text: string | null): QuickBooksCursor {
  if (text === null) return fullLoad();
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new SourceError(`The QuickBooks cursor is not one this source wrote: ${text.slice(0, 80)}`, { retryable: false, cause });
  }
  if (value.v === 1 && value.phase === 'cdc' && instant(value.since)) return { phase: 'cdc', since: value.since };
  if (
    value.v === 1 &&
    value.phase === 'load' &&
    LOAD_ENTITIES.includes(value.entity as LoadEntity) &&
    Number.isInteger(value.position) &&
    (value.position as number) >= 1 &&
    (value.from === null || instant(value.from)) &&
    (value.next === null || instant(value.next))
  ) {
    return { phase: 'load', entity: value.entity as LoadEntity, position: value.position as number, from: value.from, next: value.next };
  }
  throw new SourceError(`The QuickBooks cursor is not one this source wrote: ${text.slice(0, 80)}`, { retryable: false });
}

/** `instant - ms`, as a UTC ISO string (QuickBooks takes any offset in `changedSince` and in queries). */
export function minus(instantText: string, ms: number): string {
  return new Date(Date.parse(instantText) - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The later of two instants. */
export function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
