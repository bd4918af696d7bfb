// npm test: format, lint (Nx boundaries, workflow purity), typecheck, build, unit tests, then
// integration tests against a real PostgreSQL and a real Temporal server started by the harness
// (the CLI's dev server), then the workflow-heavy suites again on Temporal's own server
// (TEMPORAL_MODE=cluster: PostgreSQL, 4 history shards), the topology production runs.
// Stops at the first failing step. Extra arguments go to both jest runs.
import { spawn } from 'node:child_process';
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
const resultsOf = (run) => join(results, `${run}.json`);
const jest = (project, run = project, paths = []) => [
  process.execPath,
  [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    ...paths,
    '--json',
    '--outputFile',
    resultsOf(run),
    '--reporters',
    join(root, 'scripts/jest-reporter.cjs'),
    ...extra,
    '--selectProjects',
    project,
  ],
];
// The suites that run workflows on the harness's Temporal server (not on the time-skipping one):
// campaigns and their unit workflows, ledger items, the cadence, notifications, durability.
const CLUSTER_SUITES = [
  'apps/api/test/campaign-engine.integration-spec.ts',
  'apps/api/test/campaigns.integration-spec.ts',
  'apps/api/test/campaign-rehearsal.integration-spec.ts',
  'apps/api/test/ledger.integration-spec.ts',
  'apps/api/test/cadence.integration-spec.ts',
  'apps/api/test/notifications.integration-spec.ts',
  'apps/worker/test/notifications.integration-spec.ts',
  'apps/worker/test/item-durability.integration-spec.ts',
  'apps/worker/test/worker.integration-spec.ts',
  'libs/testing/test/stack-cluster.integration-spec.ts',
];
const CLUSTER_RUN = 'integration on the Temporal cluster';
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
  summarise(CLUSTER_RUN);
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
  // stack-cluster runs in the cluster pass, whose global setup builds the server when missing.
  [
    'integration tests',
    ...jest('integration', 'integration', ['--testPathIgnorePatterns', 'stack-cluster']),
  ],
];
// With TEMPORAL_ADDRESS set, the operator's Temporal is the one under test: no second pass.
if (!process.env.TEMPORAL_ADDRESS) {
  steps.push([
    'integration tests on the Temporal cluster (TEMPORAL_MODE=cluster)',
    ...jest('integration', CLUSTER_RUN, CLUSTER_SUITES),
    { TEMPORAL_MODE: 'cluster' },
  ]);
}

// Jest writes its results once every suite and the global teardown are done; a jest that has
// not exited a minute later is held open by something a test left running (a worker polling a
// server that is gone retries for ever). Such a run fails here, naming why, instead of hanging
// until CI's own limit.
const EXIT_GRACE_MS = 60_000;
const run = (command, args, env, resultsFile) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    let writtenAt = null;
    const watch = setInterval(() => {
      if (!resultsFile || !existsSync(resultsFile)) return;
      writtenAt ??= Date.now();
      if (Date.now() - writtenAt < EXIT_GRACE_MS) return;
      console.error(
        `jest wrote its results but did not exit within ${EXIT_GRACE_MS / 1000} s: ` +
          'a test left something running (run the suite with --detectOpenHandles to see what)',
      );
      child.kill('SIGKILL');
    }, 1_000);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      resolve(signal ? 1 : (code ?? 1));
    });
  });

for (const [name, command, args, env = {}] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const outputFile = args.includes('--outputFile') ? args[args.indexOf('--outputFile') + 1] : null;
  const status = await run(command, args, env, outputFile);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status !== 0) {
    console.error(`=== ${name} FAILED after ${seconds} s`);
    printSummary();
    process.exit(status);
  }
  console.log(`=== ${name} passed in ${seconds} s`);
}
printSummary();
