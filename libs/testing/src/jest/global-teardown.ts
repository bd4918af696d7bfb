import { rmSync } from 'node:fs';

import type { HarnessHandles } from './harness-env.js';

/** Stops what the global setup started, in reverse order, and removes scratch data. */
export default async function globalTeardown(): Promise<void> {
  const handles = (globalThis as { __campaignHarness?: HarnessHandles }).__campaignHarness;
  for (const { name, stop, dataDir } of (handles?.stops ?? []).reverse()) {
    try {
      await stop();
    } catch (error) {
      process.stderr.write(`[test harness] stopping ${name} failed: ${(error as Error).message}\n`);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
