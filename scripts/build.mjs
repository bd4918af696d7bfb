// Compiles the TypeScript sources to dist/ with swc (path aliases rewritten to relative imports)
// and prebuilds the workflow bundle, so the worker does not run webpack at start-up.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

export async function build({ bundle = true } = {}) {
  rmSync(dist, { recursive: true, force: true });
  const swc = spawnSync(
    join(root, 'node_modules/.bin/swc'),
    [
      'apps',
      'workflows',
      'activities',
      'libs',
      '-d',
      'dist',
      '--quiet',
      '--ignore',
      '**/*.spec.ts,**/*.integration-spec.ts,**/test/**',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (swc.status !== 0) throw new Error('swc failed');
  // dist/ is ESM like the sources.
  writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
  if (bundle) {
    const { bundleWorkflowCode } = await import('@temporalio/worker');
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(dist, 'workflows/src/index.js'),
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
    });
    writeFileSync(join(dist, 'workflow-bundle.cjs'), code);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await build({ bundle: !process.argv.includes('--no-bundle') });
  console.log(`built dist/ in ${Date.now() - started} ms`);
}
