import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';

import { ensureGoTool, type GoTool, type ProvisionOptions } from './go-tool.js';
import { freePort, portAnswers, waitForPort } from './ports.js';

/**
 * Temporal's own server, the release docker-compose.yml pins (a test holds the two together),
 * built from the Go module proxy with its schema tool. Its go.mod installs cleanly with
 * `go install`; the schema tool embeds the versioned PostgreSQL schemas of the same release.
 */
export const TEMPORAL_SERVER_VERSION = '1.31.2';
/** The Temporal Web UI server, the release docker-compose.yml pins (its assets are embedded). */
export const TEMPORAL_UI_VERSION = '2.53.3';

export const TEMPORAL_SERVER: GoTool = {
  title: 'the Temporal server',
  binary: 'temporal-server',
  version: TEMPORAL_SERVER_VERSION,
  pathVariable: 'PATH (temporal-server)',
  goPackage: 'go.temporal.io/server/cmd/server',
  installedAs: 'server',
  buildTime: 'about 4 minutes on 2 cores',
};

export const TEMPORAL_SQL_TOOL: GoTool = {
  title: "the Temporal server's schema tool",
  binary: 'temporal-sql-tool',
  version: TEMPORAL_SERVER_VERSION,
  pathVariable: 'PATH (temporal-sql-tool)',
  goPackage: 'go.temporal.io/server/cmd/tools/sql',
  installedAs: 'sql',
  buildTime: 'under a minute after the server',
};

export const TEMPORAL_UI_SERVER: GoTool = {
  title: 'the Temporal Web UI',
  binary: 'temporal-ui-server',
  version: TEMPORAL_UI_VERSION,
  pathVariable: 'PATH (temporal-ui-server)',
  goPackage: 'github.com/temporalio/ui-server/v2/cmd/server',
  installedAs: 'server',
  buildTime: 'about a minute',
};

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

/** Finds or builds the server and its schema tool (PATH, the cache, else `go install`). */
export async function ensureTemporalServer(
  options: ProvisionOptions,
): Promise<TemporalServerBinaries> {
  const server = await ensureGoTool(TEMPORAL_SERVER, options);
  const sqlTool = await ensureGoTool(TEMPORAL_SQL_TOOL, options);
  return { server, sqlTool };
}

export function ensureTemporalUiServer(options: ProvisionOptions): Promise<string> {
  return ensureGoTool(TEMPORAL_UI_SERVER, options);
}

/** Where the cluster keeps its state: two databases on one PostgreSQL server. */
export interface ClusterDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  /** History, tasks, namespaces. */
  database: string;
  /** Workflow lists (the Web UI's). */
  visibilityDatabase: string;
}

/**
 * The cluster's databases from a connection string: its server and credentials, and its database
 * name (default `temporal`) with `<name>_visibility` beside it. The role needs CREATEDB the first
 * time (the schema tool creates both databases when missing).
 */
export function clusterDatabaseFromUrl(url: string, database?: string): ClusterDatabase {
  const parsed = new URL(url);
  const name = database ?? (decodeURIComponent(parsed.pathname.slice(1)) || 'temporal');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: name,
    visibilityDatabase: `${name}_visibility`,
  };
}

/**
 * Creates the cluster's databases when missing and brings both schemas to this release, as the
 * compose file's admin-tools step does: every step is idempotent, so it runs at each start and
 * migrates after a version bump. The schemas come embedded in the tool (`--schema-name`).
 */
export async function setupTemporalSchema(
  sqlTool: string,
  db: ClusterDatabase,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  const steps: [string, string][] = [
    [db.database, 'postgresql/v12/temporal'],
    [db.visibilityDatabase, 'postgresql/v12/visibility'],
  ];
  for (const [database, schema] of steps) {
    const connect = [
      '--plugin',
      'postgres12',
      '--ep',
      db.host,
      '-p',
      String(db.port),
      '-u',
      db.user,
      '--db',
      database,
    ];
    for (const command of [
      ['create-database'],
      ['setup-schema', '-v', '0.0'],
      ['update-schema', '--schema-name', schema],
    ]) {
      await run(sqlTool, [...connect, ...command], { SQL_PASSWORD: db.password });
    }
    log(`Temporal schema ${schema} up to date in database ${database}`);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${args.slice(-3).join(' ')} failed (exit ${code}):\n${output}`)),
    );
  });
}

export interface ClusterOptions {
  binaries: TemporalServerBinaries;
  db: ClusterDatabase;
  /** The frontend's gRPC port (what clients and workers dial). */
  port: number;
  /** Where the rendered configuration goes. */
  workDir: string;
  namespace?: string;
  /** Fixed for the life of the databases: history is partitioned by it. */
  historyShards?: number;
  /** How long closed workflows are kept. */
  retentionDays?: number;
  stdio?: 'inherit' | 'ignore';
  log?: (line: string) => void;
}

export interface RunningCluster {
  address: string;
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/**
 * Runs the Temporal server (frontend, history, matching and worker services in one process, the
 * layout of the official image) on PostgreSQL: sets up the schema, renders the configuration,
 * starts it, registers the namespace when missing, and resolves once the namespace serves calls.
 */
export async function startTemporalCluster(options: ClusterOptions): Promise<RunningCluster> {
  const log = options.log ?? (() => undefined);
  if (await portAnswers('127.0.0.1', options.port)) {
    throw new Error(
      `port ${options.port} is already in use (another Temporal server?): stop it, set TEMPORAL_PORT, ` +
        'or point TEMPORAL_ADDRESS at it to use it deliberately',
    );
  }
  await setupTemporalSchema(options.binaries.sqlTool, options.db, log);
  mkdirSync(options.workDir, { recursive: true });
  const configFile = join(options.workDir, 'temporal-server.yaml');
  const dynamicConfigFile = join(options.workDir, 'temporal-dynamic-config.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  writeFileSync(
    configFile,
    JSON.stringify(await serverConfig(options, dynamicConfigFile), null, 2) + '\n',
  );

  const child = spawn(
    options.binaries.server,
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    {
      cwd: options.workDir,
      stdio: ['ignore', options.stdio === 'inherit' ? 'inherit' : 'pipe', 'pipe'],
    },
  );
  // The tail of its output, to say why it stopped if it stops during start-up.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-3000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exitInfo = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const exit = exitInfo.then(() => undefined);
  const address = `127.0.0.1:${options.port}`;
  const namespace = options.namespace ?? 'default';
  try {
    await Promise.race([
      waitForNamespace(address, namespace, options.retentionDays ?? 7),
      exit.then(() =>
        Promise.reject(
          new Error(`temporal-server exited early (code ${child.exitCode}):\n${tail}`),
        ),
      ),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    process: child,
    exited: exitInfo,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

// As the dev server sets them: generous persistence rates (tests start many workflows at once),
// and the namespace cache refreshed every 2 s instead of 10, so a new namespace serves sooner.
const DYNAMIC_CONFIG = `limit.maxIDLength:
  - value: 255
frontend.persistenceMaxQPS:
  - value: 10000
history.persistenceMaxQPS:
  - value: 45000
history.hostLevelCacheMaxSize:
  - value: 8192
system.namespaceCacheRefreshInterval:
  - value: 2s
`;

async function serverConfig(options: ClusterOptions, dynamicConfigFile: string) {
  const { db } = options;
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${db.host}:${db.port}`,
      connectProtocol: 'tcp',
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  // Only the frontend's port is fixed; the inner services take free ports at each start.
  const service = async (grpcPort: number) => ({
    rpc: { grpcPort, membershipPort: await freeMembershipPort(), bindOnLocalHost: true },
  });
  const frontend = await service(options.port);
  const address = `127.0.0.1:${options.port}`;
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: options.historyShards ?? 4,
      datastores: {
        'postgres-default': store(db.database, 20),
        'postgres-visibility': store(db.visibilityDatabase, 4),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: { rpc: { ...frontend.rpc, httpPort: await freePort() } },
      history: await service(await freePort()),
      matching: await service(await freePort()),
      worker: await service(await freePort()),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: address,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: {
      archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * A free port for a service's membership (ringpop) listener. The server records it in a
 * `smallint` column, so it must be below 32768, under the kernel's ephemeral range.
 */
async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.unref();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/** Waits for the frontend, registers the namespace if missing, then waits until it serves. */
async function waitForNamespace(
  address: string,
  namespace: string,
  retentionDays: number,
): Promise<void> {
  const [host = '127.0.0.1', port] = address.split(':');
  await waitForPort(host, Number(port), 120_000);
  const deadline = Date.now() + 120_000;
  let registered = false;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        const service = connection.workflowService;
        if (!registered) {
          try {
            await service.registerNamespace({
              namespace,
              workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000),
            });
          } catch (error) {
            // 6 = ALREADY_EXISTS: registered by an earlier start.
            if ((error as { code?: number }).code !== 6) throw error;
          }
          registered = true;
        }
        // Listing goes through the frontend's namespace cache, as starting a workflow does.
        await service.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export interface UiServerOptions {
  uiServer: string;
  /** The Temporal frontend it reads from. */
  temporalAddress: string;
  port: number;
  workDir: string;
  namespace?: string;
}

/** Runs the Temporal Web UI server for a cluster; resolves once its port answers. */
export async function startTemporalUi(options: UiServerOptions): Promise<RunningCluster> {
  if (await portAnswers('127.0.0.1', options.port)) {
    throw new Error(
      `port ${options.port} is already in use: stop what runs there or set TEMPORAL_UI_PORT`,
    );
  }
  const configDir = join(options.workDir, 'ui');
  mkdirSync(configDir, { recursive: true });
  const config = {
    temporalGrpcAddress: options.temporalAddress,
    host: '127.0.0.1',
    port: options.port,
    enableUi: true,
    defaultNamespace: options.namespace ?? 'default',
    disableNewsFetch: true,
  };
  writeFileSync(join(configDir, 'development.yaml'), JSON.stringify(config, null, 2) + '\n');
  const child = spawn(
    options.uiServer,
    ['--root', options.workDir, '--config', 'ui', '--env', 'development', 'start'],
    { stdio: 'ignore' },
  );
  let exited = false;
  const exitInfo = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const exit = exitInfo.then(() => undefined);
  try {
    await Promise.race([
      waitForPort('127.0.0.1', options.port, 60_000),
      exit.then(() =>
        Promise.reject(new Error(`temporal-ui-server exited early (code ${child.exitCode})`)),
      ),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address: `http://localhost:${options.port}`,
    process: child,
    exited: exitInfo,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
