/** A record of a pull that a source yielded and tickler refused, kept with the pull that saw it. */
export interface SourceRejection {
  /** The change's kind (`invoice`, `customer`, …). */
  type: string;
  /** The provider's id of the record. */
  id: string;
  /** The code of the error that refused it (`VALIDATION_FAILED`, `NOT_FOUND`, `CONFLICT`). */
  code: string;
  /** The field at fault, such as `amount`. */
  path: string | null;
  /** A sentence a person can act on. */
  message: string;
}

/** What one pull did. */
export interface SourcePullSummary {
  /** When it started. */
  startedAt: Date;
  /** When it ended. */
  finishedAt: Date;
  /** Pages read. */
  pages: number;
  /** Changes that changed something. */
  applied: number;
  /** Changes that were already known (a replay, an unchanged record). */
  unchanged: number;
  /** Records refused (at most the first 100 are kept in `rejections`). */
  rejected: number;
  /** The first refused records, with why. */
  rejections: SourceRejection[];
  /** The provider's failure that stopped the pull, or null when it reached the end. */
  error: string | null;
}

/**
 * Where a tenant's pulls from one source stand: its cursor (committed only after the
 * page it ends was applied), its schedule, invoices a webhook asked to re-read, and what
 * the last pull did.
 */
export interface SourceState {
  /** The tenant. */
  tenantId: string;
  /** The source's name. */
  id: string;
  /** Where the next pull starts, as the source returned it; null before the first page. */
  cursor: string | null;
  /** Pull every this many ms (a stored timer row), or null when pulls run only when asked. */
  everyMs: number | null;
  /** Provider ids of invoices to re-read at the next pull (named by webhooks). */
  pending: string[];
  /** What the last pull did, or null before the first. */
  lastPull: SourcePullSummary | null;
  /** When the state was made. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** Incremented by every change; stores use it for conditional updates. */
  version: number;
}
