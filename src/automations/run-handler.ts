import type { Engine } from '../runtime/engine';
import type { JobHandler, PreparedJob } from '../scheduler/job-handler';
import { commitRun, prepareRun } from './execute-run';

/** Runs automation runs whose wait ended: `prepareRun` outside the transaction, `commitRun` in the batch's. */
export function createAutomationRunHandler(engine: Engine): JobHandler {
  return async (job, now): Promise<PreparedJob> => {
    const run = await engine.store.automationRuns.get(job.tenantId, job.refId);
    if (run === null || run.status !== 'waiting') {
      await engine.store.jobs.complete(job);
      return { result: { outcome: 'stale' } };
    }
    if (run.runAt.getTime() > now.getTime()) {
      await engine.store.jobs.reschedule(job, run.runAt);
      return { result: { outcome: 'stale' } };
    }
    const prepared = await prepareRun(engine, run, job.attempt);
    const then = async (ctx: Parameters<typeof commitRun>[0], held: boolean) => {
      if (!held) return { outcome: 'superseded' as const };
      return { outcome: (await commitRun(ctx, run.id, prepared)) === null ? ('stale' as const) : ('done' as const) };
    };
    return {
      settle: { runAt: null, then },
      commit: async (ctx) => then(ctx, await ctx.tx.jobs.complete(job)),
    };
  };
}
