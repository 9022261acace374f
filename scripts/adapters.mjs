// The adapters of this repository: every folder of adapters/ with an index.ts is a subpath
// export tickler/<folder>. The build, the test aliases and the dependency rules read this
// list; scripts/sync-adapters.mjs writes it into package.json, tsconfig.json and
// typedoc.json, and a test checks they agree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Adapter folder names, sorted, postgres first (it also builds the CLI). */
export function adapterNames() {
  const names = readdirSync(join(root, 'adapters'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'adapters', d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
  return ['postgres', ...names.filter((n) => n !== 'postgres')];
}

/** The package's peer dependencies: adapter libraries, never bundled, never imported by the core. */
export function peerLibraries() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.keys(pkg.peerDependencies ?? {}).filter((name) => name !== 'vitest');
}
