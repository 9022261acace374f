// Writes every adapter folder (scripts/adapters.mjs) into package.json's exports,
// tsconfig.json's paths and typedoc.json's entry points. Run after adding an adapter:
//   node scripts/sync-adapters.mjs
// `--check` changes nothing and exits 1 when a file is out of step (the tests run it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapterNames } from './adapters.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const stale = [];
// JSON as these files are written by hand: two-space indents, arrays of plain values on one line.
const format = (value, indent = '') => {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value) ? value.map((v) => `${inner}${format(v, inner)}`) : Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
  if (items.length === 0) return Array.isArray(value) ? '[]' : '{}';
  return Array.isArray(value) ? `[\n${items.join(',\n')}\n${indent}]` : `{\n${items.join(',\n')}\n${indent}}`;
};
const write = (file, value) => {
  const text = `${format(value)}\n`;
  if (readFileSync(join(root, file), 'utf8') === text) return;
  stale.push(file);
  if (!check) writeFileSync(join(root, file), text);
};
const adapters = adapterNames();

const pkg = read('package.json');
const both = (name) => ({ import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` }, require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` } });
pkg.exports = {
  '.': both('index'),
  './adapter': both('adapter'),
  ...Object.fromEntries(adapters.map((a) => [`./${a}`, both(a)])),
  './testing': { import: { types: './dist/testing.d.ts', default: './dist/testing.js' } },
  './package.json': './package.json',
};
write('package.json', pkg);

const tsconfig = read('tsconfig.json');
tsconfig.compilerOptions.paths = {
  tickler: ['./src/index.ts'],
  'tickler/testing': ['./src/testing/index.ts'],
  'tickler/adapter': ['./src/adapter.ts'],
  ...Object.fromEntries(adapters.map((a) => [`tickler/${a}`, [`./adapters/${a}/index.ts`]])),
};
write('tsconfig.json', tsconfig);

const typedoc = read('typedoc.json');
typedoc.entryPoints = ['src/index.ts', 'src/adapter.ts', 'src/testing/index.ts', ...adapters.map((a) => `adapters/${a}/index.ts`)];
write('typedoc.json', typedoc);

if (check && stale.length > 0) {
  console.error(`Out of step with adapters/: ${stale.join(', ')}. Run node scripts/sync-adapters.mjs.`);
  process.exit(1);
}
if (!check) console.log(stale.length === 0 ? 'adapters: everything in step' : `adapters: wrote ${stale.join(', ')}`);
