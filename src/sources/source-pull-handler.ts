import { retryDelay } from '../scheduler/backoff';
import type { JobHandler, JobResult } from '../scheduler/job-handler';
import type { Engine } from '../runtime/engine';
import { isSourceError } from './source-error';
import { pullSource } from './pull-source';
import { sourcesOf } from './source-runtime';

const done: JobResult = { outcome: 'done' };

/**
 * Runs a tenant's scheduled pull. The pull commits its own pages; the job then moves to
 * the next occurrence, or, after a retryable failure, to a retry after the provider's
 * Retry-After or a backoff; a pull that stopped at `maxPullMs` goes on at once. A final
 * failure (a refused request, credentials refused after a refresh) waits a whole interval.
 */
export function createSourcePullHandler(engine: Engine): JobHandler {
  return async (job, now) => {
    const runtime = sourcesOf(engine);
    const state = await engine.store.sourceStates.get(job.tenantId, job.refId);
    if (runtime.source(job.refId) === undefined) {
      // Not configured in this process: look again later, another process may have it.
      await engine.store.jobs.reschedule(job, new Date(now.getTime() + runtime.options.retryMaxMs));
      return { result: { outcome: 'stale' } };
    }
    let next: Date | null;
    try {
      const summary = await pullSource(engine, job.tenantId, job.refId, { maxMs: runtime.options.maxPullMs, state });
      const cutShort = summary.pages > 0 && summary.finishedAt.getTime() - summary.startedAt.getTime() >= runtime.options.maxPullMs;
      next = cutShort ? engine.clock.now() : (state?.everyMs ?? null) === null ? null : new Date(now.getTime() + (state?.everyMs ?? 0));
    } catch (error) {
      const retry = isSourceError(error) ? error.retryable : true;
      const wait = retryDelay(job.attempt, isSourceError(error) ? error.retryAfterMs : null, { baseMs: runtime.options.retryBaseMs, maxMs: runtime.options.retryMaxMs }, Math.random);
      engine.logger.warn({ source: job.refId, tenantId: job.tenantId, error: error instanceof Error ? error.message : String(error) }, 'source pull failed');
      next = retry ? new Date(engine.clock.now().getTime() + wait) : (state?.everyMs ?? null) === null ? null : new Date(now.getTime() + (state?.everyMs ?? 0));
    }
    const runAt = next;
    return {
      commit: async (ctx) => {
        if (runAt === null) await ctx.tx.jobs.complete(job);
        else await ctx.tx.jobs.reschedule(job, runAt);
        return done;
      },
    };
  };
}
