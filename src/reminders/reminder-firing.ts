import { SCHEDULER_ACTOR } from '../access/actor';
import { ConflictError } from '../errors';
import type { Engine } from '../runtime/engine';
import type { CommandContext } from '../runtime/command';
import type { Reminder } from '../model/reminder';
import type { JobHandler, JobResult, PreparedJob } from '../scheduler/job-handler';
import { nextReminderOccurrence } from './reminder-recurrence';
import type { ReminderFiring, ReminderUpdate } from './reminder-repository';


/** Records a batch's firings in one statement, through `updateMany` where the store has no `recordFirings`. */
function recordFirings(ctx: CommandContext, items: { firing: ReminderFiring; update: ReminderUpdate }[]): Promise<boolean[]> {
  const record = ctx.tx.reminders.recordFirings?.bind(ctx.tx.reminders);
  return record !== undefined ? record(items.map((i) => i.firing)) : ctx.tx.reminders.updateMany(items.map((i) => i.update));
}

/**
 * Fires one reminder: emits `reminder.due` while the job's lease is held and awaits
 * its handlers, then (in the commit half) records the firing, moves a recurring reminder
 * to its next occurrence and completes or reschedules the job, only if the lease is
 * still ours. A process that dies before that commit leaves the job to be delivered
 * again after the lease expires (at least once, with the same delivery id).
 */
export function createReminderFireHandler(engine: Engine): JobHandler {
  return async (job, now, batch): Promise<PreparedJob> => {
    // One read for the whole batch (per tenant), shared by its jobs.
    const loaded = await batch.once(`reminders:${job.tenantId}`, async () => {
      const ids = batch.jobs.filter((j) => j.kind === job.kind && j.tenantId === job.tenantId).map((j) => j.refId);
      return new Map((await engine.store.reminders.getMany(job.tenantId, ids)).map((r) => [r.id, r]));
    });
    const reminder = loaded.get(job.refId) ?? null;
    if (reminder === null || reminder.status !== 'scheduled') {
      await engine.store.jobs.complete(job);
      return { result: { outcome: 'stale' } };
    }
    if (reminder.dueAt.getTime() > now.getTime()) {
      await engine.store.jobs.reschedule(job, reminder.dueAt);
      return { result: { outcome: 'stale' } };
    }
    const occurrence = reminder.dueAt;
    await engine.bus.emit('reminder.due', {
      tenantId: job.tenantId,
      actor: SCHEDULER_ACTOR,
      at: now,
      reminder,
      occurrence,
      delivery: { id: job.deliveryId, attempt: job.attempt },
    });
    const later = new Date(Math.max(occurrence.getTime(), now.getTime()));
    const fired = (current: Reminder, next: Date | null, at: Date): Reminder => ({
      ...current,
      lastFiredAt: now,
      fireCount: current.fireCount + 1,
      dueAt: next ?? current.dueAt,
      updatedAt: at,
      version: current.version + 1,
    });
    const audited = async (ctx: CommandContext, current: Reminder, after: Reminder, next: Date | null): Promise<JobResult> => {
      await ctx.audit({
        action: 'reminder.fired',
        entityType: 'reminder',
        entityId: current.id,
        before: current,
        after,
        reason: `due ${occurrence.toISOString()}; delivery ${job.deliveryId}, attempt ${job.attempt}`,
      });
      return { outcome: 'done', fired: { tenantId: job.tenantId, reminderId: current.id, occurrence, nextDueAt: next } };
    };
    // Records the firing on `current`, which must still be at its version.
    const record = async (ctx: CommandContext, current: Reminder, next: Date | null): Promise<JobResult> => {
      const after = fired(current, next, ctx.now);
      if (!(await ctx.tx.reminders.update(after, current.version))) throw new ConflictError('Reminder changed while firing.');
      return audited(ctx, current, after, next);
    };
    const plannedNext = nextReminderOccurrence(reminder, later);
    return {
      settle: {
        runAt: plannedNext,
        then: async (ctx, held): Promise<JobResult> => {
          if (!held) return { outcome: 'superseded' };
          const after = fired(reminder, plannedNext, ctx.now);
          // One statement for the whole batch's reminders, each conditional on its version.
          const firing: ReminderFiring = { tenantId: after.tenantId, id: after.id, expectedVersion: reminder.version, firedAt: after.lastFiredAt ?? now, updatedAt: after.updatedAt, dueAt: after.dueAt };
          const updated = await ctx.defer('reminders.recordFirings', { firing, update: { reminder: after, expectedVersion: reminder.version } }, (items) => recordFirings(ctx, items));
          if (updated) return audited(ctx, reminder, after, plannedNext);
          // Changed while the handlers ran without moving the job (a new note or rule): follow the new state.
          const current = await ctx.tx.reminders.get(job.tenantId, job.refId);
          if (current === null || current.status !== 'scheduled' || current.dueAt.getTime() !== occurrence.getTime()) return { outcome: 'done' };
          const next = nextReminderOccurrence(current, later);
          if ((next?.getTime() ?? null) !== (plannedNext?.getTime() ?? null)) {
            if (next === null) await ctx.tx.jobs.cancel(job.tenantId, job.id);
            else await ctx.tx.jobs.schedule({ tenantId: job.tenantId, id: job.id, kind: job.kind, refId: job.refId, runAt: next });
          }
          return record(ctx, current, next);
        },
      },
      // The fallback, when the batch's shared transaction failed: alone, from a fresh read.
      commit: async (ctx): Promise<JobResult> => {
        const current = await ctx.tx.reminders.get(job.tenantId, job.refId);
        const next = current === null || current.status !== 'scheduled' ? null : nextReminderOccurrence(current, later);
        const held = next === null ? await ctx.tx.jobs.complete(job) : await ctx.tx.jobs.reschedule(job, next);
        if (!held) return { outcome: 'superseded' };
        if (current === null || current.status !== 'scheduled' || current.dueAt.getTime() !== occurrence.getTime()) {
          return { outcome: 'done' }; // changed while handlers ran; the change already re-planned it
        }
        return record(ctx, current, next);
      },
    };
  };
}
