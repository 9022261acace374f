import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('adapter registration', () => {
  it('package.json exports, tsconfig paths and typedoc entries list every adapter folder (node scripts/sync-adapters.mjs)', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts', 'sync-adapters.mjs'), '--check'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
  });
});
