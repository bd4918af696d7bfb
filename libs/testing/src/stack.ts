import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

import type { AppConfig } from '@campaign/config';

import { startEmbeddedPostgres } from './embedded-postgres.js';
import { type LocalMailSink, startLocalMailSink } from './local-mail-sink.js';
import { portAnswers } from './ports.js';
import {
  type ExitInfo,
  type ServiceHandle,
  type ServiceSpec,
  Supervisor,
  type SupervisorOptions,
} from './supervisor.js';
import { ensureTemporalCli } from './temporal-cli.js';
import {
  clusterDatabaseFromUrl,
  ensureTemporalServer,
  ensureTemporalUiServer,
  startTemporalCluster,
  startTemporalUi,
  TEMPORAL_SERVER_VERSION,
} from './temporal-cluster.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

/**
 * The whole local stack under one supervisor: embedded PostgreSQL (unless DATABASE_URL names a
 * server), the Temporal dev server (unless TEMPORAL_ADDRESS does; with TEMPORAL_MODE=cluster,
 * Temporal's own server on PostgreSQL, its Web UI and two workers), the worker and the API as
 * separate processes from the built code in dist/, as in production. `npm start` runs it on the
 * configured ports; the fuzzer and the supervision test run it on free ports in a scratch folder.
 */
export interface StackOptions {
  /** The repository root (dist/ is read from there). */
  root: string;
  config: AppConfig;
  /** Environment the worker and the API inherit (their own addresses are added). */
  env: NodeJS.ProcessEnv;
  /** One line per supervision event and start-up step. */
  log: (line: string, level: 'info' | 'warn' | 'error') => void;
  /** Where the worker's and the API's output goes, chunk by chunk. */
  output: (service: string, chunk: Buffer) => void;
  /** The dev server's Web UI port; omit for a headless server. */
  temporalUiPort?: number;
  /** Keep the dev server's state in this SQLite file; omit for an in-memory server. */
  temporalDbFile?: string;
  supervision?: Partial<Omit<SupervisorOptions, 'log'>>;
  /** Without SMTP_HOST, run a local mail sink (Mailpit, else .eml files) and send mail there. */
  mailSink?: boolean;
}

export interface RunningStack {
  supervisor: Supervisor;
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  /** Which Temporal runs, for the start-up lines. */
  temporalKind: string;
  apiUrl: string;
  /** Where mail goes, as people read it: a mail sink's address, or the SMTP server named. */
  mail: string;
  stop(): Promise<void>;
}

/** How long a child gets to stop after SIGTERM (the worker drains activities first). */
const STOP_GRACE_MS = 45_000;
/** How long the worker and the API may take to become ready after they are spawned. */
const READY_TIMEOUT_MS = 180_000;

const INFO_LEVELS = new Set(['info', 'debug', 'trace']);

function nodeService(
  name: string,
  entry: string,
  options: StackOptions,
  env: NodeJS.ProcessEnv,
  ready: (child: { output: string; alive: () => boolean }) => Promise<boolean>,
): ServiceSpec {
  return {
    name,
    async start(): Promise<ServiceHandle> {
      const child = spawn(process.execPath, ['--enable-source-maps', join(options.root, entry)], {
        cwd: options.root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let alive = true;
      const exited = new Promise<ExitInfo>((resolve) =>
        child.once('exit', (code, signal) => {
          alive = false;
          resolve({ code, signal });
        }),
      );
      // Only the start of the output is kept, for the readiness check.
      const seen = { output: '', alive: () => alive };
      const sink = (chunk: Buffer) => {
        if (seen.output.length < 1_000_000) seen.output += chunk.toString('utf8');
        options.output(name, chunk);
      };
      child.stdout.on('data', sink);
      child.stderr.on('data', sink);
      const stop = async () => {
        if (!alive) return;
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(killer);
      };
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        if (!alive) {
          const info = await exited;
          throw new Error(`${name} exited during start-up (${info.signal ?? info.code})`);
        }
        if (await ready(seen)) break;
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`${name} was not ready after ${READY_TIMEOUT_MS / 1000} s`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      return { pid: child.pid, exited, stop };
    },
  };
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { config } = options;
  const say = (line: string) => options.log(line, 'info');
  const specs: ServiceSpec[] = [];

  let databaseUrl = config.database.url;
  if (!config.database.external) {
    const { dataDir, port } = config.database.embedded;
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/campaigns`;
    specs.push({
      name: 'postgres',
      async start() {
        say(`starting embedded PostgreSQL on port ${port} (data in ${dataDir})`);
        const pg = await startEmbeddedPostgres({ dataDir, port, database: 'campaigns' });
        return { pid: pg.pid, exited: pg.exited, stop: () => pg.stop() };
      },
    });
  }

  let temporalAddress = config.temporal.address;
  let temporalUiUrl: string | undefined;
  let temporalKind = 'your Temporal deployment (TEMPORAL_ADDRESS)';
  let workers = 1;
  if (!config.temporal.external && config.temporal.mode === 'cluster') {
    // Two workers on one task queue, as in production: either may die without stopping work.
    workers = 2;
    const binaries = await ensureTemporalServer({ cacheDir: config.tooling.cacheDir, log: say });
    const port = Number(config.temporal.address.split(':').pop());
    temporalAddress = `127.0.0.1:${port}`;
    const db = config.temporal.clusterDatabaseUrl
      ? clusterDatabaseFromUrl(config.temporal.clusterDatabaseUrl)
      : clusterDatabaseFromUrl(databaseUrl, 'temporal');
    const workDir = join(dirname(config.temporal.dbFile), 'temporal-cluster');
    temporalKind =
      `Temporal server ${TEMPORAL_SERVER_VERSION} (TEMPORAL_MODE=cluster; PostgreSQL ` +
      `${db.host}:${db.port}, databases ${db.database} and ${db.visibilityDatabase}, 4 history shards)`;
    specs.push({
      name: 'temporal',
      async start() {
        say(`starting ${temporalKind} on ${temporalAddress}`);
        const server = await startTemporalCluster({
          binaries,
          db,
          port,
          workDir,
          namespace: config.temporal.namespace,
          log: say,
        });
        return { pid: server.process.pid, exited: server.exited, stop: () => server.stop() };
      },
    });
    const uiPort = options.temporalUiPort;
    if (uiPort) {
      const uiServer = await ensureTemporalUiServer({
        cacheDir: config.tooling.cacheDir,
        log: say,
      }).catch((error: Error) => {
        options.log(`no Temporal Web UI: ${error.message}`, 'warn');
        return undefined;
      });
      if (uiServer) {
        temporalUiUrl = `http://localhost:${uiPort}`;
        specs.push({
          name: 'temporal-ui',
          async start() {
            const ui = await startTemporalUi({
              uiServer,
              temporalAddress,
              port: uiPort,
              workDir,
              namespace: config.temporal.namespace,
            });
            return { pid: ui.process.pid, exited: ui.exited, stop: () => ui.stop() };
          },
        });
      }
    }
  } else if (!config.temporal.external) {
    temporalKind = 'the Temporal dev server (TEMPORAL_MODE=dev)';
    const cliPath = await ensureTemporalCli({
      cacheDir: config.tooling.cacheDir,
      explicitPath: config.tooling.temporalCliPath,
      log: say,
    });
    const port = Number(config.temporal.address.split(':').pop());
    temporalAddress = `127.0.0.1:${port}`;
    temporalUiUrl = options.temporalUiPort
      ? `http://localhost:${options.temporalUiPort}`
      : undefined;
    specs.push({
      name: 'temporal',
      async start() {
        say(
          `starting the Temporal dev server on ${temporalAddress}` +
            (options.temporalDbFile ? ` (state in ${options.temporalDbFile})` : ' (in memory)'),
        );
        const server = await startTemporalDevServer({
          cliPath,
          port,
          ...(options.temporalUiPort ? { uiPort: options.temporalUiPort } : {}),
          ...(options.temporalDbFile ? { dbFile: options.temporalDbFile } : {}),
          namespace: config.temporal.namespace,
          stdio: 'ignore',
        });
        return { pid: server.process.pid, exited: server.exited, stop: () => server.stop() };
      },
    });
  }

  const env: NodeJS.ProcessEnv = {
    ...options.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    PORT: String(config.http.port),
  };

  // Somewhere to read the mails: Mailpit (or .eml files) unless a real SMTP server is set.
  let mail = config.mail.smtp
    ? `SMTP ${config.mail.smtp.host}:${config.mail.smtp.port} (SMTP_HOST)`
    : 'none (no SMTP_HOST: e-mails are recorded as skipped)';
  let sink: LocalMailSink | undefined;
  if (!config.mail.smtp && options.mailSink) {
    say(
      `no SMTP_HOST: starting a local mail sink (SMTP on 127.0.0.1:${config.mail.sink.smtpPort})`,
    );
    sink = await startLocalMailSink({
      cacheDir: config.tooling.cacheDir,
      mailpitPath: config.tooling.mailpitPath,
      dataDir: config.mail.sink.dataDir,
      smtpPort: config.mail.sink.smtpPort,
      uiPort: config.mail.sink.uiPort,
      log: say,
    });
    Object.assign(env, {
      SMTP_HOST: sink.smtp.host,
      SMTP_PORT: String(sink.smtp.port),
      SMTP_SECURE: 'false',
    });
    mail = `${sink.readAt}   (${sink.kind === 'mailpit' ? 'Mailpit' : '.eml files'}; SMTP ${sink.smtp.host}:${sink.smtp.port})`;
  }
  const logsInfo = INFO_LEVELS.has(config.log.level);
  for (let n = 1; n <= workers; n++) {
    let workerStarted = 0;
    const name = workers === 1 ? 'worker' : `worker-${n}`;
    specs.push(
      nodeService(name, 'dist/apps/worker/src/main.js', options, env, async (child) => {
        if (workerStarted === 0) workerStarted = Date.now();
        // It logs "worker running" once it polls; with quieter logs, alive for 3 s will do.
        const ready = logsInfo
          ? child.output.includes('"msg":"worker running"')
          : Date.now() - workerStarted > 3_000;
        if (ready) workerStarted = 0;
        return ready;
      }),
    );
  }
  const apiPort = config.http.port;
  specs.push({
    name: 'api',
    async start() {
      // Something else on the port would pass the readiness check while ours fails to bind.
      if (await portAnswers('127.0.0.1', apiPort)) {
        throw new Error(`port ${apiPort} is already in use: stop what runs there or set PORT`);
      }
      return nodeService('api', 'dist/apps/api/src/main.js', options, env, () =>
        portAnswers('127.0.0.1', apiPort),
      ).start();
    },
  });

  const supervisor = new Supervisor(specs, {
    ...options.supervision,
    log: ({ level, service, message }) => options.log(`${service ?? 'stack'}: ${message}`, level),
  });
  const stop = async () => {
    await supervisor.stop();
    await sink?.stop();
  };
  try {
    await supervisor.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    supervisor,
    databaseUrl,
    temporalAddress,
    temporalUiUrl,
    temporalKind,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    mail,
    stop,
  };
}
