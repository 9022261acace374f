import type { Kysely } from 'kysely';
import type { TicklerDatabase } from './postgres-schema';

/** What each repository works through: the (schema-bound) connection or transaction, and the wake-up tracker. */
export interface PgContext {
  /** The PostgreSQL schema holding tickler's tables, for raw SQL. */
  readonly schema: string;
  /** Queries run here: the pool, or the open transaction. */
  readonly db: Kysely<TicklerDatabase>;
  /** Called with the run time of every job scheduled, so workers can be woken after commit. */
  scheduled(runAt: Date): void;
}

/** Runs `fn` atomically: in the open transaction, or in a new one when there is none. */
export function atomic<T>(db: Kysely<TicklerDatabase>, fn: (db: Kysely<TicklerDatabase>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
