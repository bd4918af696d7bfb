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

export interface ProvisionOptions {
  /** Folder outside the clone where binaries are cached between clones and runs. */
  cacheDir: string;
  /** The operator's explicit path to the binary (e.g. `$TEMPORAL_CLI_PATH`), when set. */
  explicitPath?: string | undefined;
  log?: (line: string) => void;
}

/** A Go program the project runs (Temporal CLI, Mailpit) and how to get it. */
export interface GoTool {
  /** For messages: "the Temporal CLI". */
  title: string;
  /** Binary name, also looked up on PATH. */
  binary: string;
  version: string;
  /** The environment variable that names an explicit path, for messages. */
  pathVariable: string;
  /** `go install` target, without the version: `github.com/axllent/mailpit`. */
  goPackage: string;
  /** The name `go install` gives the binary (its package's last element), when not `binary`. */
  installedAs?: string;
  /** A release archive (.tar.gz) holding the binary at its top level, tried before building. */
  downloadUrl?: (os: 'linux' | 'darwin', cpu: 'amd64' | 'arm64') => string;
  /** What a cold build costs, for the message printed before it. */
  buildTime: string;
}

/**
 * Finds or provisions a Go program, in this order: the explicit path; the binary on PATH; the
 * cached copy in `<cacheDir>/<binary>-<version>/`; the official release download; and, where
 * only the Go module proxy is reachable, `go install <package>@v<version>` into the cache.
 * Returns the binary's path, or throws saying what to install.
 */
export async function ensureGoTool(tool: GoTool, options: ProvisionOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  if (options.explicitPath) {
    if (!existsSync(options.explicitPath)) {
      throw new Error(
        `${tool.pathVariable} points at ${options.explicitPath}, which does not exist`,
      );
    }
    return options.explicitPath;
  }
  const onPath = findOnPath(tool.binary);
  if (onPath) {
    log(`using ${tool.title} on PATH: ${onPath}`);
    return onPath;
  }
  const dir = join(options.cacheDir, `${tool.binary}-${tool.version}`);
  const cached = join(dir, tool.binary);
  if (existsSync(cached)) return cached;

  mkdirSync(options.cacheDir, { recursive: true });
  const staging = mkdtempSync(join(options.cacheDir, `.${tool.binary}-staging-`));
  try {
    if (!(await tryDownload(tool, staging, log)) && !(await tryGoInstall(tool, staging, log))) {
      throw new Error(
        `could not provision ${tool.title} ${tool.version}: the download failed and \`go\` is ` +
          `not installed. Install it and set ${tool.pathVariable}.`,
      );
    }
    mkdirSync(dir, { recursive: true });
    // Rename last, so an interrupted build never leaves a half-written binary in the cache.
    renameSync(join(staging, tool.installedAs ?? tool.binary), cached);
    log(`${tool.title} cached at ${cached}`);
    return cached;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function tryDownload(
  tool: GoTool,
  staging: string,
  log: (line: string) => void,
): Promise<boolean> {
  if (!tool.downloadUrl) return false;
  const os = platform() === 'darwin' ? 'darwin' : 'linux';
  const cpu = arch() === 'arm64' ? 'arm64' : 'amd64';
  const url = tool.downloadUrl(os, cpu);
  log(`downloading ${tool.title} ${tool.version} from ${url}`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const archive = join(staging, `${tool.binary}.tar.gz`);
    writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    const untar = spawnSync('tar', ['-xzf', archive, '-C', staging, tool.binary], {
      stdio: 'inherit',
    });
    if (untar.status !== 0 || !existsSync(join(staging, tool.binary)))
      throw new Error('bad archive');
    chmodSync(join(staging, tool.binary), 0o755);
    return true;
  } catch (error) {
    log(`download failed (${(error as Error).message}); falling back to go install`);
    return false;
  }
}

async function tryGoInstall(
  tool: GoTool,
  staging: string,
  log: (line: string) => void,
): Promise<boolean> {
  if (!findOnPath('go')) return false;
  log(
    `building ${tool.title} ${tool.version} with go install ` +
      `(a cold build takes ${tool.buildTime}; the result is cached)`,
  );
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('go', ['install', `${tool.goPackage}@v${tool.version}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    log(`go install failed with exit code ${code}`);
    return false;
  }
  log(`built ${tool.title} in ${Math.round((Date.now() - started) / 1000)} s`);
  return existsSync(join(staging, tool.installedAs ?? tool.binary));
}
