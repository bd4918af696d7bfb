import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { delimiter, join } from 'node:path';

/** The Temporal CLI release the project pins: the newest whose go.mod `go install` accepts. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

export interface ProvisionOptions {
  /** Folder outside the clone where binaries are cached between clones and runs. */
  cacheDir: string;
  /** `$TEMPORAL_CLI_PATH`, when the operator set it. */
  explicitPath?: string | undefined;
  log?: (line: string) => void;
}

/**
 * Finds the Temporal CLI (its dev server is the project's local Temporal), in this order:
 * `$TEMPORAL_CLI_PATH`; `temporal` on PATH; the cached copy; the official download; and, where
 * only the Go module proxy is reachable, `go install` into the cache. Returns the binary's path.
 */
export async function ensureTemporalCli(options: ProvisionOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  if (options.explicitPath) {
    if (!existsSync(options.explicitPath)) {
      throw new Error(`TEMPORAL_CLI_PATH points at ${options.explicitPath}, which does not exist`);
    }
    return options.explicitPath;
  }
  const onPath = findOnPath('temporal');
  if (onPath) {
    log(`using the Temporal CLI on PATH: ${onPath}`);
    return onPath;
  }
  const dir = join(options.cacheDir, `temporal-${TEMPORAL_CLI_VERSION}`);
  const cached = join(dir, 'temporal');
  if (existsSync(cached)) return cached;

  mkdirSync(options.cacheDir, { recursive: true });
  const staging = mkdtempSync(join(options.cacheDir, '.temporal-staging-'));
  try {
    if (!(await tryDownload(staging, log)) && !(await tryGoInstall(staging, log))) {
      throw new Error(
        `could not provision the Temporal CLI ${TEMPORAL_CLI_VERSION}: the download failed and ` +
          '`go` is not installed. Install the CLI and set TEMPORAL_CLI_PATH.',
      );
    }
    mkdirSync(dir, { recursive: true });
    // Rename last, so an interrupted build never leaves a half-written binary in the cache.
    renameSync(join(staging, 'temporal'), cached);
    log(`Temporal CLI cached at ${cached}`);
    return cached;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function tryDownload(staging: string, log: (line: string) => void): Promise<boolean> {
  const os = platform() === 'darwin' ? 'darwin' : 'linux';
  const cpu = arch() === 'arm64' ? 'arm64' : 'amd64';
  const url = `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${os}&arch=${cpu}`;
  log(`downloading the Temporal CLI ${TEMPORAL_CLI_VERSION} from ${url}`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const archive = join(staging, 'temporal.tar.gz');
    writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    const untar = spawnSync('tar', ['-xzf', archive, '-C', staging, 'temporal'], {
      stdio: 'inherit',
    });
    if (untar.status !== 0 || !existsSync(join(staging, 'temporal')))
      throw new Error('bad archive');
    chmodSync(join(staging, 'temporal'), 0o755);
    return true;
  } catch (error) {
    log(`download failed (${(error as Error).message}); falling back to go install`);
    return false;
  }
}

async function tryGoInstall(staging: string, log: (line: string) => void): Promise<boolean> {
  if (!findOnPath('go')) return false;
  log(
    `building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install ` +
      '(a cold build takes several minutes; the result is cached)',
  );
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      'go',
      ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`],
      {
        env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    log(`go install failed with exit code ${code}`);
    return false;
  }
  log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
  return existsSync(join(staging, 'temporal'));
}
