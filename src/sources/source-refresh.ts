import type { ConnectorCauseCheck } from '../connectors/connector-config';
import type { CauseCheck } from '../messaging/messaging-config';
import type { Invoice } from '../model/invoice';
import type { MessageCause } from '../model/message';
import type { Engine } from '../runtime/engine';
import { ChangeApplier } from './apply-change';
import { applyChanges, applyDeleted, callSource, sourceOfInvoice, type AppliedCounts } from './pull-source';
import type { Source } from './source';
import { SOURCES, type SourceRuntime } from './source-runtime';

// Re-reads asked for in the same turn of the event loop (the messages of one batch) go to the provider as one call.
const batches = new WeakMap<SourceRuntime, Map<string, { ids: Set<string>; done: Promise<void> }>>();

function coalesced(runtime: SourceRuntime, key: string, ids: readonly string[], read: (ids: string[]) => Promise<void>): Promise<void> {
  let open = batches.get(runtime);
  if (open === undefined) batches.set(runtime, (open = new Map<string, { ids: Set<string>; done: Promise<void> }>()));
  const current = open.get(key);
  if (current !== undefined) {
    for (const id of ids) current.ids.add(id);
    return current.done;
  }
  const batch = { ids: new Set(ids), done: Promise.resolve() };
  const map = open;
  batch.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    map.delete(key);
    return read([...batch.ids]);
  });
  map.set(key, batch);
  return batch.done;
}

/** Why a re-read ended an invoice's dunning: recorded as the skipped message's reason. */
export function atSourceReason(invoice: Invoice): 'paid-at-source' | 'closed-at-source' {
  return invoice.status === 'paid' ? 'paid-at-source' : 'closed-at-source';
}

/**
 * Re-reads from their sources the invoices among `invoiceIds` that this process has not
 * read within `freshnessMs` (sources with `readInvoices` only), applies what changed
 * through the API's command paths, and returns the invoices the re-read closed (paid,
 * voided, written off). A provider failure throws: the caller waits and tries again
 * rather than send on stale knowledge.
 */
export async function refreshAtSource(engine: Engine, tenantId: string, invoiceIds: readonly string[], now: Date): Promise<Invoice[]> {
  const runtime = engine.find(SOURCES);
  if (runtime === undefined || invoiceIds.length === 0) return [];
  const due = new Map<Source, string[]>();
  for (const id of invoiceIds) {
    const owner = sourceOfInvoice(engine, id);
    if (owner === null || owner.source.readInvoices === undefined) continue;
    if (runtime.knownSince(tenantId, owner.source.name, owner.providerId) >= now.getTime() - runtime.options.freshnessMs) continue;
    due.set(owner.source, [...(due.get(owner.source) ?? []), owner.providerId]);
  }
  if (due.size === 0) return [];
  const before = new Map((await engine.store.invoices.getMany(tenantId, invoiceIds)).map((i) => [i.id, i.status]));
  for (const [source, ids] of due) {
    await coalesced(runtime, `${tenantId}\u0000${source.name}`, ids, async (batch) => {
      const startedAt = engine.clock.now();
      const read = await callSource(source, (o) => (source.readInvoices as NonNullable<Source['readInvoices']>)({ tenantId, invoiceIds: batch }, o), engine);
      const applier = new ChangeApplier(engine, tenantId, source.name);
      const counts: AppliedCounts = { applied: 0, unchanged: 0, rejections: [] };
      await applyChanges(applier, read.changes, counts);
      await applyDeleted(applier, read.deleted, counts);
      runtime.markRead(tenantId, source.name, batch, startedAt);
      for (const r of counts.rejections) engine.logger.warn({ source: source.name, tenantId, record: r }, 'source record refused at a re-read');
    });
  }
  const after = await engine.store.invoices.getMany(tenantId, invoiceIds);
  return after.filter((i) => before.get(i.id) === 'open' && i.status !== 'open');
}

/** The invoices a dunning message or operation is about. */
function invoicesOf(cause: MessageCause, variables: Record<string, unknown> | null): string[] {
  if (cause.type === 'dunning-customer') return Array.isArray(variables?.invoiceIds) ? (variables.invoiceIds as unknown[]).filter((v): v is string => typeof v === 'string') : [];
  return [cause.id];
}

function saying(closed: readonly Invoice[]): string {
  return closed.map((i) => `Invoice ${i.number} is ${i.status === 'written_off' ? 'written off' : i.status} at its source (re-read before sending).`).join(' ');
}

/** A dunning cause check that first re-reads the message's invoices from their source. */
export function freshCauseCheck(engine: Engine, inner: CauseCheck): CauseCheck {
  return async (input) => {
    const closed = await refreshAtSource(engine, input.tenantId, invoicesOf(input.cause, input.message.variables), input.now);
    const verdict = await inner(input);
    if (verdict.send || closed.length === 0) return verdict;
    return { send: false, reason: closed.some((i) => i.status === 'paid') ? 'paid-at-source' : 'closed-at-source', detail: saying(closed) };
  };
}

/** A dunning connector cause check that first re-reads the operation's invoice from its source. */
export function freshConnectorCauseCheck(engine: Engine, inner: ConnectorCauseCheck): ConnectorCauseCheck {
  return async (input) => {
    const closed = await refreshAtSource(engine, input.tenantId, invoicesOf(input.cause, null), input.now);
    const verdict = await inner(input);
    if (verdict.run || closed.length === 0) return verdict;
    return { run: false, detail: saying(closed) };
  };
}
