import { defineConfig } from 'tsup';
import { adapterNames, peerLibraries } from './scripts/adapters.mjs';

// ESM carries every entry with code splitting, so classes shared by entries exist once.
// CommonJS carries the main and adapter entries (and the CLI) only: tsup cannot split
// CommonJS, and tickler/testing needs vitest, which cannot be required. The CommonJS
// adapter entries carry their own copy of the core; errors are recognised by code
// (isTicklerError), never by instanceof, so that copy is harmless.
// Adapter libraries are optional peer dependencies: never bundled. Every folder of
// adapters/ is an entry (scripts/adapters.mjs).
const adapterLibraries = peerLibraries();
const adapters = Object.fromEntries(adapterNames().map((name) => [name, `adapters/${name}/index.ts`]));

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      adapter: 'src/adapter.ts',
      testing: 'src/testing/index.ts',
      ...adapters,
    },
    format: ['esm'],
    splitting: true,
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: ['vitest', ...adapterLibraries],
  },
  {
    entry: {
      index: 'src/index.ts',
      adapter: 'src/adapter.ts',
      ...adapters,
      cli: 'adapters/postgres/cli.ts',
    },
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: adapterLibraries,
  },
]);
