import { randomBytes } from 'node:crypto';

import { createActivities } from '@campaign/activities';
import { type AppConfig, createLogger, loadConfig, type Logger } from '@campaign/config';
import { createDataSource, migrate } from '@campaign/persistence';
import { createWorker } from '@campaign/temporal';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';

import { createDatabaseIfMissing, dropDatabase } from './embedded-postgres.js';
import { eventually } from './eventually.js';
import { HARNESS_ENV } from './jest/harness-env.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run integration tests through jest's integration project`);
  return value;
}

/** Where the integration run's shared servers are. */
export function harness(): { adminDatabaseUrl: string; temporalAddress: string } {
  return {
    adminDatabaseUrl: required(HARNESS_ENV.adminDatabaseUrl),
    temporalAddress: required(HARNESS_ENV.temporalAddress),
  };
}

/** The time-skipping test server's launcher, which the global setup provisions (or fails the run). */
export function timeSkippingServer(): string {
  const path = process.env[HARNESS_ENV.timeSkippingServer];
  if (!path) {
    throw new Error(
      "Temporal's time-skipping test server was not provisioned: run the integration tests " +
        'through jest (its global setup provisions it), with Java and Maven installed',
    );
  }
  return path;
}

/**
 * Temporal's time-skipping server for one test, and the workers that run on it.
 *
 * `teardown()` stops the workers a test left running before it stops the server: a test that times
 * out inside `worker.runUntil` leaves its worker polling, and a worker polling a server that is
 * gone retries for ever, so jest (in band on two cores) would never exit.
 */
export class TimeSkipping {
  private readonly workers = new Set<Worker>();

  private constructor(readonly env: TestWorkflowEnvironment) {}

  static async start(): Promise<TimeSkipping> {
    return new TimeSkipping(
      await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: timeSkippingServer() } },
      }),
    );
  }

  /** Registers a worker so that `teardown()` stops it if the test has not. */
  track<W extends Worker>(worker: W): W {
    this.workers.add(worker);
    return worker;
  }

  /**
   * Skips time `step` at a time until `done` holds (then returns how much was skipped), at most
   * `max`. A test skips only as far as it needs: the server has known hangs when one long skip
   * crosses unrelated workflows finishing (sdk-java #1618, #2670).
   */
  async skipUntil(done: () => Promise<boolean>, step: number, max: number): Promise<number> {
    let skipped = 0;
    while (!(await done())) {
      if (skipped >= max) throw new Error(`condition not met within ${max} ms of skipped time`);
      await this.env.sleep(step);
      skipped += step;
    }
    return skipped;
  }

  /**
   * Waits, without skipping time, until a workflow and the children it started have closed. A
   * skip while a parent signals its children and ends can leave the server's clock locked for
   * good (sdk-java #1618); `result()` would skip, so this polls.
   */
  async untilClosed(workflowId: string): Promise<void> {
    const closed = async (id: string) =>
      (await this.env.client.workflow.getHandle(id).describe()).status.name !== 'RUNNING';
    await eventually(() => closed(workflowId), Boolean);
    const { events } = await this.env.client.workflow.getHandle(workflowId).fetchHistory();
    for (const event of events ?? []) {
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (child) await eventually(() => closed(child), Boolean);
    }
  }

  async teardown(): Promise<void> {
    for (const worker of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
    const deadline = Date.now() + 30_000;
    const stopped = () =>
      [...this.workers].every((w) => ['INITIALIZED', 'STOPPED', 'FAILED'].includes(w.getState()));
    while (!stopped() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.workers.clear();
    await this.env.teardown();
  }
}

/** A short unique suffix for databases and task queues, so test files never share state. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh database for one test file, migrated exactly as production migrates. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminDatabaseUrl } = harness();
  const name = `test_${uniqueSuffix()}`;
  await createDatabaseIfMissing(adminDatabaseUrl, name);
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource(url.toString(), { poolSize: 5 });
  await dataSource.initialize();
  await migrate(dataSource);
  return {
    url: url.toString(),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(adminDatabaseUrl, name);
    },
  };
}

/** Configuration as the apps would load it, pointed at this run's servers and a private queue. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: harness().temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${uniqueSuffix()}`,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    NODE_ENV: 'test',
    // A new tip-off's notice waits this long for others to join it (60 s in production).
    TIP_OFF_NOTICE_HOLD_SECONDS: '1',
    ...overrides,
  });
}

export function testLogger(config: AppConfig): Logger {
  return createLogger(config, 'test');
}

/** A logger that keeps every line it writes in `lines` (to search what a run logged). */
export function capturingLogger(config: AppConfig, service: string, lines: string[]): Logger {
  return createLogger(config, service, { write: (line: string) => void lines.push(line) });
}

let runtimeInstalled = false;
/** Keeps the Temporal runtime quiet in tests unless something goes wrong. */
export function installQuietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier import in this process.
  }
}

export interface TestWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** A real worker for every workflow on the test's own task queue. */
export async function startTestWorker(
  config: AppConfig,
  dataSource: DataSource,
  logger: Logger = testLogger(config),
): Promise<TestWorker> {
  installQuietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({
    connection,
    temporal: config.temporal,
    activities: createActivities({ dataSource, config, logger }),
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
