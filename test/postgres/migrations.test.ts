import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStore } from 'tickler/postgres';
import { dropSchema, freshSchema, memoryPGlite, SERVER_URL, serverPool } from './pg-support';

describe('migrations', () => {
  it('running them twice applies nothing the second time (PGlite)', async () => {
    const pglite = await memoryPGlite();
    try {
      const store = await postgresStore({ pglite, schema: 'tickler' });
      expect(await store.migrate()).toEqual({ schema: 'tickler', applied: ['0001-initial', '0002-event-records', '0003-messaging', '0004-audit-chain', '0005-dunning', '0006-automations', '0007-code-unit-order', '0008-audit-sealing', '0009-connectors', '0010-delivery-receipts', '0011-sources'] });
      expect(await store.migrate()).toEqual({ schema: 'tickler', applied: [] });
    } finally {
      await pglite.close();
    }
  });

  it('refuses a schema name that is not a plain identifier, and an ambiguous source', async () => {
    await expect(postgresStore({ pglite: 'memory://', schema: 'Robert"); drop table x;--' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'schema' });
    await expect(postgresStore({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(postgresStore({ pglite: 'memory://', connectionString: 'postgres://x' })).rejects.toThrow(/exactly one/);
  });
});

describe.runIf(SERVER_URL !== undefined)('migrations on a PostgreSQL server', () => {
  const pool = serverPool(12);
  afterAll(() => pool.end());

  it('five processes migrating at once: one applies, the others find nothing to do, nothing breaks', async () => {
    const schema = freshSchema('mig');
    try {
      const stores = await Promise.all(Array.from({ length: 5 }, () => postgresStore({ connectionString: SERVER_URL, schema, poolSize: 2 })));
      const reports = await Promise.all(stores.map((s) => s.migrate()));
      expect(reports.filter((r) => r.applied.length === 11)).toHaveLength(1);
      expect(reports.filter((r) => r.applied.length === 0)).toHaveLength(4);
      const tables = await pool.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = $1`, [schema]);
      expect(tables.rows[0]?.n).toBe(21);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await dropSchema((q) => pool.query(q), schema);
    }
  });

  it('the CLI migrates, and says so, then says the schema is up to date', () => {
    const schema = freshSchema('cli');
    const cli = (): string =>
      execFileSync(process.execPath, ['--import', 'tsx', join('adapters', 'postgres', 'cli.ts'), 'migrate', '--url', SERVER_URL as string, '--schema', schema], {
        cwd: join(import.meta.dirname, '..', '..'),
        encoding: 'utf8',
      });
    try {
      expect(cli()).toContain('applied 0001-initial');
      expect(cli()).toContain('is up to date');
    } finally {
      execFileSync('psql', [SERVER_URL as string, '-qc', `drop schema if exists "${schema}" cascade`]);
    }
  });
});
