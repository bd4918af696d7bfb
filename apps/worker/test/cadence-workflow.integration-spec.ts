import { createActivities } from '@campaign/activities';
import {
  CADENCE_WORKFLOW,
  cadenceWorkflowId,
  type CadenceWorkflowInput,
  cadenceWorkflowInput,
  type ItemCommand,
  itemCommandUpdate,
  itemWorkflowId,
} from '@campaign/contracts';
import { cadenceKey, cadenceSchedule } from '@campaign/domain';
import {
  CampaignReadModelRepository,
  campaignWorkflowInput,
  type PersonEntity,
  type UnitEntity,
} from '@campaign/persistence';
import { createWorker } from '@campaign/temporal';
import {
  createTestDatabase,
  installQuietTemporalRuntime,
  launchTestCampaign,
  OrgFactory,
  planFactory,
  registerTestItem,
  testConfig,
  type TestDatabase,
  testLogger,
  TimeSkipping,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 24 * 3600 * 1000;

interface ReportRow {
  id: string;
  kind: string;
  period: string;
  period_start: Date;
  period_end: Date;
  produced_campaign_at: Date;
}

/**
 * The cadence workflow over a real four-month campaign on the time-skipping server, with the
 * real activities and PostgreSQL: every month's dispatch and every quarter's bulletin once, on
 * time and in order, each reading the ledger as of its period's end; periods already past
 * when it starts (a worker that was down) caught up in order, dated for their own periods.
 */
describe('cadenceWorkflow on the time-skipping server', () => {
  let ts: TimeSkipping;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let county: UnitEntity;
  let branch: UnitEntity;
  let people: Record<'leader' | 'person' | 'office', PersonEntity>;

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    const f = new OrgFactory(db.dataSource);
    county = await f.unit(null, 'county_bureau', '东城分局');
    branch = await f.unit(county, 'party_branch', '第一党支部');
    people = {
      leader: await f.person(branch, { name: '周书记', isLeader: true }),
      // Nobody has a mail address: no SMTP retries hold the server's clock.
      person: await f.person(branch, { name: '李娜' }),
      office: await f.person(county, { name: '陈主任' }),
    };
    await f.org.setFirstResponsible(branch.id, people.leader.id);
    await f.org.grant(people.office.id, 'office', county.id, null);
  });

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

  const config = (taskQueue: string) => testConfig(db.url, { TEMPORAL_TASK_QUEUE: taskQueue });
  const activities = (taskQueue: string) =>
    createActivities({
      dataSource: db.dataSource,
      config: config(taskQueue),
      logger: testLogger(config(taskQueue)),
    });
  const worker = async (taskQueue: string) =>
    ts.track(
      await createWorker({
        connection: env.nativeConnection,
        temporal: { ...config(taskQueue).temporal, namespace: env.namespace ?? 'default' },
        activities: activities(taskQueue),
      }),
    );

  /** A campaign of four 30-day phases from `startsAt`, recorded without its own workflow. */
  const campaign = async (startsAt: number): Promise<CadenceWorkflowInput> => {
    const { campaignId } = await launchTestCampaign(db.dataSource, env.client, {
      coveredUnitId: county.id,
      plan: planFactory({ coveredUnitId: county.id, now: startsAt }),
      // Its items climb untouched, and each bulletin carries the rungs its quarter fired.
      ladder: 'notices',
      taskQueue: 'unused',
      start: false,
    });
    const row = (await new CampaignReadModelRepository(db.dataSource).findById(campaignId))!;
    return cadenceWorkflowInput(campaignWorkflowInput(row));
  };
  const startCadence = (input: CadenceWorkflowInput, taskQueue: string) =>
    env.client.workflow.start(CADENCE_WORKFLOW, {
      workflowId: cadenceWorkflowId(input.campaignId),
      taskQueue,
      args: [input],
    });

  const reports = (campaignId: string): Promise<ReportRow[]> =>
    db.dataSource.query(
      `SELECT id, kind, period, period_start, period_end, produced_campaign_at
         FROM cadence_reports WHERE campaign_id = $1 ORDER BY produced_at`,
      [campaignId],
    );
  const figures = async (reportId: string) =>
    (
      await db.dataSource.query(
        'SELECT figures FROM cadence_unit_figures WHERE report_id = $1 AND unit_id = $2',
        [reportId, branch.id],
      )
    )[0]?.figures;
  const named = (reportId: string) =>
    db.dataSource.query(
      'SELECT item_id, reasons, rung, rungs FROM cadence_bulletin_items WHERE report_id = $1',
      [reportId],
    );

  const command = (id: string, cmd: ItemCommand) =>
    env.client.workflow
      .getHandle(itemWorkflowId(id))
      .executeUpdate(itemCommandUpdate, { args: [cmd] });

  it('produces every month and quarter once, on time, as the ledger stood at each end', async () => {
    const taskQueue = `cadence-${uniqueSuffix()}`;
    const input = await campaign(await env.currentTimeMs());
    const w = await worker(taskQueue);
    const itemId = await w.runUntil(async () => {
      const handle = await startCadence(input, taskQueue);
      const item = await registerTestItem(db.dataSource, env.client, {
        campaignId: input.campaignId,
        unitId: branch.id,
        byPersonId: people.office.id,
        taskQueue,
        at: await env.currentTimeMs(),
      });
      await command(item, {
        type: 'assigned',
        by: people.office.id,
        responsibleLeaderId: people.leader.id,
        responsibleUnitId: branch.id,
        responsiblePersonId: people.person.id,
        deadlineWorkingDays: 10,
        acceptanceStandard: '连续一个月抽查无违规。',
        expectedEffect: '工作纪律明显好转。',
        measures: '每周抽查在岗情况。',
        mode: 'by_deadline',
      });
      // Four months of campaign time; the workflow ends after its last period.
      await handle.result();
      return item;
    });

    const schedule = cadenceSchedule(input.startsAt, input.endsAt, { halfYear: input.halfYear });
    const rows = await reports(input.campaignId);
    // Every period once, in the order they fell due.
    expect(rows.map((r) => `${r.kind}:${r.period}`)).toEqual(schedule.map(cadenceKey));
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const [i, row] of rows.entries()) {
      expect([row.period_start.getTime(), row.period_end.getTime()]).toEqual([
        schedule[i].from,
        schedule[i].to,
      ]);
      // On time: produced when its period ended, not before, not days later.
      const lag = row.produced_campaign_at.getTime() - row.period_end.getTime();
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(DAY);
    }

    // The month the deadline passed: the item is new, being rectified, overdue and escalated.
    const dispatches = rows.filter((r) => r.kind === 'dispatch');
    const [december, january] = [dispatches[0], dispatches[1]];
    const q4 = rows.find((r) => r.kind === 'bulletin')!;
    expect(await figures(december.id)).toEqual({
      total: 1,
      new: 1,
      inProgress: 1,
      submitted: 0,
      closed: 0,
      overdue: 1,
      escalated: 1,
      sentBack: 0,
    });
    expect(await figures(january.id)).toMatchObject({ total: 1, new: 0, overdue: 1 });
    // The ladder's first rung is "named in the next bulletin": this bulletin names it so.
    const [inQ4] = await named(q4.id);
    expect(inQ4).toMatchObject({ item_id: itemId, reasons: ['overdue', 'escalated'] });
    expect(inQ4.rungs[0]).toMatchObject({ rung: 'bulletin', reason: 'overdue' });
    const register: Array<{ rung: string; at: Date }> = await db.dataSource.query(
      `SELECT rung, at FROM accountability_entries WHERE item_id = $1 AND kind = 'rung' ORDER BY at`,
      [itemId],
    );
    // Each bulletin carries exactly the rungs its quarter fired, each rung in one bulletin.
    const bulletins = rows.filter((r) => r.kind === 'bulletin');
    const carried = (await Promise.all(bulletins.map((b) => named(b.id))))
      .flat()
      .flatMap((n: { rungs: Array<{ rung: string }> }) => n.rungs.map((r) => r.rung));
    const firedInCampaign = register.filter((r) => r.at.getTime() < input.endsAt);
    expect(carried).toEqual(firedInCampaign.map((r) => r.rung));
    expect(carried).toContain('accountability');

    // The half-year analysis (半年分析, 年中查账) closes each half year and the campaign, after
    // that instant's bulletin: the half year's figures, and the items it names.
    expect(input.halfYear).toBe(true);
    const analyses = rows.filter((r) => r.kind === 'analysis');
    expect(analyses.length).toBeGreaterThanOrEqual(1);
    for (const a of analyses) {
      expect(a.period).toMatch(/^\d{4}-H[12]$/);
      const end = a.period_end.getTime();
      const closing = rows.filter((r) => r.period_end.getTime() === end).map((r) => r.kind);
      expect(closing.slice(-3)).toEqual(['dispatch', 'bulletin', 'analysis']);
    }
    const [firstHalf] = analyses;
    expect(await figures(firstHalf.id)).toMatchObject({ total: 1, new: 1, overdue: 1 });
    const [inHalf] = await named(firstHalf.id);
    expect(inHalf).toMatchObject({ item_id: itemId });
    expect(inHalf.reasons).toContain('overdue');

    // A second producer of a period changes nothing.
    const again = await activities(taskQueue).produceCadenceReport({
      campaignId: input.campaignId,
      kind: 'dispatch',
      period: schedule[0].period,
      from: schedule[0].from,
      to: schedule[0].to,
      at: await env.currentTimeMs(),
    });
    expect(again.created).toBe(false);
    expect(await reports(input.campaignId)).toHaveLength(rows.length);
    expect(await figures(december.id)).toMatchObject({ total: 1, overdue: 1 });
  });

  it('catches up the periods it missed, in order, each dated for its own period', async () => {
    const taskQueue = `cadence-${uniqueSuffix()}`;
    const now = await env.currentTimeMs();
    // The campaign started 70 days ago and nothing produced its reports: two or three months
    // and a quarter are owed at once, as when a worker comes back after being down.
    const input = await campaign(now - 70 * DAY);
    const w = await worker(taskQueue);
    await w.runUntil(async () => {
      await registerTestItem(db.dataSource, env.client, {
        campaignId: input.campaignId,
        unitId: branch.id,
        byPersonId: people.office.id,
        taskQueue,
        at: now,
      });
      await (await startCadence(input, taskQueue)).result();
    });
    const schedule = cadenceSchedule(input.startsAt, input.endsAt, { halfYear: input.halfYear });
    const rows = await reports(input.campaignId);
    expect(rows.map((r) => `${r.kind}:${r.period}`)).toEqual(schedule.map(cadenceKey));
    const late = rows.filter((r) => r.period_end.getTime() <= now);
    expect(late.length).toBeGreaterThanOrEqual(2);
    for (const row of late) {
      // Produced late (at the start), yet reads as of its own period: the item came after it.
      expect(row.produced_campaign_at.getTime()).toBeGreaterThanOrEqual(now);
      expect(await figures(row.id)).toMatchObject({ total: 0, new: 0 });
    }
    const current = rows.find(
      (r) => r.period_start.getTime() <= now && now < r.period_end.getTime(),
    )!;
    expect(await figures(current.id)).toMatchObject({ total: 1, new: 1 });
  });

  it('continues as new between periods and still produces every period once, in order', async () => {
    const taskQueue = `cadence-${uniqueSuffix()}`;
    // A history this short hands over to a new run after every report or two.
    const input = { ...(await campaign(await env.currentTimeMs())), continueAsNewAfterEvents: 12 };
    const w = await worker(taskQueue);
    const handle = await w.runUntil(async () => {
      const handle = await startCadence(input, taskQueue);
      await handle.result();
      return handle;
    });
    const schedule = cadenceSchedule(input.startsAt, input.endsAt, { halfYear: input.halfYear });
    const rows = await reports(input.campaignId);
    expect(rows.map((r) => `${r.kind}:${r.period}`)).toEqual(schedule.map(cadenceKey));
    // The run that finished was not the first.
    const latest = await env.client.workflow.getHandle(handle.workflowId).fetchHistory();
    expect(
      latest.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId,
    ).toBeTruthy();
  });
});
