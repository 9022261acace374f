import { z } from 'zod';

/** Options of `createTickler({ sourceOptions })`. */
export interface SourceOptionsConfig {
  /** The page size asked of a source (a hint). Default 200. */
  pageLimit?: number | undefined;
  /**
   * How long one scheduled pull may run before it stops after its current page and lets
   * the next run go on at once from the committed cursor, in ms. Keep it under the
   * scheduler's lease. Default 20,000. (`sources.pull` runs to the end.)
   */
  maxPullMs?: number | undefined;
  /** How long one provider call may take before it is abandoned as a retryable failure, in ms. Default 30,000. */
  timeoutMs?: number | undefined;
  /**
   * How many records of a page are applied side by side (each in its own transaction;
   * one record's changes stay in order). More helps a database server with a pool of
   * connections; the memory store runs them one at a time anyway. Default 4.
   */
  applyConcurrency?: number | undefined;
  /** First retry delay of a failed scheduled pull in ms, doubling with jitter up to `retryMaxMs`. Default 30,000. */
  retryBaseMs?: number | undefined;
  /** Longest retry delay in ms. Default 3,600,000 (an hour). */
  retryMaxMs?: number | undefined;
  /**
   * How old what tickler knows of an invoice may be before a dunning message or connector
   * work about it runs, in ms: older, and a source with `readInvoices` re-reads it first,
   * so a payment made minutes ago at the source skips the message (`paid-at-source`).
   * What a pull or a re-read of this process saw counts as known from when it started.
   * 0 re-reads before every run. Default 60,000.
   */
  freshnessMs?: number | undefined;
}

/** {@link SourceOptionsConfig} with every default applied. */
export interface SourceOptions {
  pageLimit: number;
  maxPullMs: number;
  timeoutMs: number;
  applyConcurrency: number;
  retryBaseMs: number;
  retryMaxMs: number;
  freshnessMs: number;
}

const ms = (what: string) => z.number({ error: `${what} is a number of milliseconds.` }).int({ error: `${what} is a whole number of milliseconds.` }).min(0, { error: `${what} is not negative.` });

/** Validates {@link SourceOptionsConfig}. */
export const sourceOptionsSchema = z.strictObject({
  pageLimit: z.number().int().min(1, { error: 'pageLimit is at least 1.' }).max(10_000, { error: 'pageLimit is at most 10,000.' }).optional(),
  maxPullMs: ms('maxPullMs').min(1, { error: 'maxPullMs is at least 1 ms.' }).optional(),
  timeoutMs: ms('timeoutMs').min(1, { error: 'timeoutMs is at least 1 ms.' }).max(600_000, { error: 'timeoutMs is at most 600,000 (10 minutes).' }).optional(),
  applyConcurrency: z.number().int().min(1, { error: 'applyConcurrency is at least 1.' }).max(64, { error: 'applyConcurrency is at most 64.' }).optional(),
  retryBaseMs: ms('retryBaseMs').min(1, { error: 'retryBaseMs is at least 1 ms.' }).optional(),
  retryMaxMs: ms('retryMaxMs').min(1, { error: 'retryMaxMs is at least 1 ms.' }).optional(),
  freshnessMs: ms('freshnessMs').optional(),
});

/** Applies the defaults. */
export function sourceOptions(config: z.output<typeof sourceOptionsSchema> | undefined): SourceOptions {
  return {
    pageLimit: config?.pageLimit ?? 200,
    maxPullMs: config?.maxPullMs ?? 20_000,
    timeoutMs: config?.timeoutMs ?? 30_000,
    applyConcurrency: config?.applyConcurrency ?? 4,
    retryBaseMs: config?.retryBaseMs ?? 30_000,
    retryMaxMs: config?.retryMaxMs ?? 3_600_000,
    freshnessMs: config?.freshnessMs ?? 60_000,
  };
}
