import type { Store, StoreSession, WakeupListener } from '../store';
import { AsyncMutex } from './async-mutex';
import { Journal } from './journal';
import { MemoryActivities } from './memory-activities';
import { MemoryAutomationRuns, MemoryAutomations } from './memory-automations';
import { MemoryAudit } from './memory-audit';
import { MemoryConsents } from './memory-consents';
import { MemoryCustomers } from './memory-customers';
import { MemoryDunningAssignments, MemoryDunningPolicies } from './memory-dunning';
import { MemoryInvoices } from './memory-invoices';
import { MemoryEvents } from './memory-events';
import { MemoryJobs } from './memory-jobs';
import { MemoryMessages } from './memory-messages';
import { MemoryReminders } from './memory-reminders';
import { registerMemoryState } from './memory-registry';
import { MemoryState } from './memory-state';
import { MemoryTemplates } from './memory-templates';
import { MemoryTenants } from './memory-tenants';

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
 * contract as a database store (and passes the same contract suite).
 */
export class MemoryStore implements Store {
  readonly name = 'memory';
  readonly customers: StoreSession['customers'];
  readonly reminders: StoreSession['reminders'];
  readonly jobs: StoreSession['jobs'];
  readonly audit: StoreSession['audit'];
  readonly tenants: StoreSession['tenants'];
  readonly events: StoreSession['events'];
  readonly messages: StoreSession['messages'];
  readonly consents: StoreSession['consents'];
  readonly templates: StoreSession['templates'];
  readonly invoices: StoreSession['invoices'];
  readonly dunningPolicies: StoreSession['dunningPolicies'];
  readonly dunningAssignments: StoreSession['dunningAssignments'];
  readonly automations: StoreSession['automations'];
  readonly automationRuns: StoreSession['automationRuns'];
  readonly activities: StoreSession['activities'];
  readonly #state = new MemoryState();
  readonly #mutex = new AsyncMutex();
  readonly #newToken: () => string;
  readonly #listeners = new Set<WakeupListener>();

  constructor(options: MemoryStoreOptions = {}) {
    this.#newToken = options.newToken ?? (() => globalThis.crypto.randomUUID());
    registerMemoryState(this, this.#state); // for tickler/testing's tamperWithMemoryAudit only
    // Outside a transaction each call is its own transaction.
    this.customers = this.#autoTransaction((s) => s.customers);
    this.reminders = this.#autoTransaction((s) => s.reminders);
    this.jobs = this.#autoTransaction((s) => s.jobs);
    this.audit = this.#autoTransaction((s) => s.audit);
    this.tenants = this.#autoTransaction((s) => s.tenants);
    this.events = this.#autoTransaction((s) => s.events);
    this.messages = this.#autoTransaction((s) => s.messages);
    this.consents = this.#autoTransaction((s) => s.consents);
    this.templates = this.#autoTransaction((s) => s.templates);
    this.invoices = this.#autoTransaction((s) => s.invoices);
    this.dunningPolicies = this.#autoTransaction((s) => s.dunningPolicies);
    this.dunningAssignments = this.#autoTransaction((s) => s.dunningAssignments);
    this.automations = this.#autoTransaction((s) => s.automations);
    this.automationRuns = this.#autoTransaction((s) => s.automationRuns);
    this.activities = this.#autoTransaction((s) => s.activities);
  }

  async transaction<T>(fn: (tx: StoreSession) => Promise<T>): Promise<T> {
    const release = await this.#mutex.lock();
    const journal = new Journal();
    try {
      const result = await fn(this.#session(journal));
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
      customers: new MemoryCustomers(state, journal),
      reminders: new MemoryReminders(state, journal),
      jobs: new MemoryJobs(state, journal, this.#newToken),
      audit: new MemoryAudit(state, journal),
      tenants: new MemoryTenants(state, journal),
      events: new MemoryEvents(state, journal),
      messages: new MemoryMessages(state, journal),
      consents: new MemoryConsents(state, journal),
      templates: new MemoryTemplates(state, journal),
      invoices: new MemoryInvoices(state, journal),
      dunningPolicies: new MemoryDunningPolicies(state, journal),
      dunningAssignments: new MemoryDunningAssignments(state, journal),
      automations: new MemoryAutomations(state, journal),
      automationRuns: new MemoryAutomationRuns(state, journal),
      activities: new MemoryActivities(state, journal),
    };
  }

  #autoTransaction<R extends object>(pick: (session: StoreSession) => R): R {
    return new Proxy({} as R, {
      get: (_target, method) => {
        if (method === 'then') return undefined; // not a thenable
        return (...args: unknown[]) =>
          this.transaction((tx) => {
            const repo = pick(tx) as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>>;
            const fn = repo[method];
            if (typeof fn !== 'function') throw new TypeError(`No store method ${String(method)}.`);
            return fn.apply(repo, args);
          });
      },
    });
  }
}
