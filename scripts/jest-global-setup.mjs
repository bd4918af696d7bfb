// Jest loads global setup outside its module mapper, so it runs the harness from the built
// code; it builds first when dist/ is missing or older than any of the harness's sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/libs/testing/src/jest/global-setup.js');

export default async function globalSetup() {
  const sources = join(root, 'libs/testing/src');
  const newest = readdirSync(sources, { recursive: true })
    .filter((file) => file.endsWith('.ts'))
    .reduce((latest, file) => Math.max(latest, statSync(join(sources, file)).mtimeMs), 0);
  if (!existsSync(built) || statSync(built).mtimeMs < newest) {
    const { build } = await import('./build.mjs');
    await build({ bundle: false });
  }
  const { default: setup } = await import(built);
  await setup();
}
