// npm run bench: measures, in one run on this machine, against a fresh Temporal dev server
// (SQLite file, as `npm start` runs it) and a fresh embedded PostgreSQL:
//   1. raw Temporal: empty workflow start -> complete, per second, at 50 concurrent callers
//   2. campaign slice: POST /api/v1/campaigns -> workflow running -> its projection in the read
//      model (phase `study` opened), per second, at 50 concurrent callers
//   3. campaign engine: a 教育整顿 campaign launched over 20 units and 10,000 people until every
//      task row of its first phase exists (one workflow per unit writing its members' tasks),
//      its time, its cost per unit workflow against the raw rate, and the p50 / p99 of
//      GET /api/v1/campaigns/:id/progress over those 10,000 people once the launch has settled
// and prints each with its ratio to raw Temporal. Later features report their costs against
// this baseline, then runs the ledger's benchmark (scripts/bench-ledger.mjs) against the same
// baseline. Options: --count N (default 500 each), --concurrency C (default 50),
// --people N (default 10000), --units N (default 20), --progress-samples N (default 500).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('count', 500);
const CONCURRENCY = arg('concurrency', 50);
const PEOPLE = arg('people', 10_000);
const UNITS = Math.max(2, arg('units', 20));
const PROGRESS_SAMPLES = arg('progress-samples', 500);
// --only ledger | engine: raw Temporal and that stage only (development); the default runs every
// stage. BENCH_WORKER_LOG=<file>: the worker's own log goes there (with LOG_LEVEL=debug, one
// line per activity with its duration), for finding where a stage spends its time.
const ONLY = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : null;
const LEDGER = {
  items: arg('items', 5000),
  scale: arg('ledger-scale', 1440),
  deadlineDays: arg('deadline-days', 200),
  rungWindowSeconds: arg('rung-window', 120),
  itemsSamples: arg('items-samples', 300),
  historySeconds: arg('history-seconds', 40),
};
// --temporal dev | cluster: which Temporal the stack runs, as `npm start` runs it (TEMPORAL_MODE):
// the dev server (SQLite file, one worker) or Temporal's own server on PostgreSQL (two workers).
const TEMPORAL_MODE = process.argv.includes('--temporal')
  ? process.argv[process.argv.indexOf('--temporal') + 1]
  : 'dev';
if (!['dev', 'cluster'].includes(TEMPORAL_MODE)) {
  console.error('--temporal takes dev or cluster');
  process.exit(2);
}
const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
const say = (line) => console.log(`[bench] ${line}`);

ensureDependencies();
await build();
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const tooling = await import(join(root, 'dist/libs/testing/src/index.js'));
const { Client, Connection } = await import('@temporalio/client');
const { NativeConnection, Worker, Runtime, DefaultLogger } = await import('@temporalio/worker');
const pg = (await import('pg')).default;
Runtime.install({ logger: new DefaultLogger('WARN') });

/** Runs `task(i)` COUNT times with CONCURRENCY callers; returns operations per second. */
async function measure(task) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COUNT) await task(next++);
    }),
  );
  return COUNT / ((performance.now() - started) / 1000);
}

const scratch = mkdtempSync(join(tmpdir(), 'campaign-bench-'));
const cleanups = [];
try {
  const database = await tooling.startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await tooling.freePort(),
    database: 'campaigns',
  });
  cleanups.push(() => database.stop());
  // The stack as `npm start` runs it, on free ports in the scratch folder: Temporal (the dev
  // server or the cluster, whose databases live on the same PostgreSQL), the worker(s) and the
  // API as separate processes from dist/.
  const [temporalPort, apiPort] = [await tooling.freePort(), await tooling.freePort()];
  const env = { ...process.env };
  delete env.TEMPORAL_ADDRESS;
  Object.assign(env, {
    TEMPORAL_MODE,
    DATABASE_URL: database.url,
    DATA_DIR: scratch,
    TEMPORAL_PORT: String(temporalPort),
    PORT: String(apiPort),
    LOG_LEVEL: process.env.BENCH_WORKER_LOG ? (process.env.LOG_LEVEL ?? 'debug') : 'warn',
  });
  const workerLog = process.env.BENCH_WORKER_LOG
    ? (await import('node:fs')).createWriteStream(process.env.BENCH_WORKER_LOG)
    : null;
  const stackConfig = loadConfig(env, root);
  const stack = await tooling.startStack({
    root,
    config: stackConfig,
    env,
    temporalDbFile: join(scratch, 'temporal.db'),
    log: (line, level) => level !== 'info' && say(line),
    output: (service, chunk) => {
      if (service.startsWith('worker')) workerLog?.write(chunk);
      else if (service === 'api') process.stderr.write(chunk);
    },
  });
  cleanups.push(() => stack.stop());
  const workerNames = TEMPORAL_MODE === 'cluster' ? ['worker-1', 'worker-2'] : ['worker'];
  const workerPids = workerNames.map((name) => stack.supervisor.pid(name));
  say(
    `${stack.temporalKind} on ${stack.temporalAddress}; ${workerNames.length} worker process(es)`,
  );
  say(
    `${COUNT} operations per measurement, ${CONCURRENCY} concurrent callers, ${(await import('node:os')).cpus().length} cores`,
  );

  const namespace = stackConfig.temporal.namespace;
  const connection = await Connection.connect({ address: stack.temporalAddress });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, namespace });

  // 1. Raw Temporal baseline on the same server: one worker, the empty workflow.
  const nativeConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const rawWorker = await Worker.create({
    connection: nativeConnection,
    namespace,
    taskQueue: 'bench-raw',
    workflowsPath: join(root, 'scripts/bench/empty.workflow.mjs'),
  });
  const raw = await rawWorker.runUntil(async () => {
    // Warm-up so bundling and first connections are not measured.
    await client.workflow.execute('emptyWorkflow', {
      taskQueue: 'bench-raw',
      workflowId: 'bench-raw-warmup',
    });
    return measure((i) =>
      client.workflow.execute('emptyWorkflow', {
        taskQueue: 'bench-raw',
        workflowId: `bench-raw-${i}`,
      }),
    );
  });
  await nativeConnection.close();
  say(`raw Temporal: ${raw.toFixed(1)} workflows/s`);

  const db = new pg.Pool({ connectionString: database.url, max: 10 });
  cleanups.push(() => db.end());

  // An office signed in on a county bureau launches the campaigns, as in real use.
  const { createDataSource } = await import(join(root, 'dist/libs/persistence/src/index.js'));
  const dataSource = createDataSource(database.url, { poolSize: 2 });
  await dataSource.initialize();
  const factory = new tooling.OrgFactory(dataSource);
  const county = await factory.unit(await factory.unit(null, 'city_bureau'), 'county_bureau');
  const { username } = await factory.account(county, [{ role: 'office', unit: county }]);
  // The engine's organisation: a county bureau and its departments, 10,000 people among them
  // (one in twenty a leader, one in twenty-five a key person), written in one statement.
  const engineCounty = await factory.unit(null, 'county_bureau', '基准测试分局');
  const engineUnits = [engineCounty];
  for (let i = 1; i < UNITS; i++) engineUnits.push(await factory.unit(engineCounty, 'department'));
  const engineOffice = await factory.account(engineCounty, [
    { role: 'office', unit: engineCounty },
  ]);
  await dataSource.query(
    `INSERT INTO people (id, staff_number, name, unit_id, position, is_leader, is_key_person, key_person_reasons)
     SELECT gen_random_uuid(), 'BENCH-' || n, '民警' || n, ($1::uuid[])[1 + (n % $3)], '民警',
            n % 20 = 0, n % 25 = 0,
            CASE WHEN n % 25 = 0 THEN ARRAY['money']::varchar[] ELSE '{}'::varchar[] END
       FROM generate_series(1, $2::int) AS n`,
    [engineUnits.map((u) => u.id), PEOPLE - 1, UNITS],
  );
  await dataSource.destroy();
  const signIn = async (name) => {
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: tooling.TEST_PASSWORD }),
    });
    return (await login.json()).accessToken;
  };
  const accessToken = await signIn(username);

  const plan = () =>
    tooling.planFactory({
      title: '基准测试教育整顿',
      coveredUnitId: county.id,
      startInMs: 0,
      phaseMs: 30 * 24 * 3600 * 1000,
    });
  async function launchAndWait() {
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/v1/campaigns`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(plan()),
    });
    if (response.status !== 201)
      throw new Error(`POST answered ${response.status}: ${await response.text()}`);
    const { id } = await response.json();
    for (;;) {
      const { rows } = await db.query('SELECT current_phase FROM campaigns WHERE id = $1', [id]);
      if (rows[0]?.current_phase === 'study') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  let slice = NaN;
  if (ONLY === null) {
    await launchAndWait(); // warm-up
    slice = await measure(launchAndWait);
    say(`campaign slice: ${slice.toFixed(1)} campaigns/s`);
  }

  // 3. The campaign engine at the scale of a city's bureau.
  const engineToken = await signIn(engineOffice.username);
  const call = async (method, path, body) => {
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${engineToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300)
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
  let launchSeconds = NaN;
  let unitsPerSecond = NaN;
  let taskRows = 0;
  let settleSeconds = NaN;
  let progressP50 = NaN;
  let progressP99 = NaN;
  if (ONLY !== 'ledger') {
    const startsAt = new Date().toISOString();
    const forecast = await call('POST', '/plans/forecast', {
      templateId: EDUCATION,
      coveredUnitId: engineCounty.id,
      startsAt,
    });
    // Every task row of the first phase: what the forecast says is owed by its deadlines.
    const expectedTasks = forecast.events
      .filter((e) => e.kind.code === 'task_due' && e.phaseIndex === 0)
      .reduce((sum, e) => sum + e.total, 0);
    const launchStarted = performance.now();
    // A rehearsal at real speed: the plan starts at the launch, as a campaign starting now would.
    const campaign = await call('POST', '/campaigns', {
      title: '基准测试教育整顿（两万任务）',
      templateId: EDUCATION,
      coveredUnitId: engineCounty.id,
      startsAt,
      rehearsal: { timeScale: 1 },
    });
    while (taskRows < expectedTasks) {
      await new Promise((r) => setTimeout(r, 100));
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 AND phase_index = 0',
        [campaign.id],
      );
      taskRows = rows[0].n;
      if (performance.now() - launchStarted > 600_000)
        throw new Error(`only ${taskRows} of ${expectedTasks} task rows after 10 minutes`);
    }
    launchSeconds = (performance.now() - launchStarted) / 1000;
    unitsPerSecond = UNITS / launchSeconds;
    say(
      `campaign engine: ${UNITS} units, ${PEOPLE} people, ${taskRows} task rows in ${launchSeconds.toFixed(1)} s`,
    );
    // The progress query as supervisors meet it: once the launch's own work (unit workflows
    // syncing their members, PostgreSQL's autovacuum of 70,000 fresh rows) is over, i.e. the
    // database has run nothing else for three seconds in a row.
    const settleStarted = performance.now();
    for (let quiet = 0; quiet < 3 && performance.now() - settleStarted < 120_000;) {
      await new Promise((r) => setTimeout(r, 1000));
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND state = 'active' AND datname = current_database()
           OR backend_type = 'autovacuum worker'`,
      );
      quiet = rows[0].n === 0 ? quiet + 1 : 0;
    }
    settleSeconds = (performance.now() - settleStarted) / 1000;
    say(`settled ${settleSeconds.toFixed(1)} s after the last task row`);
    const samples = [];
    await call('GET', `/campaigns/${campaign.id}/progress`); // warm-up
    for (let i = 0; i < PROGRESS_SAMPLES; i++) {
      const started = performance.now();
      await call('GET', `/campaigns/${campaign.id}/progress`);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    const quantile = (q) =>
      samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
    progressP50 = quantile(0.5);
    progressP99 = quantile(0.99);
    say(
      `progress over ${PEOPLE} people: p50 ${progressP50.toFixed(1)} ms, p99 ${progressP99.toFixed(1)} ms`,
    );
    await call('POST', `/campaigns/${campaign.id}/cancel`, { reason: '基准测试结束' });
  }

  // 4. The rectification ledger, against the same baseline, API and worker.
  const { benchLedger } = await import('./bench-ledger.mjs');
  const ledger =
    ONLY === 'engine'
      ? null
      : await benchLedger({
          root,
          say,
          apiPort,
          token: engineToken,
          db,
          client,
          workerPids,
          raw,
          coveredUnitId: engineCounty.id,
          units: engineUnits,
          people: PEOPLE,
          planFactory: tooling.planFactory,
          options: LEDGER,
        });

  const result = {
    date: new Date().toISOString(),
    count: COUNT,
    concurrency: CONCURRENCY,
    rawTemporalPerSecond: Number(raw.toFixed(1)),
    campaignSlicePerSecond: Number(slice.toFixed(1)),
    ratioToRaw: Number((slice / raw).toFixed(3)),
    engine: {
      units: UNITS,
      people: PEOPLE,
      taskRows,
      launchToAllTaskRowsSeconds: Number(launchSeconds.toFixed(1)),
      settledAfterSeconds: Number(settleSeconds.toFixed(1)),
      unitWorkflowsPerSecond: Number(unitsPerSecond.toFixed(2)),
      ratioToRaw: Number((unitsPerSecond / raw).toFixed(4)),
      progressP50Ms: Number(progressP50.toFixed(1)),
      progressP99Ms: Number(progressP99.toFixed(1)),
    },
    ledger,
  };
  console.log('\n| measurement | per second | ratio to raw Temporal |');
  console.log('|---|---|---|');
  console.log(
    `| raw Temporal: empty workflow start -> complete | ${result.rawTemporalPerSecond} | 1.000 |`,
  );
  console.log(
    `| campaign slice: POST -> workflow -> read model | ${result.campaignSlicePerSecond} | ${result.ratioToRaw} |`,
  );
  console.log(
    `| campaign engine: ${UNITS} unit workflows writing ${taskRows} task rows for ${PEOPLE} people (${result.engine.launchToAllTaskRowsSeconds} s, target 2 s) | ${result.engine.unitWorkflowsPerSecond} units | ${result.engine.ratioToRaw} |`,
  );
  console.log(
    `\nprogress query over ${PEOPLE} people: p50 ${result.engine.progressP50Ms} ms, p99 ${result.engine.progressP99Ms} ms (budget 100 ms)`,
  );
  const l = ledger;
  if (l) {
    console.log(
      `| ledger: ${l.items} items imported -> every first step recorded (${l.allFirstStepSeconds} s; checked and written in ${l.importCheckWriteSeconds} s, budget 30 s; every workflow started after ${l.allStartedSeconds} s) | ${l.firstStepsPerSecond} items | ${l.firstStepsRatioToRaw} (target 1) |`,
    );
    console.log(
      `\nledger with ${l.items} open items: worker RSS ${l.workerRssMiB} MiB (peak ${l.workerPeakRssMiB} MiB; target < 1024 MiB); rung latency after due p50 ${l.rungLatency.p50Seconds} s, p99 ${l.rungLatency.p99Seconds} s over ${l.rungLatency.entries} entries (target p99 < 1 s); GET /items p50 ${l.itemsList.p50Ms} ms, p99 ${l.itemsList.p99Ms} ms (target < 100 ms); largest item history over 12 months ${l.history.largestItemEvents} events (largest run ${l.history.largestRunEvents}; target < 10,240)`,
    );
  }
  console.log(`\n${JSON.stringify(result)}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(e.message));
  rmSync(scratch, { recursive: true, force: true });
}
