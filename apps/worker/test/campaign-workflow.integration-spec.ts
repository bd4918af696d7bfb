import { createActivities } from '@campaign/activities';
import {
  addUnitsUpdate,
  advancePhaseUpdate,
  cancelCampaignUpdate,
  extendPhaseUpdate,
  getCampaignStateQuery,
  getUnitStateQuery,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  unitMembersChangedSignal,
  unitWorkflowId,
} from '@campaign/contracts';
import { datedPlanSpec, type PhaseKind, type PlanSpec } from '@campaign/domain';
import type { UnitEntity } from '@campaign/persistence';
import { createWorker } from '@campaign/temporal';
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
  TimeSkipping,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 24 * 3600 * 1000;
const decision = (reason: string) => ({
  actorPersonId: '00000000-0000-4000-8000-000000000001',
  reason,
  requestId: crypto.randomUUID(),
});

/** A four-phase dated plan starting now whose first phase asks everyone for the integrity pledge, due in 10 days. */
function pledgePlan(coveredUnitId: string, now: number): PlanSpec {
  const spec = datedPlanSpec(
    planFactory({ coveredUnitId, now, startInMs: 0, phaseMs: 30 * DAY }).phases as never,
  );
  spec.phases[0].tasks.push({
    key: 'pledge',
    kind: 'integrity_pledge',
    name: { 'zh-CN': '签订廉政承诺书', en: 'Sign the integrity pledge' },
    owner: 'everyone',
    due: { offset: 'P10D' },
    evidenceRequired: false,
    required: true,
  });
  return spec;
}

describe('campaignWorkflow on the time-skipping server', () => {
  let ts: TimeSkipping;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let f: OrgFactory;
  let county: UnitEntity;
  let branch: UnitEntity;

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    f = new OrgFactory(db.dataSource);
    county = await f.unit(null, 'county_bureau', '东城分局');
    branch = await f.unit(county, 'party_branch', '第一党支部');
    for (let i = 0; i < 3; i++) await f.person(branch, { name: `党员${i}` });
  });

  // A server of its own for each test: one test's leftovers never hold another's clock.
  beforeEach(async () => {
    ts = await TimeSkipping.start();
    env = ts.env;
  });

  afterEach(async () => {
    await ts?.teardown();
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** Runs `fn` with a worker for every workflow on a fresh task queue of the time-skipping server. */
  async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `ts-${uniqueSuffix()}`;
    const config = testConfig(db.url, { TEMPORAL_TASK_QUEUE: taskQueue });
    const worker = ts.track(
      await createWorker({
        connection: env.nativeConnection,
        temporal: { ...config.temporal, namespace: env.namespace ?? 'default' },
        activities: createActivities({
          dataSource: db.dataSource,
          config,
          logger: testLogger(config),
        }),
      }),
    );
    return worker.runUntil(fn(taskQueue));
  }

  /**
   * The campaign's result once it and every one of its unit workflows finished: a unit left
   * mid-task when the worker stops would keep the time-skipping server from skipping for the
   * next test.
   */
  const untilDone = async (campaignId: string) => {
    const state = await env.client.workflow.getHandle(`campaign-${campaignId}`).result();
    const units: Array<{ unit_id: string }> = await db.dataSource.query(
      'SELECT unit_id FROM campaign_units WHERE campaign_id = $1',
      [campaignId],
    );
    for (const { unit_id } of units)
      await env.client.workflow.getHandle(unitWorkflowId(campaignId, unit_id)).result();
    return state;
  };

  const phasesOf = (campaignId: string) =>
    db.dataSource.query<
      Array<{
        kind: string;
        starts_at: Date;
        ends_at: Date;
        opened_at: Date | null;
        opened_early: boolean;
        closed_at: Date | null;
      }>
    >(
      'SELECT kind, starts_at, ends_at, opened_at, opened_early, closed_at FROM campaign_phases WHERE campaign_id = $1 ORDER BY position',
      [campaignId],
    );

  const waitFor = async (
    handle: {
      query: (q: typeof getCampaignStateQuery) => Promise<{ currentPhase: PhaseKind | null }>;
    },
    phase: PhaseKind,
  ) => {
    while ((await handle.query(getCampaignStateQuery)).currentPhase !== phase)
      await env.sleep(1000);
  };

  it('runs a four-month campaign to completion, opening each phase at its planned instant', async () => {
    const now = await env.currentTimeMs();
    const plan = planFactory({ coveredUnitId: county.id, now, startInMs: DAY, phaseMs: 30 * DAY });
    const result = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan,
        taskQueue,
      });
      void workflowId;
      return { campaignId, state: await untilDone(campaignId) };
    });
    expect(result.state).toMatchObject({
      status: 'completed',
      currentPhase: 'consolidation',
      phaseIndex: 3,
    });
    const phases = await phasesOf(result.campaignId);
    phases.forEach((phase, i) => {
      const planned = Date.parse(plan.phases[i].startsAt);
      // Opened on its own timer: at the planned instant, not before, and within seconds after.
      expect(phase.opened_early).toBe(false);
      expect(phase.opened_at!.getTime()).toBeGreaterThanOrEqual(planned);
      expect(phase.opened_at!.getTime() - planned).toBeLessThan(5_000);
      expect(phase.closed_at!.getTime()).toBeGreaterThanOrEqual(Date.parse(plan.phases[i].endsAt));
    });
    const [campaign] = await db.dataSource.query(
      'SELECT status, current_phase FROM campaigns WHERE id = $1',
      [result.campaignId],
    );
    expect(campaign).toEqual({ status: 'completed', current_phase: 'consolidation' });
  });

  it('opens self-check early on advance from study, refuses a stale second advance, keeps later phases on their dates', async () => {
    const now = await env.currentTimeMs();
    const plan = planFactory({ coveredUnitId: county.id, now, startInMs: 0, phaseMs: 30 * DAY });
    const campaignId = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan,
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      const advanced = await handle.executeUpdate(advancePhaseUpdate, {
        args: [{ ...decision('上级要求提前转段'), fromPhase: 'study' }],
      });
      expect(advanced).toMatchObject({
        status: 'active',
        currentPhase: 'self_check',
        phaseIndex: 1,
      });
      // A double click: the same view of the campaign (study) is stale now, and changes nothing.
      const stale = await handle
        .executeUpdate(advancePhaseUpdate, {
          args: [{ ...decision('重复点击'), fromPhase: 'study' }],
        })
        .catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((await handle.query(getCampaignStateQuery)).currentPhase).toBe('self_check');
      await untilDone(campaignId);
      return campaignId;
    });
    const phases = await phasesOf(campaignId);
    expect(phases.map((p) => p.opened_early)).toEqual([false, true, false, false]);
    expect(phases[1].opened_at!.getTime()).toBeLessThan(Date.parse(plan.phases[1].startsAt));
    // Study closed when self-check opened; rectification still opens on day 60.
    expect(Math.abs(phases[0].closed_at!.getTime() - phases[1].opened_at!.getTime())).toBeLessThan(
      5_000,
    );
    expect(phases[2].opened_at!.getTime()).toBeGreaterThanOrEqual(
      Date.parse(plan.phases[2].startsAt),
    );
    const decisions = await db.dataSource.query(
      `SELECT action, reason FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
      [campaignId],
    );
    expect(decisions).toEqual([{ action: 'campaign.advance', reason: '上级要求提前转段' }]);
  });

  it('moves every later timer by the paused time, and every deadline with it', async () => {
    const now = await env.currentTimeMs();
    const plan = planFactory({ coveredUnitId: county.id, now, startInMs: 0, phaseMs: 30 * DAY });
    const { campaignId, pausedFor } = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan,
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      await handle.executeUpdate(pauseCampaignUpdate, { args: [decision('上级检查，暂停一周')] });
      const pausedAt = await env.currentTimeMs();
      await env.sleep(7 * DAY);
      // While paused, nothing moves on.
      expect((await handle.query(getCampaignStateQuery)).status).toBe('paused');
      await handle.executeUpdate(resumeCampaignUpdate, { args: [decision('检查结束')] });
      const pausedFor = (await env.currentTimeMs()) - pausedAt;
      await untilDone(campaignId);
      return { campaignId, pausedFor };
    });
    const phases = await phasesOf(campaignId);
    expect(pausedFor).toBeGreaterThanOrEqual(7 * DAY);
    for (const [i, phase] of phases.entries()) {
      if (i === 0) continue; // study opened before the pause
      const planned = Date.parse(plan.phases[i].startsAt);
      // Opened a paused week (and the few seconds around it) later than planned.
      expect(phase.opened_at!.getTime() - planned).toBeGreaterThanOrEqual(pausedFor - 1_000);
      expect(phase.opened_at!.getTime() - planned).toBeLessThan(pausedFor + 5_000);
    }
  });

  it('extends the open phase: its end and everything after move by the extension', async () => {
    const spec: PlanSpec = datedPlanSpec(
      planFactory({
        coveredUnitId: county.id,
        now: await env.currentTimeMs(),
        startInMs: 0,
        phaseMs: 30 * DAY,
      }).phases as never,
    );
    spec.phases[0].tasks.push({
      key: 'reflection',
      kind: 'reflection',
      name: { 'zh-CN': '撰写心得体会', en: 'Write a reflection' },
      owner: 'everyone',
      due: { offset: 'P25D' },
      evidenceRequired: false,
      required: true,
    });
    const start = await env.currentTimeMs();
    const campaignId = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan: spec,
        startsAt: Date.parse(
          spec.phases[0].start && 'at' in spec.phases[0].start ? spec.phases[0].start.at : '',
        ),
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      const until = new Date(
        Date.parse((spec.phases[0].end as { at: string }).at) + 10 * DAY,
      ).toISOString();
      await handle.executeUpdate(extendPhaseUpdate, {
        args: [{ ...decision('延长学习教育阶段'), phase: 'study', until }],
      });
      const refused = await handle
        .executeUpdate(extendPhaseUpdate, {
          args: [{ ...decision('不能提前'), phase: 'study', until: new Date(start).toISOString() }],
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      await untilDone(campaignId);
      return campaignId;
    });
    const phases = await phasesOf(campaignId);
    const planEnd = Date.parse((spec.phases[0].end as { at: string }).at);
    expect(phases[0].closed_at!.getTime() - planEnd).toBeGreaterThanOrEqual(10 * DAY);
    expect(
      phases[1].opened_at!.getTime() - Date.parse((spec.phases[1].start as { at: string }).at),
    ).toBeGreaterThanOrEqual(10 * DAY);
    // The members' reflections are due ten days later too.
    const due = await db.dataSource.query(
      `SELECT DISTINCT due_at FROM campaign_tasks WHERE campaign_id = $1 AND task_key = 'reflection'`,
      [campaignId],
    );
    expect(due).toHaveLength(1);
    const phaseStart = Date.parse((spec.phases[0].start as { at: string }).at);
    expect(due[0].due_at.getTime()).toBe(phaseStart + 25 * DAY + 10 * DAY);
  });

  it('cancels: the campaign and its units end, their open tasks close as cancelled', async () => {
    const now = await env.currentTimeMs();
    const spec = pledgePlan(county.id, now);
    const campaignId = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan: spec,
        startsAt: now,
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      await handle.executeUpdate(cancelCampaignUpdate, { args: [decision('上级通知撤销')] });
      expect(await untilDone(campaignId)).toMatchObject({ status: 'cancelled' });
      return campaignId;
    });
    const tasks = await db.dataSource.query(
      `SELECT status, count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 GROUP BY status`,
      [campaignId],
    );
    expect(tasks).toEqual([{ status: 'cancelled', n: 3 }]);
  });

  it('writes a starting unit’s tasks once (no second pass over them as the first phase opens), and a member who moves in still gets them', async () => {
    const unit = await f.unit(county, 'party_branch', '第二党支部');
    for (let i = 0; i < 2; i++) await f.person(unit, { name: `二支部党员${i}` });
    const now = await env.currentTimeMs();
    const spec = pledgePlan(unit.id, now);
    const rowsPerPerson = (campaignId: string) =>
      db.dataSource.query<Array<{ person_id: string; n: number }>>(
        `SELECT person_id, count(*)::int AS n FROM campaign_tasks
          WHERE campaign_id = $1 AND person_id IS NOT NULL GROUP BY person_id`,
        [campaignId],
      );
    await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: unit.id,
        plan: spec,
        startsAt: now,
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      const unitHandle = env.client.workflow.getHandle(unitWorkflowId(campaignId, unit.id));
      // The unit has heard of the opened phase (the campaign's revision) and written its rows.
      const { revision } = await handle.query(getCampaignStateQuery);
      await eventually(
        () => unitHandle.query(getUnitStateQuery),
        (state) => state.revision === revision,
      );
      await eventually(
        () => rowsPerPerson(campaignId),
        (rows) => rows.length === 2,
      );
      const passes = async () =>
        (await unitHandle.fetchHistory()).events!.filter(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncUnitMembers',
        ).length;
      expect(await passes()).toBe(0);

      // A member moves in: told at once, the unit compares, and the newcomer owes the pledge.
      const joiner = await f.person(unit, { name: '调入民警' });
      await unitHandle.signal(unitMembersChangedSignal);
      const rows = await eventually(
        () => rowsPerPerson(campaignId),
        (r) => r.length === 3,
      );
      expect(rows.find((r) => r.person_id === joiner.id)).toEqual({ person_id: joiner.id, n: 1 });
      expect(await passes()).toBe(1);
      await handle.executeUpdate(cancelCampaignUpdate, { args: [decision('测试结束')] });
      await untilDone(campaignId);
    });
  });

  it('adds a unit mid-campaign: its people get the open phase’s tasks, due as long after as the others had', async () => {
    const now = await env.currentTimeMs();
    const spec = pledgePlan(county.id, now);
    const { campaignId, addedAt, late } = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan: spec,
        startsAt: now,
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      await env.sleep(5 * DAY);
      const late = await f.unit(county, 'party_branch', '新设党支部');
      await f.person(late, { name: '新同志' });
      const addedAt = await env.currentTimeMs();
      await handle.executeUpdate(addUnitsUpdate, {
        args: [{ ...decision('新设支部纳入'), unitIds: [late.id] }],
      });
      // The new unit's workflow writes its people's tasks (time does not skip while we look).
      await eventually(
        () =>
          db.dataSource.query(
            `SELECT 1 FROM campaign_tasks WHERE campaign_id = $1 AND unit_id = $2`,
            [campaignId, late.id],
          ),
        (rows) => rows.length > 0,
      );
      await handle.executeUpdate(cancelCampaignUpdate, { args: [decision('测试结束')] });
      await untilDone(campaignId);
      return { campaignId, addedAt, late };
    });
    const rows = await db.dataSource.query(
      `SELECT due_at, joined FROM campaign_tasks WHERE campaign_id = $1 AND unit_id = $2 AND task_key = 'pledge'`,
      [campaignId, late.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].joined).toBe(true);
    // Ten days from being added, as the others had ten days from the phase's start.
    expect(Math.abs(rows[0].due_at.getTime() - (addedAt + 10 * DAY))).toBeLessThan(60_000);
  });

  /** Whether the latest run of `workflowId` was started by continue-as-new. */
  const continuedAsNew = async (workflowId: string) =>
    Boolean(
      (await env.client.workflow.getHandle(workflowId).fetchHistory()).events?.[0]
        ?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId,
    );

  it('continues as new with controls in flight: nothing wedges, each phase opens once, every decision is recorded', async () => {
    const now = await env.currentTimeMs();
    const plan = planFactory({ coveredUnitId: county.id, now, startInMs: 0, phaseMs: 30 * DAY });
    const { campaignId, workflowId, answers } = await withWorker(async (taskQueue) => {
      // A short history, so the campaign and its units hand over to new runs many times: an
      // advance woke the main loop, which waited for every handler before continuing as new,
      // while the advance waited for the loop to open its phase.
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan,
        taskQueue,
        continueAsNewAfterEvents: 20,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      const control = <T>(update: T, reason: string, extra: object = {}) =>
        handle
          .executeUpdate(update as never, { args: [{ ...decision(reason), ...extra }] })
          .then((state) => (state as { currentPhase: string }).currentPhase)
          .catch((e: unknown) => (e instanceof WorkflowUpdateFailedError ? 'refused' : e));
      // Three offices advance from study at once: one moves it, the others are refused.
      const first = await Promise.all([
        control(advancePhaseUpdate, '上级要求提前转段', { fromPhase: 'study' }),
        control(advancePhaseUpdate, '另一处室同时转段', { fromPhase: 'study' }),
        control(advancePhaseUpdate, '第三处室同时转段', { fromPhase: 'study' }),
      ]);
      await env.sleep(2 * DAY);
      const extendTo = new Date(Date.parse(plan.phases[1].endsAt) + 10 * DAY).toISOString();
      // In this order (a pause first would refuse the extension of a paused campaign).
      const second = [
        await control(extendPhaseUpdate, '延长检视整治', { phase: 'self_check', until: extendTo }),
        await control(pauseCampaignUpdate, '上级检查，暂停'),
      ];
      await env.sleep(3 * DAY);
      const third = [
        await control(resumeCampaignUpdate, '检查结束'),
        await control(advancePhaseUpdate, '提前进入整改', { fromPhase: 'self_check' }),
      ];
      await untilDone(campaignId);
      return { campaignId, workflowId, answers: { first, second, third } };
    });
    expect(answers.first.sort()).toEqual(['refused', 'refused', 'self_check']);
    expect(answers.second).toEqual(['self_check', 'self_check']);
    expect(answers.third).toEqual(['self_check', 'rectification']);
    expect(await continuedAsNew(workflowId)).toBe(true);
    expect(await continuedAsNew(unitWorkflowId(campaignId, branch.id))).toBe(true);
    // Each phase opened and closed once, in order.
    const events = await db.dataSource.query(
      `SELECT kind, phase_index FROM campaign_events
        WHERE campaign_id = $1 AND kind = 'phase_open' ORDER BY phase_index`,
      [campaignId],
    );
    expect(events).toEqual([0, 1, 2, 3].map((i) => ({ kind: 'phase_open', phase_index: i })));
    const phases = await phasesOf(campaignId);
    expect(phases.every((p) => p.opened_at && p.closed_at)).toBe(true);
    const decisions = await db.dataSource.query(
      `SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
      [campaignId],
    );
    expect(decisions.map((d: { action: string }) => d.action).sort()).toEqual(
      [
        'campaign.advance',
        'campaign.advance',
        'campaign.extend',
        'campaign.pause',
        'campaign.resume',
      ].sort(),
    );
  });

  it('starts a unit whose workflow is gone again at the next change, so it misses no schedule', async () => {
    const now = await env.currentTimeMs();
    const plan = planFactory({ coveredUnitId: county.id, now, startInMs: 0, phaseMs: 30 * DAY });
    const seen = await withWorker(async (taskQueue) => {
      const { workflowId, campaignId } = await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan,
        taskQueue,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      await waitFor(handle, 'study');
      const unit = env.client.workflow.getHandle(unitWorkflowId(campaignId, branch.id));
      await unit.terminate('an operator ended it by mistake');
      // The next change reaches it: started again, then told the schedule and the pause.
      const paused = await handle.executeUpdate(pauseCampaignUpdate, {
        args: [decision('上级检查，暂停')],
      });
      const state = await eventually(
        () => unit.query(getUnitStateQuery),
        (u) => u.revision === paused.revision,
      );
      const running = (await unit.describe()).status.name;
      await handle.executeUpdate(cancelCampaignUpdate, { args: [decision('测试结束')] });
      await untilDone(campaignId);
      return { status: state.status, running };
    });
    expect(seen).toEqual({ status: 'paused', running: 'RUNNING' });
  });
});
