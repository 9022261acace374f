import { Kysely, Migrator, PostgresDialect, sql, type DatabaseIntrospector, type Dialect, type Migration } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore, ticklerMigrations } from 'tickler/postgres';
import { harness } from '../support/harness';
import { dropSchema, freshSchema, SERVER_URL, serverPool, sharedPGlite } from '../postgres/pg-support';

const pglite = await sharedPGlite();
const pool = SERVER_URL === undefined ? null : serverPool(3);
afterAll(async () => {
  await pool?.end();
});

/**
 * The dialect with an introspector that looks at one schema only. Kysely's own reads every
 * schema's catalog, and fails ("schema … does not exist") when another test file drops its
 * schema at the same moment.
 */
function oneSchema(inner: Dialect, schema: string): Dialect {
  return {
    createDriver: () => inner.createDriver(),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db): DatabaseIntrospector => {
      const getTables = async () => {
        const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db);
        return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
      };
      return {
        getSchemas: async () => (await sql<{ name: string }>`select nspname as name from pg_namespace where nspname = ${schema}`.execute(db)).rows,
        getTables,
        getMetadata: async () => ({ tables: await getTables() }),
      };
    },
  };
}

const databases = [
  { name: 'pglite', dialect: (): Dialect => new PGliteDialect(pglite), open: (schema: string) => postgresStore({ pglite, schema, migrate: true }), drop: (schema: string) => dropSchema((q) => pglite.exec(q), schema) },
  ...(pool === null
    ? []
    : [{ name: 'postgres server', dialect: (): Dialect => new PostgresDialect({ pool }), open: (schema: string) => postgresStore({ pool, schema, migrate: true }), drop: (schema: string) => dropSchema((q) => pool.query(q), schema) }]),
];

/** Applies tickler's migrations up to and including `last`, as an older version of tickler did. */
async function migrateUpTo(dialect: Dialect, db: Kysely<unknown>, schema: string, last: string): Promise<void> {
  const all = ticklerMigrations(schema);
  const migrations = Object.fromEntries(Object.entries(all).filter(([name]) => name <= last)) as Record<string, Migration>;
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db: new Kysely<unknown>({ dialect: oneSchema(dialect, schema) }),
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableSchema: schema,
    migrationTableName: 'tickler_migrations',
    migrationLockTableName: 'tickler_migrations_lock',
  });
  const result = await migrator.migrateToLatest();
  expect(result.error).toBeUndefined();
}

describe.each(databases)('migration 0004-audit-chain on $name', ({ dialect, open, drop }) => {
  it('chains the entries written before it, so an upgraded database verifies and keeps appending', async () => {
    const schema = freshSchema('upg');
    const db = new Kysely<unknown>({ dialect: dialect() }); // not destroyed: that would close the shared PGlite or pool
    try {
      await migrateUpTo(dialect(), db, schema, '0003-messaging');
      const entries = sql.table(`${schema}.audit_entries`);
      const heads = sql.table(`${schema}.audit_heads`);
      // 2,500 entries of acme (more than one batch of the migration), as the old appendMany wrote them.
      await sql`insert into ${entries} (tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason)
        select 'acme', i, 'old-' || i, timestamptz '2026-01-01T00:00:00Z' + i * interval '1 second', '{"userId":"u-1","roles":["agent","admin"]}'::jsonb,
          'reminder.updated', 'reminder', 'r-' || (i % 7), case when i % 3 = 0 then null else jsonb_build_object('note', 'n' || i, 'n', i * 1.5, 'tags', jsonb_build_array('a', i)) end,
          jsonb_build_object('note', 'été ' || i, 'nested', jsonb_build_object('z', 1, 'a', jsonb_build_array(true, null))), case when i % 2 = 0 then 'source: api' end
        from generate_series(1, 2500) i`.execute(db);
      await sql`insert into ${heads} (tenant_id, last_seq) values ('acme', 2500), ('globex', 2)`.execute(db);
      // As the old single append wrote them: JSON null stored as a jsonb null.
      await sql`insert into ${entries} (tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason) values
        ('globex', 1, 'g-1', '2026-01-02T10:00:00.123Z', '{"userId":"u-2","roles":[]}', 'customer.created', 'customer', 'c-1', 'null'::jsonb, '{"name":"Jeanne \\"JD\\" Dupont","n":1e21}', null),
        ('globex', 2, 'g-2', '2026-01-02T10:00:01Z', '{"userId":"u-2","roles":[]}', 'customer.removed', 'customer', 'c-1', '{"name":"x"}', 'null'::jsonb, 'why')`.execute(db);

      const store = await open(schema);
      const h = harness({ store, start: '2026-02-01T00:00:00Z' });
      expect(await h.admin.audit.verify()).toEqual({ ok: true, checked: 2500, lastSeq: 2500, problem: null });
      expect(await h.rival.audit.verify()).toEqual({ ok: true, checked: 2, lastSeq: 2, problem: null });
      const [last] = await h.admin.audit.list({ order: 'desc', limit: 1 });
      expect(await store.audit.head('acme')).toEqual({ seq: 2500, hash: last!.hash });

      await h.admin.customers.upsert({ id: 'c-1', name: 'After the upgrade' });
      const [next] = await h.admin.audit.list({ afterSeq: 2500 });
      expect(next).toMatchObject({ seq: 2501, prevHash: last!.hash });
      expect(await h.admin.audit.verify()).toEqual({ ok: true, checked: 2501, lastSeq: 2501, problem: null });
      await store.close();
    } finally {
      await drop(schema);
    }
  });
});
