import type { Store, StoreSession, TransactionOptions } from '../store';

/**
 * What every store built on the kit shares: the repositories a host calls outside a
 * transaction are those of {@link root}. A store supplies the root session, its
 * transactions and `close`.
 */
export abstract class StoreBase implements Store {
  /** A short name for logs and benchmarks. */
  abstract readonly name: string;
  /** The repositories used outside a transaction. */
  protected abstract readonly root: StoreSession;
  /** See {@link Store.transaction}. */
  abstract transaction<T>(fn: (tx: StoreSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** See {@link Store.close}. */
  abstract close(): Promise<void>;

  /** Customers. */
  get customers(): StoreSession['customers'] {
    return this.root.customers;
  }
  /** Reminders. */
  get reminders(): StoreSession['reminders'] {
    return this.root.reminders;
  }
  /** Timers (due rows) and their leases. */
  get jobs(): StoreSession['jobs'] {
    return this.root.jobs;
  }
  /** The audit trail. */
  get audit(): StoreSession['audit'] {
    return this.root.audit;
  }
  /** The record of emitted events. */
  get events(): StoreSession['events'] {
    return this.root.events;
  }
  /** Tenant settings. */
  get tenants(): StoreSession['tenants'] {
    return this.root.tenants;
  }
  /** Messages: the outbox and the timeline. */
  get messages(): StoreSession['messages'] {
    return this.root.messages;
  }
  /** Consent per customer and channel kind. */
  get consents(): StoreSession['consents'] {
    return this.root.consents;
  }
  /** Tenants' message templates. */
  get templates(): StoreSession['templates'] {
    return this.root.templates;
  }
  /** Invoices and their dunning state. */
  get invoices(): StoreSession['invoices'] {
    return this.root.invoices;
  }
  /** Dunning policies. */
  get dunningPolicies(): StoreSession['dunningPolicies'] {
    return this.root.dunningPolicies;
  }
  /** Which policy each customer follows. */
  get dunningAssignments(): StoreSession['dunningAssignments'] {
    return this.root.dunningAssignments;
  }
  /** Automations. */
  get automations(): StoreSession['automations'] {
    return this.root.automations;
  }
  /** Automation runs. */
  get automationRuns(): StoreSession['automationRuns'] {
    return this.root.automationRuns;
  }
  /** Customers' last activity per kind. */
  get activities(): StoreSession['activities'] {
    return this.root.activities;
  }
  /** Work in external systems and its outcomes. */
  get connectorOperations(): StoreSession['connectorOperations'] {
    return this.root.connectorOperations;
  }
  /** Each tenant's pull state per source. */
  get sourceStates(): StoreSession['sourceStates'] {
    return this.root.sourceStates;
  }
}

/** The names of a store session's repositories, for code that treats them alike. */
export const STORE_REPOSITORIES = [
  'customers',
  'reminders',
  'jobs',
  'audit',
  'events',
  'tenants',
  'messages',
  'consents',
  'templates',
  'invoices',
  'dunningPolicies',
  'dunningAssignments',
  'automations',
  'automationRuns',
  'activities',
  'connectorOperations',
  'sourceStates',
] as const satisfies readonly (keyof StoreSession)[];
