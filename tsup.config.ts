import { defineConfig } from 'tsup';

// ESM carries every entry with code splitting, so classes shared by entries exist once.
// CommonJS carries the main and adapter entries (and the CLI) only: tsup cannot split
// CommonJS, and tickler/testing needs vitest, which cannot be required. The CommonJS
// adapter entries carry their own copy of the core; errors are recognised by code
// (isTicklerError), never by instanceof, so that copy is harmless.
// Adapter libraries are optional peer dependencies: never bundled.
const adapterLibraries = ['pg', 'kysely', '@electric-sql/pglite', 'kysely-pglite-dialect', 'twilio', '@sendgrid/mail', '@sendgrid/client', '@slack/web-api'];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      adapter: 'src/adapter.ts',
      testing: 'src/testing/index.ts',
      postgres: 'adapters/postgres/index.ts',
      twilio: 'adapters/twilio/index.ts',
      sendgrid: 'adapters/sendgrid/index.ts',
      slack: 'adapters/slack/index.ts',
      webhook: 'adapters/webhook/index.ts',
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
      postgres: 'adapters/postgres/index.ts',
      cli: 'adapters/postgres/cli.ts',
      twilio: 'adapters/twilio/index.ts',
      sendgrid: 'adapters/sendgrid/index.ts',
      slack: 'adapters/slack/index.ts',
      webhook: 'adapters/webhook/index.ts',
    },
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    external: adapterLibraries,
  },
]);
