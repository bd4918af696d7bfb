import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { Connection } from '@temporalio/client';

import { portAnswers, waitForPort } from './ports.js';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  namespace?: string;
  /** Where the server's own output goes; defaults to nowhere. */
  stdio?: 'inherit' | 'ignore';
}

export interface RunningDevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  /** Settles when the server has exited (stopped, or crashed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` and resolves once its namespace answers. */
export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  // Something already answering there (a leftover dev server) would pass our readiness check
  // while our own server fails to bind: refuse instead of silently using someone else's state.
  if (await portAnswers('127.0.0.1', options.port)) {
    throw new Error(
      `port ${options.port} is already in use (another Temporal server?): stop it, set TEMPORAL_PORT, ` +
        'or point TEMPORAL_ADDRESS at it to use it deliberately',
    );
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  args.push('--log-level', 'warn');
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const namespace = options.namespace ?? 'default';
  if (namespace !== 'default') args.push('--namespace', namespace);

  const child = spawn(options.cliPath, args, {
    stdio: ['ignore', options.stdio ?? 'ignore', options.stdio ?? 'ignore'],
  });
  let exited = false;
  const exitInfo = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  const exit = exitInfo.then(() => undefined);
  const address = `127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      waitForReady(address, namespace),
      exit.then(() =>
        Promise.reject(new Error(`temporal server exited early (code ${child.exitCode})`)),
      ),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
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

async function waitForReady(address: string, namespace: string): Promise<void> {
  const [host = '127.0.0.1', port] = address.split(':');
  await waitForPort(host, Number(port), 60_000);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
