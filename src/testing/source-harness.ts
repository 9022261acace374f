import type { Invoice } from '../model/invoice';
import type { SourcePullSummary } from '../model/source-state';
import { MemoryChannel } from '../messaging/channels/memory-channel';
import type { Source } from '../sources/source';
import type { SourceStateRepository } from '../sources/source-state-repository';
import { MemoryStore } from '../storage/memory/memory-store';
import type { Store, StoreSession } from '../storage/store';
import { createTickler, type Tickler, type TicklerScope } from '../tickler';
import { FakeClock } from '../time/fake-clock';

/** The tenant the source contract works in. */
export const CONTRACT_TENANT = 'contract';
const START = '2026-11-23T08:00:00Z';

/** One contract case's engine: memory store (which can be made to crash at the cursor commit), fake clock, an email channel. */
export interface SourceHarness {
  tickler: Tickler;
  clock: FakeClock;
  admin: TicklerScope;
  email: MemoryChannel;
  /** Makes the next `n` cursor commits fail, as a process dying between applying a page and committing its cursor. */
  crashAtCursorCommit(n?: number): void;
  /** Pulls as the admin and returns the summary. */
  pull(): Promise<SourcePullSummary>;
  /** The tenant's invoice kept for a provider id, or null. */
  invoice(providerId: string): Promise<Invoice | null>;
  /** How many audit entries the tenant has. */
  auditCount(): Promise<number>;
}

// A store whose source-state writes can be made to fail, everywhere a session reaches them.
function crashable(inner: MemoryStore, crashes: { left: number }): Store {
  const guard = (states: SourceStateRepository): SourceStateRepository => ({
    ...states,
    get: (t, id) => states.get(t, id),
    getMany: (t, ids) => states.getMany(t, ids),
    list: (t) => states.list(t),
    insert: async (s) => {
      if (s.cursor !== null && crashes.left > 0) {
        crashes.left -= 1;
        throw new Error('The process died before the cursor was committed.');
      }
      return states.insert(s);
    },
    update: async (s, v) => {
      if (crashes.left > 0) {
        crashes.left -= 1;
        throw new Error('The process died before the cursor was committed.');
      }
      return states.update(s, v);
    },
  });
  const session = (s: StoreSession): StoreSession => new Proxy(s, { get: (target, key) => (key === 'sourceStates' ? guard(target.sourceStates) : (Reflect.get(target, key, target) as unknown)) });
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'sourceStates') return guard(target.sourceStates);
      if (key === 'transaction') return <T>(fn: (tx: StoreSession) => Promise<T>) => target.transaction((tx) => fn(session(tx)));
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A policy with one email reminder the day after the due date: enough to see dunning start and end. */
export const CONTRACT_POLICY = { id: 'contract', name: 'Contract', mode: 'automatic' as const, steps: [{ id: 'late', offset: 'P1D', actions: [{ type: 'message' as const, channels: ['email'], template: 'contract-reminder' }] }] };

/** Builds the engine of one case around `source`. */
export async function sourceHarness(source: Source, options: { freshnessMs?: number } = {}): Promise<SourceHarness> {
  const clock = new FakeClock(START);
  const crashes = { left: 0 };
  const email = new MemoryChannel({ name: 'email', kind: 'email' });
  const tickler = createTickler({
    store: crashable(new MemoryStore(), crashes),
    clock,
    sources: [source],
    channels: [email],
    templates: [{ id: 'contract-reminder', variables: ['invoice', 'level', 'step'], locales: { en: { email: { subject: 'Invoice {{ invoice.number }}', text: '{{ invoice.remainingMinor | money: invoice.currency }} remains.' } } } }],
    sourceOptions: { timeoutMs: 10_000, retryBaseMs: 1_000, retryMaxMs: 60_000, freshnessMs: options.freshnessMs ?? 60_000, pageLimit: 2 },
  });
  const admin = tickler.as({ tenantId: CONTRACT_TENANT, userId: 'u-admin', roles: ['admin'] });
  await admin.dunning.definePolicy(CONTRACT_POLICY);
  await admin.dunning.setDefault(CONTRACT_POLICY.id);
  return {
    tickler,
    clock,
    admin,
    email,
    crashAtCursorCommit: (n = 1) => {
      crashes.left = n;
    },
    pull: () => admin.sources.pull(source.name),
    invoice: async (providerId) => tickler.store.invoices.get(CONTRACT_TENANT, `${source.name}:${providerId}`),
    auditCount: async () => (await tickler.store.audit.list(CONTRACT_TENANT, { limit: 1000 })).length,
  };
}
