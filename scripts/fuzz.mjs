// npm run fuzz: runs Schemathesis (from PyPI, in a virtual environment in the cache folder
// outside the clone) over every operation of the API's OpenAPI document, signed in as each role
// and signed out. The stack is started as the integration tests start theirs: embedded
// PostgreSQL and a Temporal dev server on free ports in a scratch folder, a worker and the API
// as processes from dist/. Fails on any failure, each printed with the request that caused it
// (Schemathesis' "Reproduce with: curl ..."). New routes are fuzzed with no further work.
//
// It prints one line of its own per role (operations, requests, failures, seconds) and keeps
// Schemathesis' raw output in .data/fuzz/<role>.log, printed only for a role that fails:
// Schemathesis closes with pytest-shaped lines ("=== 3 warnings in 120.60s ==="), which a reader
// of the CI log would take for pytest sessions that ran no test.
//
// Options: --examples N (per operation and role, default 12), --seed S (default 20261201;
// `--seed random` for a new one), --roles admin,office (default: all, then signed out),
// --no-build (reuse dist/).
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMATHESIS_VERSION = '4.32.5';
// Least privileged first: the office's and the admin's fuzzed edits change the seeded data.
const ROLES = ['member', 'supervisor', 'inspector', 'leader', 'office', 'admin'];
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[fuzz] ${line}`);
const logDir = join(root, '.data', 'fuzz');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const examples = Number(option('examples', '12'));
const seedOption = option('seed', '20261201');
const seed = seedOption === 'random' ? String(Math.floor(Math.random() * 2 ** 31)) : seedOption;
const roles = option('roles', ROLES.join(',')).split(',').filter(Boolean);
if (!Number.isInteger(examples) || examples < 1) throw new Error('--examples must be a number');

const { ensureDependencies } = await import('./ensure-deps.mjs');
ensureDependencies();
if (!process.argv.includes('--no-build')) {
  const { build } = await import('./build.mjs');
  say('building');
  await build();
}
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const { createDataSource } = await import(join(root, 'dist/libs/persistence/src/index.js'));
const tooling = await import(join(root, 'dist/libs/testing/src/index.js'));

/** Schemathesis in a virtual environment of its own, cached across clones and runs. */
function ensureSchemathesis(cacheDir) {
  const venv = join(cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  if (existsSync(st)) return st;
  say(`installing Schemathesis ${SCHEMATHESIS_VERSION} into ${venv}`);
  const run = (command, args) => {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) {
      rmSync(venv, { recursive: true, force: true });
      throw new Error(`${command} ${args.join(' ')} failed`);
    }
  };
  run('python3', ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), [
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  return st;
}

/** A Schemathesis config that binds id parameters to seeded ids half of the time. */
function schemathesisConfig(dictionaries) {
  const list = (values) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  const bind = (name) => `{ dictionary = "${name}", probability = 0.5 }`;
  const lines = [];
  for (const [name, values] of Object.entries(dictionaries)) {
    if (values.length > 0) lines.push(`[dictionaries.${name}]`, `values = ${list(values)}`, '');
  }
  const has = (name) => dictionaries[name].length > 0;
  const globals = [
    ['body.unitId', 'units'],
    ['body.parentId', 'units'],
    ['body.coveredUnitId', 'units'],
    ['body.personId', 'people'],
    ['body.firstResponsiblePersonId', 'people'],
    ['query.unitId', 'units'],
    ['query.rootId', 'units'],
    ['query.personId', 'people'],
  ].filter(([, name]) => has(name));
  lines.push('[parameters]', ...globals.map(([key, name]) => `"${key}" = ${bind(name)}`), '');
  for (const [path, name] of [
    ['^/api/v1/units/\\{id\\}', 'units'],
    ['^/api/v1/people/\\{id\\}', 'people'],
    ['^/api/v1/grants/\\{id\\}', 'grants'],
    ['^/api/v1/campaigns/\\{id\\}', 'campaigns'],
  ]) {
    if (!has(name)) continue;
    lines.push('[[operations]]', `include-path-regex = ${JSON.stringify(path)}`);
    lines.push(`parameters = { "path.id" = ${bind(name)} }`, '');
  }
  return lines.join('\n');
}

/**
 * One line for a run, from Schemathesis' JSON report: how many operations it tested, how many
 * requests (test cases) it sent, and its failures by kind. Never "N passed, N failed": that
 * phrasing is npm test's closing line alone.
 */
function describeRun(reportPath, ok) {
  if (!existsSync(reportPath)) return ok ? 'no report written' : 'FAILED before its report (above)';
  const r = JSON.parse(readFileSync(reportPath, 'utf8'));
  const failures = r.failures.map((f) => `${f.code} ${f.title} ×${f.count}`).join('; ');
  return (
    `${r.operations.tested} operations, ${r.test_cases.generated} requests, ` +
    (ok ? 'no failures' : `FAILURES (above): ${failures || r.errors.length + ' errors'}`)
  );
}

const started = Date.now();
const cacheDir = loadConfig(process.env, root).tooling.cacheDir;
const st = ensureSchemathesis(cacheDir);

const scratch = mkdtempSync(join(tmpdir(), 'campaign-fuzz-'));
rmSync(logDir, { recursive: true, force: true });
mkdirSync(join(scratch, 'reports'), { recursive: true });
mkdirSync(logDir, { recursive: true });
const [pgPort, temporalPort, apiPort] = await Promise.all([
  tooling.freePort(),
  tooling.freePort(),
  tooling.freePort(),
]);
// Always a private stack: never fuzz a database or Temporal named in the environment.
const env = { ...process.env };
delete env.DATABASE_URL;
delete env.TEMPORAL_ADDRESS;
Object.assign(env, {
  DATA_DIR: scratch,
  EMBEDDED_PG_PORT: String(pgPort),
  TEMPORAL_PORT: String(temporalPort),
  PORT: String(apiPort),
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
});
const config = loadConfig(env, root);
const stackLog = createWriteStream(join(scratch, 'stack.log'));

let stack;
let dataSource;
let exitCode = 1;
try {
  say(`starting the stack in ${scratch}`);
  stack = await tooling.startStack({
    root,
    config,
    env,
    log: (line, level) => (level === 'info' ? stackLog.write(`${line}\n`) : say(line)),
    output: (_service, chunk) => stackLog.write(chunk),
  });

  // An organisation with one account per role (see standardOrganisation).
  dataSource = createDataSource(stack.databaseUrl, { poolSize: 2 });
  await dataSource.initialize();
  const org = await tooling.standardOrganisation(dataSource);
  const tokens = {};
  for (const role of roles) {
    const res = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: org.users[role].username, password: tooling.TEST_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in as ${role} failed: ${res.status}`);
    tokens[role] = (await res.json()).accessToken;
  }

  // Real ids for a share of the generated ones, so operations get past 404 into their logic.
  // Account holders are left out: a fuzzed edit marking them "left" would sign the run out.
  const office = { authorization: `Bearer ${tokens.office ?? tokens.admin}` };
  const campaign = await fetch(`${stack.apiUrl}/api/v1/campaigns`, {
    method: 'POST',
    headers: { ...office, 'content-type': 'application/json' },
    body: JSON.stringify(
      tooling.planFactory({ coveredUnitId: org.countyA.id, startInMs: 86_400_000 }),
    ),
  });
  const ids = async (sql) => (await dataSource.query(sql)).map((row) => row.id);
  const accountPeople = Object.values(org.users)
    .map((u) => `'${u.person.id}'`)
    .join(',');
  writeFileSync(
    join(scratch, 'schemathesis.toml'),
    schemathesisConfig({
      units: await ids('SELECT id FROM units'),
      people: await ids(`SELECT id FROM people WHERE id NOT IN (${accountPeople})`),
      grants: await ids('SELECT id FROM role_grants'),
      campaigns: campaign.status === 201 ? [(await campaign.json()).id] : [],
    }),
  );

  // Two runs at a time, one Schemathesis worker each: worker threads in one CPython 3.11 process
  // share the AST builder's recursion counter (CPython gh-106905), and Hypothesis parses lambda
  // sources while it generates, so two threads now and then fail a run with "AST constructor
  // recursion depth mismatch". Processes share nothing. Least privileged pairs go first.
  const runs = [...roles.map((role) => [role, tokens[role]]), ['signed out', undefined]];
  const results = [];
  const fuzz = ([who, token]) =>
    new Promise((resolve) => {
      const runStarted = Date.now();
      const slug = who.replace(/\W+/g, '-');
      const output = join(logDir, `${slug}.log`);
      const report = join(scratch, 'reports', `${slug}.json`);
      say(`fuzzing every operation as ${who} (${examples} examples per operation, seed ${seed})`);
      const args = [
        '--config-file',
        join(scratch, 'schemathesis.toml'),
        'run',
        `${stack.apiUrl}/docs-json`,
        '--checks',
        CHECKS.join(','),
        '--continue-on-failure',
        '--max-examples',
        String(examples),
        '--seed',
        seed,
        '--workers',
        '1',
        '--request-timeout',
        '30',
        '--generation-database',
        'none',
        '--report',
        'json',
        '--report-json-path',
        report,
        '--no-color',
        // A plan (nested phases, tasks, ISO-8601 patterns) is a body random data rarely gets
        // right: Hypothesis would stop on how much it filters out. Examples that pass are still run.
        '--suppress-health-check',
        'filter_too_much',
        ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
      ];
      // Hypothesis writes its example database in the working directory: keep it in scratch.
      const log = createWriteStream(output);
      const child = spawn(st, args, { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      child.on('close', (code) => {
        log.end(() => {
          const seconds = ((Date.now() - runStarted) / 1000).toFixed(0);
          const ok = code === 0;
          if (!ok)
            process.stdout.write(`\n[fuzz] ---- ${who} ----\n${readFileSync(output, 'utf8')}\n`);
          results.push({ who, ok, seconds });
          say(`${who}: ${describeRun(report, ok)}, ${seconds} s (raw output: ${output})`);
          resolve();
        });
      });
    });
  const queue = [...runs];
  await Promise.all(
    [1, 2].map(async () => {
      while (queue.length > 0) await fuzz(queue.shift());
    }),
  );
  const failed = results.filter((r) => !r.ok);
  const total = ((Date.now() - started) / 1000).toFixed(0);
  say(
    `${results.length - failed.length} of ${results.length} roles came through clean ` +
      `(${results.map((r) => `${r.who} ${r.seconds} s`).join(', ')}; ${total} s in all)`,
  );
  exitCode = failed.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`[fuzz] ${error.stack ?? error}`);
  console.error(`[fuzz] the stack's log: ${join(scratch, 'stack.log')}`);
} finally {
  await dataSource?.destroy().catch(() => undefined);
  await stack?.stop();
  stackLog.end();
  if (exitCode === 0) rmSync(scratch, { recursive: true, force: true });
  else say(`kept ${scratch} (stack.log) for inspection`);
}
process.exit(exitCode);
