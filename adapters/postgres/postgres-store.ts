import { sql, type Kysely, type PostgresPool } from 'kysely';
import { type Logger, silentLogger, type Store, type StoreSession, type TransactionOptions, type WakeupListener } from 'tickler/adapter';

import type { PGliteInstance } from './postgres-config';
import { PostgresActivities } from './postgres-activities';
import { PostgresAutomationRuns, PostgresAutomations } from './postgres-automations';
import { PostgresAudit } from './postgres-audit';
import { PostgresConsents } from './postgres-consents';
import { PostgresCustomers } from './postgres-customers';
import { PostgresDunningAssignments, PostgresDunningPolicies } from './postgres-dunning';
import { PostgresInvoices } from './postgres-invoices';
import { PostgresEvents } from './postgres-events';
import { PostgresJobs } from './postgres-jobs';
import { PostgresMessages } from './postgres-messages';
import { migrateSchema, type MigrationReport } from './postgres-migrator';
import { PostgresReminders } from './postgres-reminders';
import type { TicklerDatabase } from './postgres-schema';
import type { PgContext } from './postgres-session';
import { PostgresTemplates } from './postgres-templates';
import { PostgresTenants } from './postgres-tenants';
import { listenWithPGlite, listenWithPool } from './postgres-wakeups';

/**
 * What {@link PostgresStore} is built from; made by `postgresStore()`.
 *
 * @internal
 */
export interface PostgresStoreParts {
  /** Kysely on the database (not yet bound to the schema). */
  db: Kysely<TicklerDatabase>;
  /** The schema holding tickler's tables. */
  schema: string;
  /** `postgres` for a server, `pglite` for the embedded database. */
  kind: 'postgres' | 'pglite';
  /** The pool to LISTEN on, if any. */
  listenPool?: PostgresPool | undefined;
  /** The PGlite instance to LISTEN on, if any. */
  pglite?: PGliteInstance | undefined;
  /** Whether closing the store also closes the database (true when tickler opened it). */
  owned: boolean;
  /** Where to log. */
  logger?: Logger | undefined;
}

/**
 * The PostgreSQL store: one kysely implementation for a PostgreSQL server (through `pg`)
 * and for embedded PGlite. Writes in `transaction()` commit together; the run time of
 * any job they schedule is announced with NOTIFY in the same transaction, so workers in
 * every process wake up exactly when the commit is visible.
 */
export class PostgresStore implements Store {
  readonly name: string;
  /** The schema holding tickler's tables. */
  readonly schema: string;
  readonly #db: Kysely<TicklerDatabase>;
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
  readonly #parts: PostgresStoreParts;
  readonly #channel: string;
  readonly #listeners = new Set<WakeupListener>();
  readonly #logger: Logger;

  /** @internal Use `postgresStore()`. */
  constructor(parts: PostgresStoreParts) {
    this.#parts = parts;
    this.name = parts.kind;
    this.schema = parts.schema;
    this.#db = parts.db.withSchema(parts.schema);
    this.#channel = `tickler_jobs_${parts.schema}`;
    this.#logger = parts.logger ?? silentLogger;
    const root = this.#session({
      schema: parts.schema,
      db: this.#db,
      scheduled: (runAt) => {
        // Outside a transaction the write has committed already: announce it now.
        this.#announceLocally(runAt);
        sql`select pg_notify(${this.#channel}, ${String(runAt.getTime())})`.execute(this.#db).catch((error: unknown) => {
          this.#logger.warn({ err: error }, 'NOTIFY failed; workers will find the job by polling');
        });
      },
    });
    this.customers = root.customers;
    this.reminders = root.reminders;
    this.jobs = root.jobs;
    this.audit = root.audit;
    this.tenants = root.tenants;
    this.events = root.events;
    this.messages = root.messages;
    this.consents = root.consents;
    this.templates = root.templates;
    this.invoices = root.invoices;
    this.dunningPolicies = root.dunningPolicies;
    this.dunningAssignments = root.dunningAssignments;
    this.automations = root.automations;
    this.automationRuns = root.automationRuns;
    this.activities = root.activities;
  }

  async transaction<T>(fn: (tx: StoreSession) => Promise<T>, options?: TransactionOptions): Promise<T> {
    let earliest: Date | null = null;
    const result = await this.#parts.db.transaction().execute(async (trx) => {
      const db = trx.withSchema(this.schema);
      if (options?.relaxedDurability === true) await sql`set local synchronous_commit = off`.execute(db);
      const value = await fn(
        this.#session({
          schema: this.schema,
          db,
          scheduled: (runAt) => {
            if (earliest === null || runAt.getTime() < earliest.getTime()) earliest = runAt;
          },
        }),
      );
      // NOTIFY is delivered on commit only, so listeners never see a rolled-back job.
      if (earliest !== null) await sql`select pg_notify(${this.#channel}, ${String((earliest).getTime())})`.execute(db);
      return value;
    });
    if (earliest !== null) this.#announceLocally(earliest);
    return result;
  }

  /** Creates the schema and applies pending migrations; safe to run concurrently and repeatedly. */
  migrate(): Promise<MigrationReport> {
    return migrateSchema(this.#parts.db as unknown as Kysely<unknown>, this.schema);
  }

  async subscribeWakeups(listener: WakeupListener): Promise<() => Promise<void>> {
    this.#listeners.add(listener);
    let stopListening: (() => Promise<void>) | null = null;
    if (this.#parts.listenPool !== undefined) stopListening = listenWithPool(this.#parts.listenPool, this.#channel, listener, this.#logger);
    else if (this.#parts.pglite !== undefined) stopListening = await listenWithPGlite(this.#parts.pglite, this.#channel, listener);
    return async () => {
      this.#listeners.delete(listener);
      await stopListening?.();
    };
  }

  async close(): Promise<void> {
    if (this.#parts.owned) await this.#parts.db.destroy();
  }

  #announceLocally(runAt: Date): void {
    for (const listener of this.#listeners) listener(runAt);
  }

  #session(ctx: PgContext): StoreSession {
    return {
      customers: new PostgresCustomers(ctx),
      reminders: new PostgresReminders(ctx),
      jobs: new PostgresJobs(ctx),
      audit: new PostgresAudit(ctx),
      tenants: new PostgresTenants(ctx),
      events: new PostgresEvents(ctx),
      messages: new PostgresMessages(ctx),
      consents: new PostgresConsents(ctx),
      templates: new PostgresTemplates(ctx),
      invoices: new PostgresInvoices(ctx),
      dunningPolicies: new PostgresDunningPolicies(ctx),
      dunningAssignments: new PostgresDunningAssignments(ctx),
      automations: new PostgresAutomations(ctx),
      automationRuns: new PostgresAutomationRuns(ctx),
      activities: new PostgresActivities(ctx),
    };
  }
}

