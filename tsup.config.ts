import { defineConfig } from 'tsup';

// ESM carries every entry with code splitting, so classes shared by entries exist once.
// CommonJS carries the main and postgres entries (and the CLI) only: tsup cannot split
// CommonJS, and tickler/testing needs vitest, which cannot be required. The CommonJS
// postgres entry carries its own copy of the core; errors are recognised by code
// (isTicklerError), never by instanceof, so that copy is harmless.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', postgres: 'adapters/postgres/index.ts' },
    format: ['esm'],
    splitting: true,
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: ['vitest', 'pg', 'kysely', '@electric-sql/pglite', 'kysely-pglite-dialect'],
  },
  {
    entry: { index: 'src/index.ts', postgres: 'adapters/postgres/index.ts', cli: 'adapters/postgres/cli.ts' },
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: ['pg', 'kysely', '@electric-sql/pglite', 'kysely-pglite-dialect'],
  },
]);
