import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tickler\/testing$/, replacement: src('./src/testing/index.ts') },
      { find: /^tickler\/postgres$/, replacement: src('./adapters/postgres/index.ts') },
      { find: /^tickler\/twilio$/, replacement: src('./adapters/twilio/index.ts') },
      { find: /^tickler\/sendgrid$/, replacement: src('./adapters/sendgrid/index.ts') },
      { find: /^tickler\/slack$/, replacement: src('./adapters/slack/index.ts') },
      { find: /^tickler\/webhook$/, replacement: src('./adapters/webhook/index.ts') },
      { find: /^tickler$/, replacement: src('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
