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
