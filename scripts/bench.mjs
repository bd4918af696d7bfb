// npm run bench: measures, in one run on this machine, against a fresh Temporal dev server
// (SQLite file, as `npm start` runs it) and a fresh embedded PostgreSQL:
//   1. raw Temporal: empty workflow start -> complete, per second, at 50 concurrent callers
//   2. campaign slice: POST /api/v1/campaigns -> workflow running -> its projection in the read
//      model (phase `study` opened), per second, at 50 concurrent callers
// and prints both with their ratio. Later features report their costs against this baseline.
// Options: --count N (default 500 each), --concurrency C (default 50).
import { spawn } from 'node:child_process';
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
const config = loadConfig(process.env, root);
const cleanups = [];
try {
  const cliPath = await tooling.ensureTemporalCli({
    cacheDir: config.tooling.cacheDir,
    explicitPath: config.tooling.temporalCliPath,
    log: say,
  });
  const server = await tooling.startTemporalDevServer({
    cliPath,
    port: await tooling.freePort(),
    dbFile: join(scratch, 'temporal.db'),
  });
  cleanups.push(() => server.stop());
  const database = await tooling.startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await tooling.freePort(),
    database: 'campaigns',
  });
  cleanups.push(() => database.stop());
  say(
    `Temporal dev server ${server.address} (SQLite file), PostgreSQL ${database.url.replace(/:[^:@/]+@/, ':***@')}`,
  );
  say(
    `${COUNT} operations per measurement, ${CONCURRENCY} concurrent callers, ${(await import('node:os')).cpus().length} cores`,
  );

  const connection = await Connection.connect({ address: server.address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection });

  // 1. Raw Temporal baseline: one worker, the empty workflow.
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const rawWorker = await Worker.create({
    connection: nativeConnection,
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

  // 2. The campaign slice, with the worker and the API as separate processes like `npm start`.
  const apiPort = await tooling.freePort();
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'bench-campaigns',
    PORT: String(apiPort),
    LOG_LEVEL: 'warn',
  };
  for (const app of ['worker', 'api']) {
    const child = spawn(process.execPath, [join(root, `dist/apps/${app}/src/main.js`)], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cleanups.push(
      () =>
        new Promise((resolve) =>
          child.exitCode !== null
            ? resolve()
            : (child.once('exit', resolve), child.kill('SIGTERM')),
        ),
    );
  }
  await tooling.waitForPort('127.0.0.1', apiPort, 120_000);
  const db = new pg.Pool({ connectionString: database.url, max: 10 });
  cleanups.push(() => db.end());

  // An office signed in on a county bureau launches the campaigns, as in real use.
  const { createDataSource } = await import(join(root, 'dist/libs/persistence/src/index.js'));
  const dataSource = createDataSource(database.url, { poolSize: 2 });
  await dataSource.initialize();
  const factory = new tooling.OrgFactory(dataSource);
  const county = await factory.unit(await factory.unit(null, 'city_bureau'), 'county_bureau');
  const { username } = await factory.account(county, [{ role: 'office', unit: county }]);
  await dataSource.destroy();
  const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: tooling.TEST_PASSWORD }),
  });
  const { accessToken } = await login.json();

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
  await launchAndWait(); // warm-up
  const slice = await measure(launchAndWait);
  say(`campaign slice: ${slice.toFixed(1)} campaigns/s`);

  const result = {
    date: new Date().toISOString(),
    count: COUNT,
    concurrency: CONCURRENCY,
    rawTemporalPerSecond: Number(raw.toFixed(1)),
    campaignSlicePerSecond: Number(slice.toFixed(1)),
    ratioToRaw: Number((slice / raw).toFixed(3)),
  };
  console.log('\n| measurement | per second | ratio to raw Temporal |');
  console.log('|---|---|---|');
  console.log(
    `| raw Temporal: empty workflow start -> complete | ${result.rawTemporalPerSecond} | 1.000 |`,
  );
  console.log(
    `| campaign slice: POST -> workflow -> read model | ${result.campaignSlicePerSecond} | ${result.ratioToRaw} |`,
  );
  console.log(`\n${JSON.stringify(result)}`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(e.message));
  rmSync(scratch, { recursive: true, force: true });
}
