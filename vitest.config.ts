import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { adapterNames } from './scripts/adapters.mjs';
import { SlowFirstSequencer } from './test/support/slow-first-sequencer';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tickler\/testing$/, replacement: src('./src/testing/index.ts') },
      { find: /^tickler\/adapter$/, replacement: src('./src/adapter.ts') },
      // Every folder of adapters/ is the subpath tickler/<folder>.
      ...adapterNames().map((name) => ({ find: new RegExp(`^tickler/${name}$`), replacement: src(`./adapters/${name}/index.ts`) })),
      { find: /^tickler$/, replacement: src('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 30_000,
    // Files of one worker run one after another in one process and share its module cache
    // and one PGlite (test/postgres/pg-support.ts): re-importing the core, the SDKs and
    // PGlite for every file cost more than the tests themselves. Every test makes its own
    // tickler, store and clock, so nothing carries over between files but those caches.
    isolate: false,
    // vitest leaves one core idle by default; the tests wait on PostgreSQL and HTTP
    // doubles as much as they compute, so every core gets a worker.
    maxWorkers: availableParallelism(),
    hookTimeout: 60_000,
  },
});
