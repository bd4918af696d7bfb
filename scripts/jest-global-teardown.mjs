import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalTeardown() {
  const { default: teardown } = await import(
    join(root, 'dist/libs/testing/src/jest/global-teardown.js')
  );
  await teardown();
}
