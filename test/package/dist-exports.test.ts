import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// These tests load the built package (dist/) the way a host would, through the
// package's own exports map (a package may import itself by name). `npm test` builds
// dist/ first when it is stale; `.ci/run` builds before testing.
const root = join(import.meta.dirname, '..', '..');
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the built package', () => {
  it('was built', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'testing.js', 'testing.d.ts']) {
      expect(existsSync(join(root, 'dist', file)), `dist/${file}`).toBe(true);
    }
  });

  it('imports as ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createTickler, FakeClock, MemoryStore, isTicklerError, NotFoundError } from 'tickler';
       const t = createTickler({ clock: new FakeClock('2026-01-01T00:00:00Z'), store: new MemoryStore() });
       const a = t.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
       await a.customers.upsert({ id: 'c', name: 'C' });
       const r = await a.reminders.create({ customerId: 'c', at: { local: '2026-01-02T10:00', zone: 'Europe/Paris' }, note: 'n' });
       const e = await a.reminders.get('missing').catch((x) => x);
       console.log(r.dueAt.toISOString(), e instanceof NotFoundError, isTicklerError(e));`,
    ]);
    expect(out.trim()).toBe('2026-01-02T09:00:00.000Z true true');
  });

  it('requires as CommonJS', () => {
    const out = node([
      '-e',
      `const { createTickler, FakeClock, isTicklerError } = require('tickler');
       const t = createTickler({ clock: new FakeClock('2026-01-01T00:00:00Z') });
       const a = t.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
       a.customers.get('missing').catch((e) => console.log(e.code, isTicklerError(e)));`,
    ]);
    expect(out.trim()).toBe('NOT_FOUND true');
  });

  it('an error from the CommonJS build is recognised by the ESM build', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import { isTicklerError, NotFoundError } from 'tickler';
       const cjs = createRequire(process.cwd() + '/package.json')('tickler');
       const e = new cjs.NotFoundError('customer', 'c');
       console.log(e instanceof NotFoundError, isTicklerError(e));`,
    ]);
    expect(out.trim()).toBe('false true');
  });

  it('tickler/testing imports as ESM and shares classes with the main entry', () => {
    const out = node(['--input-type=module', '-e', `import { FakeClock as A } from 'tickler'; import { FakeClock as B, runStoreContract } from 'tickler/testing'; console.log(A === B, typeof runStoreContract);`]);
    expect(out.trim()).toBe('true function');
  });

  it('tickler/postgres loads in ESM and CommonJS, and opens an embedded database', () => {
    const esm = node([
      '--input-type=module',
      '-e',
      `import { postgresStore } from 'tickler/postgres';
       import { createTickler } from 'tickler';
       const store = await postgresStore({ pglite: 'memory://', migrate: true });
       const t = createTickler({ store });
       const a = t.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
       await a.customers.upsert({ id: 'c', name: 'C' });
       console.log(store.name, (await a.customers.get('c')).name);
       await store.close();`,
    ]);
    expect(esm.trim()).toBe('pglite C');
    const cjs = node(['-e', `const p = require('tickler/postgres'); console.log(typeof p.postgresStore, typeof p.migrateSchema);`]);
    expect(cjs.trim()).toBe('function function');
  });

  it('the main entry does not load vitest; tickler/testing is not offered to require()', () => {
    const mainFiles = ['index.js', 'index.cjs'].map((f) => readFileSync(join(root, 'dist', f), 'utf8'));
    for (const text of mainFiles) expect(text).not.toMatch(/from ['"]vitest['"]|require\(['"]vitest['"]\)/);
    expect(() => node(['-e', `require('tickler/testing')`])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/);
  });

  it('package.json declares what a consumer needs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.name).toBe('tickler');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(Object.keys(pkg.exports as object)).toEqual(['.', './postgres', './twilio', './sendgrid', './slack', './webhook', './testing', './package.json']);
  });
});
