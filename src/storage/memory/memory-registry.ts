import type { AuditEntry } from '../../audit/audit-entry';
import type { Store } from '../store';
import { freezeAuditEntry, readAuditEntry } from './clone';
import type { MemoryState } from './memory-state';

// The state of each MemoryStore, reachable only through this module: MemoryStore keeps
// its state private, and the test helper below is the one way in from outside.
const states = new WeakMap<object, MemoryState>();

/** Records a store's state. Called once, by the MemoryStore constructor. */
export function registerMemoryState(store: object, state: MemoryState): void {
  states.set(store, state);
}

/**
 * **For tests only.** Replaces a tenant's stored audit entries in a `MemoryStore`
 * with what `edit` returns, the way someone with access to the storage could: edit,
 * remove or reorder entries, bypassing the store. The head of the tenant's chain is
 * left as it was, as an SQL edit of `audit_entries` leaves `audit_heads`. Use it to
 * show that `audit.verify()` notices; never in production code.
 *
 * `edit` gets copies of the entries in stored order and may change them freely; the
 * entries it returns are stored as they are (frozen). Waits for running transactions.
 *
 * @example
 * ```ts
 * import { MemoryStore } from 'tickler';
 * import { tamperWithMemoryAudit } from 'tickler/testing';
 *
 * const store = new MemoryStore();
 * // ... run commands for tenant acme, then:
 * await tamperWithMemoryAudit(store, 'acme', (entries) => entries.filter((e) => e.seq !== 2));
 * ```
 */
export async function tamperWithMemoryAudit(store: Store, tenantId: string, edit: (entries: AuditEntry[]) => AuditEntry[]): Promise<void> {
  const state = states.get(store);
  if (state === undefined) throw new TypeError('tamperWithMemoryAudit works on a MemoryStore only.');
  // An empty transaction takes the store's lock, so no transaction sees a half-made change.
  await store.transaction(() => {
    const edited = edit((state.audit.get(tenantId) ?? []).map(readAuditEntry));
    state.audit.set(tenantId, edited.map(freezeAuditEntry));
    return Promise.resolve();
  });
}
