import { ensureGoTool, type GoTool, type ProvisionOptions } from './go-tool.js';

export type { ProvisionOptions } from './go-tool.js';

/** The Temporal CLI release the project pins: the newest whose go.mod `go install` accepts. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

export const TEMPORAL_CLI: GoTool = {
  title: 'the Temporal CLI',
  binary: 'temporal',
  version: TEMPORAL_CLI_VERSION,
  pathVariable: 'TEMPORAL_CLI_PATH',
  goPackage: 'github.com/temporalio/cli/cmd/temporal',
  downloadUrl: (os, cpu) =>
    `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${os}&arch=${cpu}`,
  buildTime: 'several minutes',
};

/**
 * Finds the Temporal CLI (its dev server is the project's local Temporal), in this order:
 * `$TEMPORAL_CLI_PATH`; `temporal` on PATH; the cached copy; the official download; and, where
 * only the Go module proxy is reachable, `go install` into the cache. Returns the binary's path.
 */
export function ensureTemporalCli(options: ProvisionOptions): Promise<string> {
  return ensureGoTool(TEMPORAL_CLI, options);
}
