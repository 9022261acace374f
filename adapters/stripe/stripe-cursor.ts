import { z } from 'zod';
import { SourceError } from 'tickler/adapter';

/**
 * Where a pull of the Stripe source stands, kept by tickler as an opaque string.
 *
 * - `customers`, then `invoices`: the initial load lists every customer, then every
 *   invoice, newest first, `after` being the last id read (`starting_after`). `anchor` is
 *   the newest event that existed when the load began (null when there was none): the
 *   load ends by reading every event after it, so a change made while the load ran is
 *   seen even if the listing passed its object before the change.
 * - `events`: changes since event `after` (`ending_before`, which pages towards newer
 *   events); null when no event existed at the start of the load.
 *
 * The cursor holds no time: a pull that finds nothing new returns the very cursor it was
 * given, so tickler has nothing to write. Stripe keeps events 30 days; a cursor whose
 * event is gone (Stripe answers `resource_missing` for `ending_before`) starts a full
 * load again, since the events just after it may be gone too.
 */
export type StripeCursor =
  | { v: 1; phase: 'customers' | 'invoices'; after: string | null; anchor: string | null }
  | { v: 1; phase: 'events'; after: string | null };

const id = z.string().regex(/^[A-Za-z]+_[A-Za-z0-9]+$/).nullable();
const schema = z.discriminatedUnion('phase', [
  z.strictObject({ v: z.literal(1), phase: z.enum(['customers', 'invoices']), after: id, anchor: id }),
  z.strictObject({ v: z.literal(1), phase: z.literal('events'), after: id }),
]);

/** The cursor as tickler stores it. */
export function encodeStripeCursor(cursor: StripeCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor tickler stored; a SourceError (final) for a string this source did not make. */
export function decodeStripeCursor(text: string): StripeCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new SourceError(`The Stripe cursor "${text.slice(0, 80)}" is not one this source made.`, { retryable: false, cause });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new SourceError(`The Stripe cursor "${text.slice(0, 80)}" is not one this source made.`, { retryable: false, cause: result.error });
  return result.data;
}
