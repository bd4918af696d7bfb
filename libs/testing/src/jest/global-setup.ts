import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '@campaign/config';

import { startEmbeddedPostgres } from '../embedded-postgres.js';
import { freePort } from '../ports.js';
import { ensureTemporalCli } from '../temporal-cli.js';
import {
  clusterDatabaseFromUrl,
  ensureTemporalServer,
  startTemporalCluster,
} from '../temporal-cluster.js';
import { startTemporalDevServer } from '../temporal-dev-server.js';
import { ensureTimeSkippingServer } from '../time-skipping-server.js';
import { HARNESS_ENV, type HarnessHandles } from './harness-env.js';

const log = (line: string) => process.stderr.write(`[test harness] ${line}\n`);

/**
 * Starts, once per test run, the real servers the integration tests use: PostgreSQL (the
 * embedded one in a scratch folder, or the server behind DATABASE_URL) and a Temporal dev server
 * on a free port (with TEMPORAL_MODE=cluster: Temporal's own server on that PostgreSQL). Also provides the time-skipping test server's path. Each test file then makes
 * its own database and task queue, so files run in parallel without seeing each other.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  const handles: HarnessHandles = { stops: [] };
  (globalThis as { __campaignHarness?: HarnessHandles }).__campaignHarness = handles;

  if (config.database.external) {
    process.env[HARNESS_ENV.adminDatabaseUrl] = config.database.url;
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'campaign-test-pg-'));
    const pg = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'postgres',
    });
    handles.stops.push({ name: 'postgres', stop: () => pg.stop(), dataDir });
    process.env[HARNESS_ENV.adminDatabaseUrl] = pg.url;
  }

  if (config.temporal.external) {
    process.env[HARNESS_ENV.temporalAddress] = config.temporal.address;
  } else if (config.temporal.mode === 'cluster') {
    const binaries = await ensureTemporalServer({ cacheDir: config.tooling.cacheDir, log });
    const adminUrl = process.env[HARNESS_ENV.adminDatabaseUrl] ?? '';
    const workDir = mkdtempSync(join(tmpdir(), 'campaign-test-temporal-'));
    const started = Date.now();
    const server = await startTemporalCluster({
      binaries,
      db: config.temporal.clusterDatabaseUrl
        ? clusterDatabaseFromUrl(config.temporal.clusterDatabaseUrl)
        : clusterDatabaseFromUrl(adminUrl, 'temporal'),
      port: await freePort(),
      workDir,
      log,
    });
    log(`Temporal server ${server.address} ready in ${Date.now() - started} ms (cluster mode)`);
    handles.stops.push({ name: 'temporal', stop: () => server.stop(), dataDir: workDir });
    process.env[HARNESS_ENV.temporalAddress] = server.address;
  } else {
    const cliPath = await ensureTemporalCli({
      cacheDir: config.tooling.cacheDir,
      explicitPath: config.tooling.temporalCliPath,
      log,
    });
    const server = await startTemporalDevServer({ cliPath, port: await freePort() });
    handles.stops.push({ name: 'temporal', stop: () => server.stop() });
    process.env[HARNESS_ENV.temporalAddress] = server.address;
  }

  // Never skipped: timer tests that do not run would pass unseen. Java and Maven are all it needs.
  const timeSkipping = ensureTimeSkippingServer({ cacheDir: config.tooling.cacheDir, log });
  if (!('path' in timeSkipping)) {
    throw new Error(
      `Temporal's time-skipping test server (from Maven Central) could not be provisioned: ` +
        `${timeSkipping.unavailable}. Install Java 17+ and Maven ` +
        `(apt-get install openjdk-17-jre-headless maven) and run the tests again.`,
    );
  }
  process.env[HARNESS_ENV.timeSkippingServer] = timeSkipping.path;
}
