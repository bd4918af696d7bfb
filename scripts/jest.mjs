// npm run test:unit / test:integration: jest in ESM mode for one project, with the arguments
// given after `--` (a path, -t 'name', --testPathPatterns …). `--selectProjects` takes a list,
// so it goes last: before a path it would swallow the path as a project name and run everything.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [project, ...args] = process.argv.slice(2);
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    ...args,
    '--selectProjects',
    project,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
