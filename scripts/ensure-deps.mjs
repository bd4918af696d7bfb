// Installs dependencies when node_modules is missing or older than the lock file, so both
// `npm start` and `npm test` work on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function ensureDependencies() {
  const installed = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install` (which keeps the lock's versions) rather than `npm ci`: where a registry mirror
  // lacks other platforms' optional binaries (@swc/core-darwin-*, ...), npm 11's `npm ci`
  // refuses the lock file as out of sync.
  console.log('[deps] installing dependencies (npm install)');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm install failed');
}
