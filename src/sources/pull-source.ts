import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { SourcePullSummary, SourceRejection, SourceState } from '../model/source-state';
import { runCommand } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { ChangeApplier, applyOrder } from './apply-change';
import type { Source, SourceCallOptions, SourceChange, SourcePage } from './source';
import { sourceActor } from './source-actor';
import { isSourceError } from './source-error';
import { providerIdOf } from './source-ids';
import { sourcesOf } from './source-runtime';

const KEPT_REJECTIONS = 100;

/** A new tenant's state for a source. */
export function newSourceState(tenantId: string, source: string, now: Date): SourceState {
  return { tenantId, id: source, cursor: null, everyMs: null, pending: [], lastPull: null, createdAt: now, updatedAt: now, version: 0 };
}

/** Calls the source, refreshing its credentials once when the provider refused them. */
export async function callSource<T>(source: Source, call: (options: SourceCallOptions) => Promise<T>, engine: Engine): Promise<T> {
  const { timeoutMs } = sourcesOf(engine).options;
  try {
    return await call({ signal: AbortSignal.timeout(timeoutMs), now: engine.clock.now() });
  } catch (error) {
    if (!isSourceError(error) || !error.unauthorized || source.refreshCredentials === undefined) throw error;
    if ((await source.refreshCredentials()) === false) throw error;
    return call({ signal: AbortSignal.timeout(timeoutMs), now: engine.clock.now() });
  }
}

function checkPage(page: unknown, source: string): SourcePage {
  const p = page as Partial<SourcePage> | null;
  if (p === null || typeof p !== 'object' || !Array.isArray(p.changes) || typeof p.cursor !== 'string' || typeof p.more !== 'boolean') {
    throw new ValidationError([{ path: 'page', message: `Source "${source}" returned a page without changes, cursor and more; it breaks the Source contract.` }]);
  }
  return p as SourcePage;
}

/** Counts of what a run of changes did. */
export interface AppliedCounts {
  applied: number;
  unchanged: number;
  rejections: SourceRejection[];
}

/** Applies changes in order; each refused record is counted and kept, the rest go on. */
export async function applyChanges(applier: ChangeApplier, changes: readonly SourceChange[], into: AppliedCounts, concurrency = 1): Promise<void> {
  const record = (outcome: Awaited<ReturnType<ChangeApplier['apply']>>): void => {
    if (outcome === 'applied') into.applied += 1;
    else if (outcome === 'unchanged') into.unchanged += 1;
    else into.rejections.push(outcome);
  };
  // Kind by kind (customers before the invoices that name them); within a kind, the changes
  // of different records run side by side, and those of one record in order.
  for (const phase of phases(applyOrder(changes))) {
    const byRecord = new Map<string, SourceChange[]>();
    for (const change of phase) byRecord.set(recordKey(change), [...(byRecord.get(recordKey(change)) ?? []), change]);
    const lanes = [...byRecord.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < lanes.length) {
        const lane = lanes[next++] as SourceChange[];
        for (const change of lane) record(await applier.apply(change));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker));
  }
}

/** Runs of consecutive changes of one kind. */
function phases(changes: readonly SourceChange[]): SourceChange[][] {
  const out: SourceChange[][] = [];
  for (const change of changes) {
    const last = out.at(-1);
    if (last !== undefined && last[0]?.type === change.type) last.push(change);
    else out.push([change]);
  }
  return out;
}

/** The record a change touches: changes of one record are applied in order. */
function recordKey(change: SourceChange): string {
  const c = change as { id?: unknown; invoiceId?: unknown };
  return String(change.type === 'payment' || change.type === 'payment_failed' ? c.invoiceId : c.id);
}

/** The provider ids of the invoices among `changes`. */
export function invoiceIdsOf(changes: readonly SourceChange[]): string[] {
  return changes.filter((c) => c.type === 'invoice').map((c) => String(c.id));
}

/**
 * One pull of a tenant's changes from a source: re-reads the invoices webhooks named,
 * then reads pages from the committed cursor until the source has no more (or
 * `options.maxMs` is spent: scheduled pulls stop within their lease), applying each page's changes through the API's command paths
 * and committing the cursor only after its page, with the summary, audit entry and
 * events. A pull that found nothing writes nothing. Throws the provider's `SourceError`
 * when a call failed; what was committed before it stays.
 */
export async function pullSource(engine: Engine, tenantId: string, name: string, options: { maxMs?: number | undefined; state?: SourceState | null | undefined } = {}): Promise<SourcePullSummary> {
  const runtime = sourcesOf(engine);
  const source = runtime.source(name);
  if (source === undefined) throw new NotFoundError('source', name, { path: 'name' });
  const startedAt = engine.clock.now();
  const applier = new ChangeApplier(engine, tenantId, name);
  // The caller's read of the state, when it made one (the scheduled pull reads it for its interval).
  let state = (options.state === undefined ? await engine.store.sourceStates.get(tenantId, name) : options.state) ?? newSourceState(tenantId, name, startedAt);
  const counts: AppliedCounts = { applied: 0, unchanged: 0, rejections: [] };
  let pages = 0;
  let failure: Error | null = null;
  let reachedEnd = false;
  const pending = [...state.pending];
  const deadline = options.maxMs === undefined ? Infinity : startedAt.getTime() + options.maxMs;
  try {
    if (pending.length > 0 && source.readInvoices !== undefined) {
      const read = await callSource(source, (o) => (source.readInvoices as NonNullable<Source['readInvoices']>)({ tenantId, invoiceIds: pending }, o), engine);
      await applyChanges(applier, read.changes, counts);
      await applyDeleted(applier, read.deleted, counts);
      runtime.markRead(tenantId, name, pending, startedAt);
    }
    let cursor = state.cursor;
    for (;;) {
      const page = checkPage(await callSource(source, (o) => source.pull({ tenantId, cursor, limit: runtime.options.pageLimit }, o), engine), name);
      pages += 1;
      const before = counts.applied + counts.rejections.length;
      await applyChanges(applier, page.changes, counts, runtime.options.applyConcurrency);
      await applyDeleted(applier, page.deleted ?? [], counts);
      runtime.markRead(tenantId, name, invoiceIdsOf(page.changes), startedAt);
      const moved = page.cursor !== cursor;
      cursor = page.cursor;
      const last = !page.more || engine.clock.now().getTime() >= deadline;
      // Commit after a page that changed something, and at the end; pages that changed nothing
      // (a source re-reading a margin) are cheap to replay, so a pull with nothing new writes nothing.
      if (cursor !== state.cursor && (last || counts.applied + counts.rejections.length > before)) state = await saveState(engine, state, { cursor, pending: [] });
      if (!page.more) {
        reachedEnd = true;
        break;
      }
      if (last) break;
      if (!moved) throw new ConflictError(`Source "${name}" said more changes wait but returned the same cursor; it breaks the Source contract.`, { path: 'cursor' });
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  if (reachedEnd) runtime.markPulled(tenantId, name, startedAt);
  const summary: SourcePullSummary = {
    startedAt,
    finishedAt: engine.clock.now(),
    pages,
    applied: counts.applied,
    unchanged: counts.unchanged,
    rejected: counts.rejections.length,
    rejections: counts.rejections.slice(0, KEPT_REJECTIONS),
    error: failure === null ? null : failure.message,
  };
  // Something happened worth keeping: a change, a refusal, a failure, or the first pull (the state row is born).
  if (counts.applied > 0 || counts.rejections.length > 0 || failure !== null || state.version === 0 || state.pending.length > 0) {
    await recordPull(engine, state, summary, counts.rejections);
  }
  if (failure !== null) throw failure;
  return summary;
}

/** Ends the dunning of invoices the source says it no longer has. */
export async function applyDeleted(applier: ChangeApplier, providerIds: readonly string[], into: AppliedCounts): Promise<void> {
  for (const id of providerIds) {
    const outcome = await applier.deleted(id);
    if (outcome === 'applied') into.applied += 1;
    else if (outcome === 'unchanged') into.unchanged += 1;
    else into.rejections.push(outcome);
  }
}

/** Writes the state at its version (a concurrent pull of the same source makes this one stop). */
async function saveState(engine: Engine, state: SourceState, change: Partial<SourceState>): Promise<SourceState> {
  const now = engine.clock.now();
  const next: SourceState = { ...state, ...change, updatedAt: now, version: state.version + 1 };
  const ok = state.version === 0 ? await engine.store.sourceStates.insert({ ...next, createdAt: now }) : await engine.store.sourceStates.update(next, state.version);
  if (!ok) throw new ConflictError(`The state of "${state.id}" changed while this pull ran (another pull, or a webhook naming invoices); this one stopped after what it committed, and the next pull goes on from there.`, { path: 'name' });
  return state.version === 0 ? { ...next, createdAt: now } : next;
}

async function recordPull(engine: Engine, state: SourceState, summary: SourcePullSummary, rejections: readonly SourceRejection[]): Promise<void> {
  const actor = sourceActor(state.tenantId, state.id);
  await runCommand(engine, { tenantId: state.tenantId, ref: { userId: actor.userId, roles: [] } }, async (ctx) => {
    const current = (await ctx.tx.sourceStates.get(state.tenantId, state.id)) ?? null;
    const base = current ?? state;
    const next: SourceState = { ...base, pending: summary.error === null ? [] : base.pending, lastPull: summary, updatedAt: ctx.now, version: base.version + 1 };
    const ok = current === null ? await ctx.tx.sourceStates.insert({ ...next, createdAt: ctx.now }) : await ctx.tx.sourceStates.update(next, current.version);
    if (!ok) return;
    await ctx.audit({
      action: 'source.pulled',
      entityType: 'source',
      entityId: state.id,
      before: null,
      after: { pages: summary.pages, applied: summary.applied, unchanged: summary.unchanged, rejected: summary.rejected, error: summary.error },
      reason: summary.error,
    });
    ctx.emit('source.pulled', { source: state.id, summary });
    for (const rejection of rejections) ctx.emit('source.record_rejected', { source: state.id, rejection });
  });
}

/** The source and provider id of an invoice id tickler keeps for a source, if any. */
export function sourceOfInvoice(engine: Engine, invoiceId: string): { source: Source; providerId: string } | null {
  for (const source of sourcesOf(engine).all()) {
    const providerId = providerIdOf(source.name, invoiceId);
    if (providerId !== null) return { source, providerId };
  }
  return null;
}
