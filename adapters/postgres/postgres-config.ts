import type { Kysely, PostgresPool } from 'kysely';

/** The slice of a PGlite instance tickler calls (plus what kysely's PGlite dialect needs). */
export interface PGliteInstance {
  /** Subscribes to a NOTIFY channel; resolves to the unsubscribe function. */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  /** Closes the database. */
  close(): Promise<void>;
}

/**
 * Where the store's tables live. Give exactly one of `connectionString`, `pool`,
 * `pglite` or `db`.
 */
export interface PostgresStoreOptions<DB = unknown> {
  /** A PostgreSQL server, such as `postgres://user@127.0.0.1:5432/app`; tickler makes its own `pg` pool. */
  connectionString?: string | undefined;
  /** A `pg` Pool the host already has (anything with `connect()` and `end()`). */
  pool?: PostgresPool | undefined;
  /**
   * Embedded PostgreSQL: a PGlite instance, or a data directory (`./data/tickler`) for
   * which tickler opens one. `memory://` keeps it in memory.
   */
  pglite?: PGliteInstance | string | undefined;
  /** A Kysely instance the host already has (any dialect that speaks PostgreSQL). Wake-ups then fall back to polling unless `listenPool` is given. */
  db?: Kysely<DB> | undefined;
  /** With `db`: a pg Pool to LISTEN on for wake-ups. */
  listenPool?: PostgresPool | undefined;
  /** The schema holding tickler's tables, beside the host's own. Default `tickler`. */
  schema?: string | undefined;
  /** Pool size when tickler makes the pool. Default 10. */
  poolSize?: number | undefined;
  /** Run the migrations when the store opens. Default false: call `store.migrate()` or the CLI. */
  migrate?: boolean | undefined;
  /** `application_name` on connections tickler opens, to find them in `pg_stat_activity`. Default `tickler`. */
  applicationName?: string | undefined;
}
