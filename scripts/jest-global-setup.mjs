// Jest loads global setup outside its module mapper, so it runs the harness from the built
// code; it builds first when dist/ is missing or older than the harness sources.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/libs/testing/src/jest/global-setup.js');

export default async function globalSetup() {
  const source = join(root, 'libs/testing/src/jest/global-setup.ts');
  if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
    const { build } = await import('./build.mjs');
    await build({ bundle: false });
  }
  const { default: setup } = await import(built);
  await setup();
}
