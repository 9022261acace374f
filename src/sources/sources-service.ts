import { Duration } from 'luxon';
import { z } from 'zod';
import type { Actor } from '../access/actor';
import { ValidationError } from '../errors';
import type { SourceState } from '../model/source-state';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import type { Source } from './source';
import { newSourceState, pullSource } from './pull-source';
import { SOURCE_PULL_JOB, sourceJobId } from './source-ids';
import { sourcesOf } from './source-runtime';
import type { SourcesApi } from './sources-api';

const nameSchema = z.string({ error: 'name is the source name as text.' }).trim().min(1, { error: 'name is empty.' });
const MAX_PENDING = 1000;

function everyMs(input: unknown): number {
  const { every } = parseInput(z.strictObject({ every: z.union([z.string(), z.number()], { error: 'every is an ISO 8601 duration such as PT15M, or milliseconds.' }) }), input, 'schedule');
  const ms = typeof every === 'number' ? every : Duration.fromISO(every).as('milliseconds');
  if (!Number.isFinite(ms) || !Number.isInteger(Math.round(ms))) throw ValidationError.field('schedule.every', `${String(every)} is not an ISO 8601 duration such as PT15M, or milliseconds.`);
  if (ms < 60_000) throw ValidationError.field('schedule.every', 'Pull at most once a minute (every is at least PT1M, 60,000 ms): providers limit their APIs, and webhooks cover what cannot wait.');
  return Math.round(ms);
}

/** The sources API of one actor. */
export function createSourcesApi(engine: Engine, actor: Actor): SourcesApi {
  const sourceNamed = (name: unknown): Source => {
    const n = parseInput(nameSchema, name, 'name');
    const source = sourcesOf(engine).source(n);
    if (source === undefined) {
      const known = sourcesOf(engine).all().map((s) => s.name).join(', ') || 'none';
      throw ValidationError.field('name', `No source named "${n}" is configured (configured: ${known}); pass it in createTickler({ sources }).`);
    }
    return source;
  };
  // Changes the tenant's state for a source in one command, making it on first use.
  const change = (source: Source, fn: (ctx: CommandContext, state: SourceState) => Promise<SourceState>) =>
    runCommand(engine, { actor }, async (ctx) => {
      await ctx.authorize('source.manage', { type: 'source', id: source.name });
      const current = await ctx.tx.sourceStates.get(ctx.tenantId, source.name);
      const next = await fn(ctx, current ?? newSourceState(ctx.tenantId, source.name, ctx.now));
      const saved = { ...next, updatedAt: ctx.now, version: (current?.version ?? 0) + 1 };
      const ok = current === null ? await ctx.tx.sourceStates.insert(saved) : await ctx.tx.sourceStates.update(saved, current.version);
      if (!ok) throw new ValidationError([{ path: 'name', message: `The state of "${source.name}" changed meanwhile; try again.` }]);
      await ctx.audit({ action: 'source.configured', entityType: 'source', entityId: source.name, before: current === null ? null : { everyMs: current.everyMs, cursor: current.cursor }, after: { everyMs: saved.everyMs, cursor: saved.cursor }, reason: null });
      return saved;
    });

  return {
    async pull(name) {
      const source = sourceNamed(name);
      await runRead(engine, actor, (ctx) => ctx.authorize('source.pull', { type: 'source', id: source.name }));
      return pullSource(engine, actor.tenantId, source.name);
    },
    async schedule(name, schedule) {
      const source = sourceNamed(name);
      const ms = everyMs(schedule);
      return change(source, async (ctx, state) => {
        await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: sourceJobId(source.name), kind: SOURCE_PULL_JOB, refId: source.name, runAt: ctx.now });
        return { ...state, everyMs: ms };
      });
    },
    async unschedule(name) {
      const source = sourceNamed(name);
      return change(source, async (ctx, state) => {
        await ctx.tx.jobs.cancel(ctx.tenantId, sourceJobId(source.name));
        return { ...state, everyMs: null };
      });
    },
    async resync(name) {
      const source = sourceNamed(name);
      return change(source, async (_ctx, state) => ({ ...state, cursor: null }));
    },
    async status(name) {
      const source = sourceNamed(name);
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('source.read', { type: 'source', id: source.name });
        return ctx.tx.sourceStates.get(ctx.tenantId, source.name);
      });
    },
    async list() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('source.read', { type: 'source' });
        return ctx.tx.sourceStates.list(ctx.tenantId);
      });
    },
    async handleWebhook(name, request) {
      const source = sourceNamed(name);
      if (source.webhooks === undefined) throw ValidationError.field('name', `Source "${source.name}" has no webhooks; schedule its pulls instead.`);
      // Verified before anything is written: a refusal throws here and changes nothing.
      const reading = await source.webhooks.read(request, { now: engine.clock.now() });
      if (reading.invoiceIds.length > 0 || reading.pull) {
        await runCommand(engine, { actor }, async (ctx) => {
          await ctx.authorize('source.pull', { type: 'source', id: source.name });
          const current = await ctx.tx.sourceStates.get(ctx.tenantId, source.name);
          const state = current ?? newSourceState(ctx.tenantId, source.name, ctx.now);
          const pending = [...new Set([...state.pending, ...reading.invoiceIds.map(String)])].slice(-MAX_PENDING);
          const saved: SourceState = { ...state, pending, updatedAt: ctx.now, version: state.version + 1 };
          const ok = current === null ? await ctx.tx.sourceStates.insert(saved) : await ctx.tx.sourceStates.update(saved, current.version);
          if (!ok) throw new ValidationError([{ path: 'name', message: `The state of "${source.name}" changed meanwhile; the provider will deliver the webhook again.` }]);
          await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: sourceJobId(source.name), kind: SOURCE_PULL_JOB, refId: source.name, runAt: ctx.now });
          await ctx.audit({ action: 'source.webhook_received', entityType: 'source', entityId: source.name, before: null, after: { invoiceIds: reading.invoiceIds, pull: reading.pull }, reason: null });
        });
      }
      return reading.response === null ? { status: 200, headers: {}, body: '' } : { ...reading.response, headers: { ...reading.response.headers } };
    },
  };
}
