/**
 * The PostgreSQL store for tickler: one kysely implementation that runs on a PostgreSQL
 * server through `pg` and, unchanged, on embedded PGlite for a zero-setup default. Its
 * tables live in their own schema (default `tickler`) beside the host's.
 *
 * `kysely`, `pg`, `@electric-sql/pglite` and `kysely-pglite-dialect` are optional peer
 * dependencies: install kysely with the driver you use.
 *
 * @module tickler/postgres
 */
export { postgresStore } from './postgres-store-factory';
export { PostgresStore } from './postgres-store';
export type { PGliteInstance, PostgresStoreOptions } from './postgres-config';
export { migrateSchema, ticklerMigrations, type MigrationReport } from './postgres-migrator';
