// Makes `npm start` and `npm test` work on a fresh clone: installs dependencies when
// they are missing or older than package-lock.json (a pull that changed them), and
// (with --build) rebuilds dist/ when the sources are newer.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const run = (args) => {
  const result = spawnSync('npm', args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// npm writes node_modules/.package-lock.json after package-lock.json on every install, so a
// lock file newer than it was changed since (a pull or a checkout with other dependencies).
const INSTALLED = 'node_modules/.package-lock.json';
const LOCK = 'package-lock.json';
if (!existsSync(INSTALLED)) {
  console.log('[tickler] installing dependencies (first run)…');
  run([existsSync(LOCK) ? 'ci' : 'install', '--no-audit', '--no-fund']);
} else if (existsSync(LOCK) && statSync(LOCK).mtimeMs > statSync(INSTALLED).mtimeMs) {
  console.log('[tickler] reinstalling dependencies (package-lock.json changed since the last install)…');
  run(['ci', '--no-audit', '--no-fund']);
}

const newest = (path) => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
};

if (process.argv.includes('--build')) {
  const built = existsSync('dist/index.js') && existsSync('dist/index.cjs') ? statSync('dist/index.js').mtimeMs : 0;
  const sources = Math.max(newest('src'), newest('adapters'), newest('package.json'), newest('tsup.config.ts'));
  if (sources > built) {
    console.log('[tickler] building dist/ (the package tests import it)…');
    run(['run', 'build']);
  }
}
