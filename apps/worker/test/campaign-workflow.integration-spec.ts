import { createActivities } from '@campaign/activities';
import {
  advancePhaseUpdate,
  type CampaignWorkflowInput,
  getCampaignStateQuery,
} from '@campaign/contracts';
import type { PhasePlan } from '@campaign/domain';
import { createWorker } from '@campaign/temporal';
import {
  createTestDatabase,
  installQuietTemporalRuntime,
  OrgFactory,
  planFactory,
  testConfig,
  type TestDatabase,
  testLogger,
  timeSkippingServer,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';

const DAY = 24 * 3600 * 1000;
const server = timeSkippingServer();
// The time-skipping server is provisioned by the test harness (Maven Central, Java 17). Where it
// cannot be, the harness says so loudly and these timer-heavy cases are the only ones not run.
const describeTimeSkipping = 'path' in server ? describe : describe.skip;

describeTimeSkipping('campaignWorkflow on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  /** Campaigns cover a real unit (the read model keeps a foreign key to it). */
  let unitId: string;

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    unitId = (await new OrgFactory(db.dataSource).unit(null, 'city_bureau')).id;
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: (server as { path: string }).path } },
    });
  });

  afterAll(async () => {
    await env?.teardown();
    await db?.drop();
  });

  async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `ts-${uniqueSuffix()}`;
    const config = testConfig(db.url, { TEMPORAL_TASK_QUEUE: taskQueue });
    const worker: Worker = await createWorker({
      connection: env.nativeConnection,
      temporal: { ...config.temporal, namespace: env.namespace ?? 'default' },
      activities: createActivities({
        dataSource: db.dataSource,
        config,
        logger: testLogger(config),
      }),
    });
    return worker.runUntil(fn(taskQueue));
  }

  const phasesOf = (campaignId: string) =>
    db.dataSource.query<Array<{ kind: string; opened_at: Date | null; opened_early: boolean }>>(
      'SELECT kind, opened_at, opened_early FROM campaign_phases WHERE campaign_id = $1 ORDER BY position',
      [campaignId],
    );

  it('runs a four-month campaign to completion, opening each phase at its planned instant', async () => {
    const now = Date.parse(new Date(await env.currentTimeMs()).toISOString());
    const plan = planFactory({ coveredUnitId: unitId, now, startInMs: DAY, phaseMs: 30 * DAY });
    const campaignId = crypto.randomUUID();
    const result = await withWorker((taskQueue) =>
      env.client.workflow.execute('campaignWorkflow', {
        workflowId: `campaign-${campaignId}`,
        taskQueue,
        args: [{ campaignId, plan } as CampaignWorkflowInput],
      }),
    );

    expect(result).toMatchObject({
      status: 'completed',
      currentPhase: 'consolidation',
      phaseIndex: 3,
    });
    const phases = await phasesOf(campaignId);
    expect(phases.map((p) => p.kind)).toEqual(plan.phases.map((p) => p.kind));
    phases.forEach((phase, i) => {
      const planned = Date.parse((plan.phases[i] as PhasePlan).startsAt);
      // Opened on its own timer: at the planned instant, not before, and within seconds after.
      expect(phase.opened_early).toBe(false);
      expect(phase.opened_at!.getTime()).toBeGreaterThanOrEqual(planned);
      expect(phase.opened_at!.getTime() - planned).toBeLessThan(5_000);
    });
    const [campaign] = await db.dataSource.query(
      'SELECT status, current_phase FROM campaigns WHERE id = $1',
      [campaignId],
    );
    expect(campaign).toEqual({ status: 'completed', current_phase: 'consolidation' });
  });

  it('opens self-check early on advance, keeps the later phases on their planned dates', async () => {
    const now = await env.currentTimeMs();
    const plan = planFactory({ coveredUnitId: unitId, now, startInMs: 0, phaseMs: 30 * DAY });
    const campaignId = crypto.randomUUID();
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start('campaignWorkflow', {
        workflowId: `campaign-${campaignId}`,
        taskQueue,
        args: [{ campaignId, plan } as CampaignWorkflowInput],
      });
      // Study opens at once; an advance before that would open study itself.
      while ((await handle.query(getCampaignStateQuery)).currentPhase !== 'study') {
        await new Promise((r) => setTimeout(r, 50));
      }
      const advanced = await handle.executeUpdate(advancePhaseUpdate);
      expect(advanced).toMatchObject({
        status: 'active',
        currentPhase: 'self_check',
        phaseIndex: 1,
      });
      expect((await handle.query(getCampaignStateQuery)).currentPhase).toBe('self_check');
      await handle.result();
    });

    const phases = await phasesOf(campaignId);
    expect(phases.map((p) => p.opened_early)).toEqual([false, true, false, false]);
    // Self-check opened on day 0 instead of day 30; rectification still on day 60.
    expect(phases[1].opened_at!.getTime()).toBeLessThan(Date.parse(plan.phases[1].startsAt));
    expect(phases[2].opened_at!.getTime()).toBeGreaterThanOrEqual(
      Date.parse(plan.phases[2].startsAt),
    );
  });
});
