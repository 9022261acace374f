import { sql, type Kysely, type PostgresPool } from 'kysely';
import { guardSession, type Logger, silentLogger, StoreBase, type StoreSession, type TransactionOptions, type WakeupListener } from 'tickler/adapter';

import type { PGliteInstance } from './postgres-config';
import { PostgresAudit } from './postgres-audit';
import { postgresConnectorOperations } from './postgres-connector-operations';
import { postgresActivities, postgresAutomationRuns, postgresConsents, postgresDunningAssignments } from './postgres-customer-rows';
import { postgresCustomers } from './postgres-customers';
import { postgresAutomations, postgresDunningPolicies, postgresSourceStates, postgresTemplates, postgresTenants } from './postgres-definitions';
import { PostgresEvents } from './postgres-events';
import { postgresInvoices } from './postgres-invoices';
import { PostgresJobs } from './postgres-jobs';
import { postgresMessages } from './postgres-messages';
import { migrateSchema, type MigrationReport } from './postgres-migrator';
import { postgresReminders } from './postgres-reminders';
import type { TicklerDatabase } from './postgres-schema';
import type { PgContext } from './postgres-session';
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
export class PostgresStore extends StoreBase {
  readonly name: string;
  /** The schema holding tickler's tables. */
  readonly schema: string;
  protected readonly root: StoreSession;
  readonly #db: Kysely<TicklerDatabase>;
  readonly #parts: PostgresStoreParts;
  readonly #channel: string;
  readonly #listeners = new Set<WakeupListener>();
  readonly #logger: Logger;

  /** @internal Use `postgresStore()`. */
  constructor(parts: PostgresStoreParts) {
    super();
    this.#parts = parts;
    this.name = parts.kind;
    this.schema = parts.schema;
    this.#db = parts.db.withSchema(parts.schema);
    this.#channel = `tickler_jobs_${parts.schema}`;
    this.#logger = parts.logger ?? silentLogger;
    this.root = this.#session({
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
  }

  async transaction<T>(fn: (tx: StoreSession) => Promise<T>, options?: TransactionOptions): Promise<T> {
    let earliest: Date | null = null;
    const result = await this.#parts.db.transaction().execute(async (trx) => {
      const db = trx.withSchema(this.schema);
      if (options?.relaxedDurability === true) await sql`set local synchronous_commit = off`.execute(db);
      let open = true;
      const session = this.#session({
        schema: this.schema,
        db,
        scheduled: (runAt) => {
          if (earliest === null || runAt.getTime() < earliest.getTime()) earliest = runAt;
        },
      });
      const value = await fn(guardSession(session, () => open)).finally(() => {
        open = false;
      });
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

  /** Calls `listener` with the run time of every job a committed write schedules, in this process (at once) and in others (LISTEN/NOTIFY). Returns how to stop. */
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
      customers: postgresCustomers(ctx),
      reminders: postgresReminders(ctx),
      jobs: new PostgresJobs(ctx),
      audit: new PostgresAudit(ctx),
      tenants: postgresTenants(ctx),
      events: new PostgresEvents(ctx),
      messages: postgresMessages(ctx),
      consents: postgresConsents(ctx),
      templates: postgresTemplates(ctx),
      invoices: postgresInvoices(ctx),
      dunningPolicies: postgresDunningPolicies(ctx),
      dunningAssignments: postgresDunningAssignments(ctx),
      automations: postgresAutomations(ctx),
      automationRuns: postgresAutomationRuns(ctx),
      activities: postgresActivities(ctx),
      connectorOperations: postgresConnectorOperations(ctx),
      sourceStates: postgresSourceStates(ctx),
    };
  }
}
