import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createActivities } from '@campaign/activities';
import { cadenceWorkflowId } from '@campaign/contracts';
import { cadenceKey, cadenceSchedule } from '@campaign/domain';
import type { PlanBody } from '@campaign/testing';
import {
  createTestDatabase,
  eventually,
  installQuietTemporalRuntime,
  launchTestCampaign,
  OrgFactory,
  planFactory,
  testConfig,
  type TestDatabase,
  testLogger,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';

import { startWorker } from '../src/run-worker.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('worker', () => {
  let db: TestDatabase;
  /** Campaigns cover a real unit (the read model keeps a foreign key to it). */
  let unitId: string;
  let client: Client;

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    unitId = (await new OrgFactory(db.dataSource).unit(null, 'city_bureau')).id;
    client = new Client({
      connection: await Connection.connect({ address: testConfig(db.url).temporal.address }),
    });
  });

  afterAll(async () => {
    await client?.connection.close();
    await db?.drop();
  });

  const phaseOf = async (campaignId: string) => {
    const rows = await db.dataSource.query('SELECT current_phase FROM campaigns WHERE id = $1', [
      campaignId,
    ]);
    return (rows[0]?.current_phase as string | null | undefined) ?? null;
  };

  async function startCampaign(taskQueue: string, plan: PlanBody): Promise<string> {
    const { campaignId } = await launchTestCampaign(db.dataSource, client, {
      coveredUnitId: unitId,
      plan,
      taskQueue,
    });
    return campaignId;
  }

  it('picks a campaign up where it stopped: a worker killed in study lets it go on to self-check on restart', async () => {
    const config = testConfig(db.url);
    const logger = testLogger(config);
    const first = await startWorker(config, logger);
    // Study opens now; self-check 6 s later.
    const plan = planFactory({ coveredUnitId: unitId, phaseMs: 6_000 });
    const campaignId = await startCampaign(config.temporal.taskQueue, plan);
    await eventually(
      () => phaseOf(campaignId),
      (p) => p === 'study',
    );

    first.shutdown();
    await first.done;
    // Past self-check's planned start with no worker: nothing can have moved.
    await new Promise((r) =>
      setTimeout(r, Date.parse(plan.phases[1].startsAt) - Date.now() + 1_000),
    );
    expect(await phaseOf(campaignId)).toBe('study');

    const second = await startWorker(config, logger);
    try {
      // Self-check opens on its own timer once a worker is back (later phases may follow if the
      // restart was slow: the point is that nothing was lost while no worker ran).
      const openedAt = await eventually(
        async () => {
          const [phase] = await db.dataSource.query(
            `SELECT opened_at, opened_early FROM campaign_phases WHERE campaign_id = $1 AND kind = 'self_check'`,
            [campaignId],
          );
          expect(phase.opened_early).toBe(false);
          return phase.opened_at as Date | null;
        },
        (at) => at !== null,
      );
      expect(openedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(plan.phases[1].startsAt));
      expect(await phaseOf(campaignId)).not.toBe('study');
    } finally {
      second.shutdown();
      await second.done;
    }
  });

  it('replaying a projection or a shift writes nothing twice', async () => {
    const config = testConfig(db.url);
    const worker = await startWorker(config, testLogger(config));
    try {
      const campaignId = await startCampaign(
        config.temporal.taskQueue,
        planFactory({ coveredUnitId: unitId }),
      );
      await eventually(
        () => phaseOf(campaignId),
        (p) => p === 'study',
      );
      const activities = createActivities({
        dataSource: db.dataSource,
        config,
        logger: testLogger(config),
      });
      const phases = () =>
        db.dataSource.query(
          `SELECT kind, starts_at, ends_at, opened_at, opened_early FROM campaign_phases WHERE campaign_id = $1 ORDER BY position`,
          [campaignId],
        );
      const before = await phases();
      // Temporal retries an activity whose completion was lost: the same change arrives again.
      await activities.projectPhase({
        campaignId,
        phaseIndex: 0,
        event: 'open',
        at: Date.now(),
        early: true,
        status: 'active',
      });
      expect(await phases()).toEqual(before);

      // A shift applied, then its retry: the dates move once.
      const shift = { from: Date.now(), by: 86_400_000 };
      await activities.applyScheduleShift({ campaignId, key: 'shift:test', shift });
      const moved = await phases();
      await activities.applyScheduleShift({ campaignId, key: 'shift:test', shift });
      expect(await phases()).toEqual(moved);
      expect(moved[1].starts_at.getTime() - before[1].starts_at.getTime()).toBe(86_400_000);
    } finally {
      worker.shutdown();
      await worker.done;
    }
  });

  it('gives a running campaign launched before the cadence existed its cadence at boot', async () => {
    const config = testConfig(db.url);
    // A short campaign (four 3-second phases) whose workflow was started without a cadence.
    const plan = planFactory({ coveredUnitId: unitId, phaseMs: 3_000 });
    const campaignId = await startCampaign(config.temporal.taskQueue, plan);
    await db.dataSource.query(`UPDATE campaigns SET status = 'scheduled' WHERE id = $1`, [
      campaignId,
    ]);
    const worker = await startWorker(config, testLogger(config));
    try {
      const handle = client.workflow.getHandle(cadenceWorkflowId(campaignId));
      // It runs to the campaign's end and produces that month's dispatch and quarter's bulletin,
      // and (a cadence started now) the half-year analysis of the half it ends in.
      await handle.result();
      const start = Date.parse(plan.phases[0].startsAt);
      const end = Date.parse(plan.phases[3].endsAt);
      const rows: Array<{ kind: string; period: string }> = await db.dataSource.query(
        'SELECT kind, period FROM cadence_reports WHERE campaign_id = $1 ORDER BY produced_at',
        [campaignId],
      );
      expect(rows.map((r) => `${r.kind}:${r.period}`)).toEqual(
        cadenceSchedule(start, end, { halfYear: true }).map(cadenceKey),
      );
    } finally {
      worker.shutdown();
      await worker.done;
    }
  });

  describe('as a process', () => {
    const entry = `${root}dist/apps/worker/src/main.js`;

    function launch(): {
      child: ChildProcess;
      lines: Array<{ msg?: string }>;
      exit: Promise<number | null>;
    } {
      if (!existsSync(entry))
        throw new Error(`${entry} is missing: run npm run build (npm test builds first)`);
      const config = testConfig(db.url);
      const child = spawn(process.execPath, [entry], {
        env: {
          ...process.env,
          DATABASE_URL: config.database.url,
          TEMPORAL_ADDRESS: config.temporal.address,
          TEMPORAL_TASK_QUEUE: `process-${uniqueSuffix()}`,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: Array<{ msg?: string }> = [];
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) {
          try {
            lines.push(JSON.parse(part));
          } catch {
            lines.push({ msg: part });
          }
        }
      });
      const exit = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      return { child, lines, exit };
    }

    for (const signals of [['SIGTERM'], ['SIGINT'], ['SIGINT', 'SIGTERM', 'SIGINT']] as const) {
      it(`logs structured JSON and shuts down exactly once on ${signals.join(' + ')}`, async () => {
        const { child, lines, exit } = launch();
        await eventually(
          async () => lines.some((l) => l.msg === 'worker running'),
          Boolean,
          60_000,
        );
        for (const signal of signals) child.kill(signal);
        expect(await exit).toBe(0);
        expect(lines.filter((l) => l.msg === 'worker shutting down')).toHaveLength(1);
        expect(lines.filter((l) => l.msg === 'worker stopped')).toHaveLength(1);
        expect(lines.find((l) => l.msg === 'worker running')).toMatchObject({
          level: 'info',
          service: 'worker',
        });
      });
    }
  });
});
