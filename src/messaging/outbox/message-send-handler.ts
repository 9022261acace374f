import { ConflictError } from '../../errors';
import type { Message } from '../../model/message';
import type { CommandContext } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import type { ClaimedJob } from '../../scheduler/job-repository';
import type { JobHandler, JobResult, PreparedJob } from '../../scheduler/job-handler';
import type { MessageFailure } from '../../events/event-map';
import { isChannelError } from '../channels/channel-error';
import type { OutboundMessage } from '../channels/channel';
import { queueFallback } from './fallback';
import { markFailed, markSending, markSent, markSkipped, markWaiting, retryDelayMs } from './message-transitions';
import { decideSend, type SendDecision } from './send-checks';
import { messagingOf } from '../messaging-runtime';

const sent: JobResult = { outcome: 'done', message: 'sent' };
const failed: JobResult = { outcome: 'done', message: 'failed' };
const skipped: JobResult = { outcome: 'done', message: 'skipped' };
const superseded: JobResult = { outcome: 'superseded' };

/** Records `after` if the message is still at `before`'s version; false when it moved on. */
async function save(ctx: CommandContext, before: Message, after: Message): Promise<boolean> {
  return ctx.tx.messages.update(after, before.version);
}

/** What {@link failMessage} recorded: the failed message and its fallback, or null for both when the message had moved on. */
export interface RecordedFailure {
  /** The job's result. */
  result: JobResult;
  /** The message as failed; null when it changed concurrently (nothing was written). */
  after: Message | null;
  /** The message queued on the fallback channel, if any. */
  fallback: Message | null;
}

/** Records a final failure and queues the fallback; completes `job` unless it was settled already (null). */
export async function failMessage(ctx: CommandContext, job: ClaimedJob | null, before: Message, reason: string, failure: MessageFailure): Promise<RecordedFailure> {
  let after = markFailed(before, reason, failure.message, ctx.now);
  if (!(await save(ctx, before, after))) return { result: superseded, after: null, fallback: null };
  const fallback = await queueFallback(ctx, after);
  if (typeof fallback === 'string') {
    const noted = { ...after, detail: `${after.detail ?? ''} ${fallback}`.trim(), version: after.version + 1 };
    if (await save(ctx, after, noted)) after = noted;
  }
  if (job !== null) await ctx.tx.jobs.complete(job);
  const fallbackMessage = fallback !== null && typeof fallback !== 'string' ? fallback : null;
  const via = fallbackMessage === null ? '' : `; fallback ${fallbackMessage.channel} message ${fallbackMessage.id}`;
  await ctx.audit({ action: 'message.failed', entityType: 'message', entityId: before.id, before, after, reason: `${reason}: ${failure.message}${via}` });
  ctx.emit('message.failed', { message: after, failure, fallback: fallbackMessage });
  return { result: failed, after, fallback: fallbackMessage };
}

async function fail(ctx: CommandContext, job: ClaimedJob | null, before: Message, reason: string, failure: MessageFailure): Promise<JobResult> {
  return (await failMessage(ctx, job, before, reason, failure)).result;
}

/** The commit of a decision that needs no provider call. */
function commitDecision(job: ClaimedJob, message: Message, decision: Exclude<SendDecision, { type: 'send' }>): PreparedJob {
  return {
    commit: async (ctx) => {
      if (decision.type === 'wait') {
        if (!(await save(ctx, message, markWaiting(message, decision.until, decision.reason, decision.detail, ctx.now)))) return superseded;
        await ctx.tx.jobs.reschedule(job, decision.until);
        return { outcome: 'stale' };
      }
      if (decision.type === 'fail') return fail(ctx, job, message, decision.reason, { message: decision.detail, retryable: false, status: null, providerCode: null });
      const after = markSkipped(message, decision.reason, decision.detail, ctx.now);
      if (!(await save(ctx, message, after))) return superseded;
      await ctx.tx.jobs.complete(job);
      await ctx.audit({ action: 'message.skipped', entityType: 'message', entityId: message.id, before: message, after, reason: `${decision.reason}${decision.detail === null ? '' : `: ${decision.detail}`}` });
      ctx.emit('message.skipped', { message: after, reason: decision.reason });
      return skipped;
    },
  };
}

function outbound(message: Message, decision: Extract<SendDecision, { type: 'send' }>): OutboundMessage {
  const { content } = decision;
  return {
    id: message.id,
    tenantId: message.tenantId,
    channel: message.channel,
    kind: message.kind,
    to: message.to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    providerTemplate: content.providerTemplate,
    replyTo: content.replyTo,
    categories: content.categories,
    customerId: message.customerId,
    cause: message.cause,
    variables: message.variables,
  };
}

/**
 * Sends one due message. Checks first (channel, consent, cause, windows, WhatsApp
 * session); then records `sending` before calling the provider, so a crash mid-call is
 * visible and the next attempt reuses the idempotency key; then records the outcome:
 * sent, a retry (Retry-After or backoff), or a final failure with its fallback.
 */
export function createMessageSendHandler(engine: Engine): JobHandler {
  const runtime = messagingOf(engine);
  return async (job, now, batch): Promise<PreparedJob> => {
    const loaded = await batch.once(`messages:${job.tenantId}`, async () => {
      const ids = batch.jobs.filter((j) => j.kind === job.kind && j.tenantId === job.tenantId).map((j) => j.refId);
      return new Map((await engine.store.messages.getMany(job.tenantId, ids)).map((m) => [m.id, m]));
    });
    const message = loaded.get(job.refId) ?? null;
    if (message === null || (message.state !== 'queued' && message.state !== 'sending')) {
      await engine.store.jobs.complete(job);
      return { result: { outcome: 'stale' } };
    }
    if (message.notBefore.getTime() > now.getTime()) {
      await engine.store.jobs.reschedule(job, message.notBefore);
      return { result: { outcome: 'stale' } };
    }
    const decision = await decideSend(engine, message, now, batch);
    if (decision.type !== 'send') return commitDecision(job, message, decision);

    const sending = markSending(message, now);
    if (!(await engine.store.messages.update(sending, message.version))) {
      // Changed since it was read (cancelled, or taken by another worker): look again soon.
      await engine.store.jobs.release(job, now);
      return { result: superseded };
    }
    let outcome: { ok: true; id: string } | { ok: false; error: unknown };
    try {
      const signal = AbortSignal.timeout(runtime.options.sendTimeoutMs);
      const result = await decision.channel.send(outbound(sending, decision), { idempotencyKey: message.idempotencyKey, signal });
      outcome = { ok: true, id: result.providerMessageId };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // What the provider said decides the row's next run; the writes are the same in the
    // batch's shared transaction (the job settled in bulk first) and alone (settled here).
    const error = outcome.ok ? null : outcome.error;
    const known = isChannelError(error);
    const failure: MessageFailure | null = outcome.ok
      ? null
      : {
          message: error instanceof Error ? error.message : String(error),
          retryable: known ? error.retryable : true,
          status: known ? error.status : null,
          providerCode: known ? error.providerCode : null,
        };
    const retry = failure !== null && failure.retryable && sending.attempts < sending.maxAttempts;
    const until = retry ? new Date(now.getTime() + retryDelayMs(sending.attempts, known ? error.retryAfterMs : null, { baseMs: runtime.options.retryBaseMs, maxMs: runtime.options.retryMaxMs }, Math.random)) : null;
    const record = async (ctx: CommandContext, current: Message, settleJob: boolean): Promise<JobResult> => {
      if (outcome.ok) {
        const after = markSent(current, outcome.id, ctx.now);
        if (!(await save(ctx, current, after))) throw new ConflictError('Message changed while it was recorded as sent.');
        if (settleJob) await ctx.tx.jobs.complete(job);
        await ctx.audit({ action: 'message.sent', entityType: 'message', entityId: current.id, before: current, after, reason: `${current.channel} accepted it as ${outcome.id} (attempt ${current.attempts})` });
        ctx.emit('message.sent', { message: after });
        return sent;
      }
      const f = failure as MessageFailure;
      if (!f.retryable) return fail(ctx, settleJob ? job : null, current, 'provider-rejected', f);
      if (until === null) return fail(ctx, settleJob ? job : null, current, 'attempts-exhausted', { ...f, message: `${f.message} (after ${current.attempts} attempts)` });
      if (!(await save(ctx, current, markWaiting(current, until, 'retrying', `Attempt ${current.attempts} failed: ${f.message}`, ctx.now)))) return superseded;
      if (settleJob) await ctx.tx.jobs.reschedule(job, until);
      return { outcome: 'done', message: 'retrying' };
    };
    return {
      settle: {
        runAt: until,
        then: async (ctx, held) => (held ? record(ctx, sending, false) : superseded),
      },
      commit: async (ctx) => {
        const current = await ctx.tx.messages.get(job.tenantId, message.id);
        if (current === null || current.version !== sending.version) return superseded;
        return record(ctx, current, true);
      },
    };
  };
}
