import { createActivities } from '@campaign/activities';
import {
  NOTIFICATION_MAINTENANCE_WORKFLOW,
  type NotificationMaintenanceInput,
} from '@campaign/contracts';
import { createWorker } from '@campaign/temporal';
import {
  createTestDatabase,
  installQuietTemporalRuntime,
  testConfig,
  type TestDatabase,
  testLogger,
  TimeSkipping,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('notificationMaintenanceWorkflow on the time-skipping server', () => {
  let ts: TimeSkipping;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    ts = await TimeSkipping.start();
    env = ts.env;
  });

  afterAll(async () => {
    await ts?.teardown();
    await db?.drop();
  });

  it('sends each day’s digests once at 08:00 Asia/Shanghai, sweeps between, and continues as new', async () => {
    const taskQueue = `ts-${uniqueSuffix()}`;
    const config = testConfig(db.url, { TEMPORAL_TASK_QUEUE: taskQueue });
    const digests: Array<{ date: string; at: number }> = [];
    let sweeps = 0;
    // Workflow time as the server schedules the activity (skipped time, not the wall clock).
    const scheduledAt = () => Context.current().info.currentAttemptScheduledTimestampMs;
    const worker = ts.track(
      await createWorker({
        connection: env.nativeConnection,
        temporal: { ...config.temporal, namespace: env.namespace ?? 'default' },
        activities: {
          ...createActivities({ dataSource: db.dataSource, config, logger: testLogger(config) }),
          async sweepNotifications() {
            sweeps += 1;
            return { sent: 0, failed: 0, skipped: 0, left: 0 };
          },
          async sendDailyDigests({ date }) {
            digests.push({ date, at: scheduledAt() });
            return { digests: 0, sent: 0 };
          },
        },
      }),
    );
    const input: NotificationMaintenanceInput = {
      sweepIntervalMs: HOUR,
      digestHour: 8,
      lastDigestDate: null,
      sweepsPerRun: 10,
    };
    // Start at 01:00 UTC (09:00 in Shanghai), whatever the wall clock says: the 73 hours below
    // then hold exactly three 08:00s there (a start just before 08:00 would see four).
    const serverNow = await env.currentTimeMs();
    await env.sleep((DAY + HOUR - (serverNow % DAY)) % DAY || DAY);
    const started = await env.currentTimeMs();
    const { firstRunId, runId } = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(NOTIFICATION_MAINTENANCE_WORKFLOW, {
        workflowId: `notification-maintenance-${taskQueue}`,
        taskQueue,
        args: [input],
      });
      await env.sleep(3 * DAY + HOUR);
      const description = await handle.describe();
      await handle.terminate('test over');
      return { firstRunId: handle.firstExecutionRunId, runId: description.runId };
    });

    // Three days: three digests, one per Shanghai day, each at 08:00 there (00:00 UTC).
    expect(digests).toHaveLength(3);
    expect(new Set(digests.map((d) => d.date)).size).toBe(3);
    for (const digest of digests) {
      expect(digest.at).toBeGreaterThan(started);
      const sinceMidnightUtc = digest.at % DAY;
      expect(Math.min(sinceMidnightUtc, DAY - sinceMidnightUtc)).toBeLessThan(60_000);
      expect(digest.date).toBe(new Date(digest.at + 8 * HOUR).toISOString().slice(0, 10));
    }
    // Hourly sweeps (plus the ones at digest time) over 73 hours.
    expect(sweeps).toBeGreaterThanOrEqual(73);
    expect(sweeps).toBeLessThanOrEqual(78);
    // Ten sweeps a run: it continued as new several times without repeating a digest.
    expect(runId).not.toBe(firstRunId);
  });
});
