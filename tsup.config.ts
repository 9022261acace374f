import { defineConfig } from 'tsup';

// ESM carries every entry with code splitting, so classes shared by entries exist once.
// CommonJS carries the main entry only: tsup cannot split CommonJS, and tickler/testing
// needs vitest, which cannot be required.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm'],
    splitting: true,
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: ['vitest'],
  },
  {
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
