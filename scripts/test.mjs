// npm test: format, lint (Nx boundaries, workflow purity), typecheck, build, unit tests, then
// integration tests against a real PostgreSQL and a real Temporal server started by the harness.
// Stops at the first failing step. Extra arguments go to both jest runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);
const bin = (name) => join(root, 'node_modules/.bin', name);
// Each jest run also writes its results as JSON, so the last lines npm test prints (on stdout)
// say how many tests ran and passed, whatever came before them.
const results = mkdtempSync(join(tmpdir(), 'campaign-test-'));
const resultsOf = (project) => join(results, `${project}.json`);
const jest = (project) => [
  process.execPath,
  [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    '--selectProjects',
    project,
    '--json',
    '--outputFile',
    resultsOf(project),
    ...extra,
  ],
];
// The last line is the plain closing line a reader of the log (a person or CI) counts on:
// 'tests: N passed, N failed' alone on a line, skipped ones after it when there are any. It is
// the only line of the run phrased that way (the per-project lines and the fuzzer's say it
// otherwise), so nothing before it can be mistaken for the closing count.
const counts = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const closingLine = (label, { passed, failed, skipped }) =>
  `${label}: ${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
const summarise = (project) => {
  if (!existsSync(resultsOf(project))) return;
  const r = JSON.parse(readFileSync(resultsOf(project), 'utf8'));
  const run = {
    passed: r.numPassedTests,
    failed: r.numFailedTests + r.numRuntimeErrorTestSuites,
    skipped: r.numPendingTests + r.numTodoTests,
  };
  for (const key of Object.keys(counts)) counts[key] += run[key];
  summary.push(
    `${project}: ${r.numPassedTestSuites} of ${r.numTotalTestSuites} suites green, ` +
      `${run.passed} of ${run.passed + run.failed} tests green`,
  );
};
const printSummary = () => {
  summarise('unit');
  summarise('integration');
  if (summary.length > 0) {
    console.log(`\n=== summary\n${summary.join('\n')}\n${closingLine('tests', counts)}`);
  }
  rmSync(results, { recursive: true, force: true });
};

ensureDependencies();

const steps = [
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['build', process.execPath, [join(root, 'scripts/build.mjs')]],
  ['unit tests', ...jest('unit')],
  ['integration tests', ...jest('integration')],
];

for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`=== ${name} FAILED after ${seconds} s`);
    printSummary();
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name} passed in ${seconds} s`);
}
printSummary();
