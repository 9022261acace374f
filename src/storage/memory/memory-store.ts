import type { StoreSession, WakeupListener } from '../store';
import { STORE_REPOSITORIES, StoreBase } from '../kit/store-base';
import { Journal } from '../kit/journal';
import { autoTransaction, guardSession } from '../kit/session-guard';
import { AsyncMutex } from './async-mutex';
import { MemoryAudit } from './memory-audit';
import { memoryActivities, memoryAutomationRuns, memoryConsents, memoryDunningAssignments } from './memory-customer-rows';
import { memoryCustomers } from './memory-customers';
import { memoryAutomations, memoryDunningPolicies, memorySourceStates, memoryTemplates, memoryTenants } from './memory-definitions';
import { MemoryEvents } from './memory-events';
import { memoryInvoices } from './memory-invoices';
import { MemoryJobs } from './memory-jobs';
import { memoryMessages } from './memory-messages';
import { memoryConnectorOperations } from './memory-connector-operations';
import { memoryReminders } from './memory-reminders';
import { registerMemoryState } from './memory-registry';
import { MemoryState } from './memory-state';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** Makes lease tokens; defaults to `crypto.randomUUID`. */
  newToken?: () => string;
}

/**
 * The default store: everything in this process's memory, gone when it exits. Right
 * for tests, demos and hosts that rebuild state on start; use `tickler/postgres` to keep it.
 *
 * Transactions are serialised and rolled back by an undo log, so it honours the same
 * contract as a database store (and passes the same contract suite). Outside a
 * transaction each call is a transaction of its own.
 */
export class MemoryStore extends StoreBase {
  readonly name = 'memory';
  readonly #state = new MemoryState();
  readonly #mutex = new AsyncMutex();
  readonly #newToken: () => string;
  readonly #listeners = new Set<WakeupListener>();
  protected readonly root: StoreSession;

  constructor(options: MemoryStoreOptions = {}) {
    super();
    this.#newToken = options.newToken ?? (() => globalThis.crypto.randomUUID());
    registerMemoryState(this, this.#state); // for tickler/testing's tamperWithMemoryAudit only
    this.root = autoTransaction<StoreSession>(STORE_REPOSITORIES, (fn) => this.transaction(fn));
  }


  async transaction<T>(fn: (tx: StoreSession) => Promise<T>): Promise<T> {
    const release = await this.#mutex.lock();
    const journal = new Journal();
    try {
      const result = await fn(guardSession(this.#session(journal), () => journal.open));
      journal.commit();
      const earliest = journal.earliestScheduled;
      if (earliest !== null) for (const listener of this.#listeners) listener(earliest);
      return result;
    } catch (error) {
      journal.rollback();
      throw error;
    } finally {
      release();
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Wakes workers of this process after each commit that scheduled a job. */
  subscribeWakeups(listener: WakeupListener): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    return Promise.resolve(() => {
      this.#listeners.delete(listener);
      return Promise.resolve();
    });
  }

  #session(journal: Journal): StoreSession {
    const state = this.#state;
    return {
      customers: memoryCustomers(state, journal),
      reminders: memoryReminders(state, journal),
      jobs: new MemoryJobs(state, journal, this.#newToken),
      audit: new MemoryAudit(state, journal),
      tenants: memoryTenants(state, journal),
      events: new MemoryEvents(state, journal),
      messages: memoryMessages(state, journal),
      consents: memoryConsents(state, journal),
      templates: memoryTemplates(state, journal),
      invoices: memoryInvoices(state, journal),
      dunningPolicies: memoryDunningPolicies(state, journal),
      dunningAssignments: memoryDunningAssignments(state, journal),
      automations: memoryAutomations(state, journal),
      sourceStates: memorySourceStates(state, journal),
      automationRuns: memoryAutomationRuns(state, journal),
      activities: memoryActivities(state, journal),
      connectorOperations: memoryConnectorOperations(state, journal),
    };
  }
}
