import { createActivities } from '@campaign/activities';
import {
  cancelCampaignUpdate,
  getItemSnapshotQuery,
  type ItemActivities,
  type ItemCommand,
  itemCommandUpdate,
  itemWorkflowId,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
} from '@campaign/contracts';
import {
  dayOf,
  DEFAULT_ESCALATION_POLICY,
  forecastItemLadder,
  itemSpreadMs,
  WorkingDayCalendar,
} from '@campaign/domain';
import { CalendarRepository, type PersonEntity, type UnitEntity } from '@campaign/persistence';
import { createWorker, retryParkedItems } from '@campaign/temporal';
import {
  createTestDatabase,
  eventually,
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
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const DAY = 24 * 3600 * 1000;

interface Entry {
  key: string;
  rung: string;
  reason: string | null;
  at: Date;
  recipients: Array<{ personId: string; role: string; levelsUp?: number }>;
  accountable: string[];
}

/**
 * The item workflow over real, month-scale durations on the time-skipping server, with the real
 * activities and PostgreSQL: a ladder of notices (the plan's `decisions: {}`: every rung fires
 * by itself) from the reminders to accountability, each rung once; an extension re-arming
 * exactly its own timers; and the seeds' ladder, whose rungs wait on their desks.
 */
describe('itemWorkflow on the time-skipping server', () => {
  let ts: TimeSkipping;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let f: OrgFactory;
  let city: UnitEntity;
  let county: UnitEntity;
  let branch: UnitEntity;
  let people: Record<
    'citySecretary' | 'countySecretary' | 'countyArea' | 'leader' | 'person' | 'office',
    PersonEntity
  >;

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    county = await f.unit(city, 'county_bureau', '东城分局');
    branch = await f.unit(county, 'party_branch', '第一党支部');
    people = {
      citySecretary: await f.person(city, { name: '郑局长', isLeader: true }),
      countySecretary: await f.person(county, { name: '吴局长', isLeader: true }),
      countyArea: await f.person(county, { name: '冯政委', isLeader: true }),
      leader: await f.person(branch, { name: '周书记', isLeader: true }),
      // Nobody has a mail address: no SMTP retries hold the server's clock (mail: ledger.integration-spec).
      person: await f.person(branch, { name: '李娜' }),
      office: await f.person(county, { name: '陈主任' }),
    };
    await f.org.setFirstResponsible(city.id, people.citySecretary.id);
    await f.org.setFirstResponsible(county.id, people.countySecretary.id);
    await f.org.setFirstResponsible(branch.id, people.leader.id);
    // The business line: the branch's leader leads 队伍管理, so does a member of the county's committee.
    await f.org.setCommittee(branch.id, [{ personId: people.leader.id, areas: ['队伍管理'] }]);
    await f.org.setCommittee(county.id, [{ personId: people.countyArea.id, areas: ['队伍管理'] }]);
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
  const worker = async (
    taskQueue: string,
    wrap: (real: ItemActivities) => Partial<ItemActivities> = () => ({}),
  ) => {
    const real = createActivities({
      dataSource: db.dataSource,
      config: config(taskQueue),
      logger: testLogger(config(taskQueue)),
    });
    return ts.track(
      await createWorker({
        connection: env.nativeConnection,
        temporal: { ...config(taskQueue).temporal, namespace: env.namespace ?? 'default' },
        activities: { ...real, ...wrap(real) },
      }),
    );
  };

  /**
   * A campaign recorded without its own workflow: only its items move. Its ladder is one of
   * notices unless `seeds` (the default plan's desks).
   */
  const campaign = async (ladder: 'notices' | 'seeds' = 'notices') =>
    (
      await launchTestCampaign(db.dataSource, env.client, {
        coveredUnitId: county.id,
        plan: planFactory({ coveredUnitId: county.id, now: await env.currentTimeMs() }),
        ...(ladder === 'notices' ? { ladder } : {}),
        taskQueue: 'unused',
        start: false,
      })
    ).campaignId;

  const register = async (taskQueue: string, ladder?: 'notices' | 'seeds') =>
    registerTestItem(db.dataSource, env.client, {
      campaignId: await campaign(ladder),
      unitId: branch.id,
      byPersonId: people.office.id,
      taskQueue,
      at: await env.currentTimeMs(),
    });

  const command = (id: string, cmd: ItemCommand) =>
    env.client.workflow
      .getHandle(itemWorkflowId(id))
      .executeUpdate(itemCommandUpdate, { args: [cmd] });

  const assign = (id: string) =>
    command(id, {
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

  const entries = (itemId: string): Promise<Entry[]> =>
    db.dataSource.query(
      `SELECT key, rung, reason, at, recipients, accountable FROM accountability_entries
       WHERE item_id = $1 ORDER BY at, key`,
      [itemId],
    );
  /** Notification rows per register entry: exactly one per person and channel. */
  const messagesPer = async (itemId: string): Promise<Map<string, number>> => {
    const rows: Array<{ key: string; n: number; distinct_n: number }> = await db.dataSource.query(
      `SELECT a.key, count(n.id)::int AS n,
              count(DISTINCT (n.recipient_person_id, n.channel))::int AS distinct_n
       FROM accountability_entries a
       JOIN notifications n ON n.dedupe_key LIKE a.key || ':%'
       WHERE a.item_id = $1 GROUP BY a.key`,
      [itemId],
    );
    for (const r of rows) expect(r.n).toBe(r.distinct_n);
    return new Map(rows.map((r) => [r.key, r.n]));
  };

  /** A campaign running its own workflow, with one item of it assigned. */
  const campaignWithItem = async (taskQueue: string) => {
    const { campaignId, workflowId } = await launchTestCampaign(db.dataSource, env.client, {
      coveredUnitId: county.id,
      plan: planFactory({ coveredUnitId: county.id, now: await env.currentTimeMs() }),
      ladder: 'notices',
      taskQueue,
    });
    const item = await registerTestItem(db.dataSource, env.client, {
      campaignId,
      unitId: branch.id,
      byPersonId: people.office.id,
      taskQueue,
      at: await env.currentTimeMs(),
    });
    const assigned = await assign(item);
    return { workflowId, campaign: env.client.workflow.getHandle(workflowId), item, assigned };
  };
  /** An office's decision on a campaign control. */
  const decision = (reason: string) => ({
    actorPersonId: people.office.id,
    reason,
    requestId: crypto.randomUUID(),
  });

  const LADDER = [
    'reminder',
    'reminder',
    'warning',
    'bulletin',
    'supervision_order',
    'admonishment_talk',
    'stationed_supervision',
    'accountability',
  ];

  it('climbs every rung of the default ladder once, over real month-scale waits', async () => {
    const taskQueue = `item-${uniqueSuffix()}`;
    const w = await worker(taskQueue);
    const id = await w.runUntil(async () => {
      const item = await register(taskQueue);
      const assigned = await assign(item);
      expect(assigned.status).toBe('assigned');
      await env.sleep(120 * DAY);
      return item;
    });
    const register_ = await entries(id);
    expect(register_.map((e) => e.rung)).toEqual(LADDER);
    const [row] = await db.dataSource.query(
      'SELECT status, rung, warning_level, overdue, deadline FROM ledger_items WHERE id = $1',
      [id],
    );
    expect(row).toMatchObject({ status: 'assigned', rung: 'accountability', warning_level: 'red' });
    // About two months of campaign time from the deadline to accountability (1 day + 40 working days).
    const deadline = (row.deadline as Date).getTime();
    const accountability = register_.at(-1)!;
    const days = (accountability.at.getTime() - deadline) / DAY;
    expect(days).toBeGreaterThan(50);
    expect(days).toBeLessThan(75);
    // Reminders come before the deadline, every rung after it.
    expect(register_.slice(0, 2).every((e) => e.at.getTime() < deadline)).toBe(true);
    expect(register_.slice(2).every((e) => e.at.getTime() >= deadline)).toBe(true);
    // 两线问责: the person, their leader, the first responsible two levels up, the area's leader.
    const reached = accountability.recipients.map((r) => r.personId);
    expect(reached).toEqual(
      expect.arrayContaining([
        people.person.id,
        people.leader.id,
        people.countySecretary.id,
        people.citySecretary.id,
        people.countyArea.id,
      ]),
    );
    expect(accountability.accountable).toContain(people.person.id);
    const messages = await messagesPer(id);
    for (const entry of register_) expect(messages.get(entry.key)).toBeGreaterThan(0);
  });

  it('waits on the seeds’ desks: nobody deciding climbs the desks, never the rungs; the desk’s decision fires its rung', async () => {
    const supervisor = await f.person(county, { name: '督查问效组 赵组长' });
    await f.org.grant(supervisor.id, 'supervisor', county.id, null);
    const taskQueue = `item-${uniqueSuffix()}`;
    const w = await worker(taskQueue);
    // One run of the worker (a worker runs once): four months untouched, then the decision.
    await w.runUntil(async () => {
      const id = await register(taskQueue, 'seeds');
      await assign(id);
      await env.sleep(120 * DAY);
      // Four months untouched: the notices went out, the 督办单 waits on a desk.
      expect((await entries(id)).map((e) => e.rung)).toEqual(LADDER.slice(0, 4));
      const rows: Array<{
        key: string;
        status: string;
        levels_up: number;
        desk_unit_id: string;
        desk_person_ids: string[];
        rung: string;
      }> = await db.dataSource.query(
        `SELECT key, status, levels_up, desk_unit_id, desk_person_ids, rung FROM ladder_decisions
       WHERE item_id = $1 ORDER BY opened_at, key`,
        [id],
      );
      expect(new Set(rows.map((r) => r.rung))).toEqual(new Set(['supervision_order']));
      // The county's group had it first and let it pass; the city's desk has had it since.
      expect(rows[0]).toMatchObject({
        status: 'escalated',
        levels_up: 1,
        desk_unit_id: county.id,
        desk_person_ids: [supervisor.id],
      });
      expect(rows[1]).toMatchObject({
        status: 'escalated',
        levels_up: 2,
        desk_unit_id: city.id,
        desk_person_ids: [],
      });
      // Nobody sits at the city's desk: the office hears of it (to grant the role).
      const told: Array<{ person: string; template: string }> = await db.dataSource.query(
        `SELECT DISTINCT recipient_person_id AS person, template_key AS template
         FROM notifications WHERE dedupe_key LIKE $1`,
        [`${rows[1].key}:%`],
      );
      expect(told).toEqual([{ person: people.office.id, template: 'item_decision' }]);
      expect(rows.slice(0, -1).every((r) => r.status === 'escalated')).toBe(true);
      const pending = rows.at(-1)!;
      expect(pending.status).toBe('pending');

      // The desk issues it: the rung fires at the decision, once.
      await command(id, {
        type: 'decision_taken',
        by: supervisor.id,
        decisionKey: pending.key,
        decision: 'issue',
        reason: '经研究，决定下发督办单。',
      });
      expect((await entries(id)).map((e) => e.rung)).toEqual(LADDER.slice(0, 5));
      const [issued] = await db.dataSource.query(
        'SELECT status, decided_by, decision_reason FROM ladder_decisions WHERE key = $1',
        [pending.key],
      );
      expect(issued).toEqual({
        status: 'issued',
        decided_by: supervisor.id,
        decision_reason: '经研究，决定下发督办单。',
      });
    });
  });

  it('climbs the seeds’ ladder on the dates the forecast gives, each desk deciding the day it is asked', async () => {
    const supervisor = await f.person(county, { name: '督查问效组 钱组长' });
    await f.org.grant(supervisor.id, 'supervisor', county.id, null);
    const inspector = await f.person(county, { name: '纪检监察干部 孙' });
    await f.org.grant(inspector.id, 'inspector', county.id, null);
    const taskQueue = `item-${uniqueSuffix()}`;
    const w = await worker(taskQueue);
    // One run of the worker (a worker runs once) for the whole ladder.
    await w.runUntil(async () => {
      const id = await register(taskQueue, 'seeds');
      await assign(id);
      const [row] = await db.dataSource.query('SELECT deadline FROM ledger_items WHERE id = $1', [
        id,
      ]);
      const deadline = (row.deadline as Date).getTime();
      // What the forecast shows for this item: forecastItemLadder, the forecast's own function.
      const year = new Date(deadline).getUTCFullYear();
      const calendar = new WorkingDayCalendar(
        await new CalendarRepository(db.dataSource).years(year - 1, year + 2),
      );
      const [registered] = await db.dataSource.query(
        'SELECT registered_at FROM ledger_items WHERE id = $1',
        [id],
      );
      const forecast = forecastItemLadder(
        DEFAULT_ESCALATION_POLICY,
        'P1M',
        (registered.registered_at as Date).getTime(),
        dayOf(deadline),
        calendar,
      ).steps;
      const spread = itemSpreadMs(id);
      const desks: Record<string, string> = {
        supervisor: supervisor.id,
        inspector: inspector.id,
        committee: people.countySecretary.id,
      };
      for (const step of forecast.filter((x) => x.decision)) {
        for (const [index, desk] of step.decision!.entries()) {
          // Sleep to the proposal (a chain's next desk has it at once), then decide at once.
          const wait = step.at + spread - (await env.currentTimeMs());
          if (index === 0 && wait > 0) await env.sleep(wait + 1_000);
          const [pending] = await db.dataSource.query(
            `SELECT key, opened_at, decide_by, role, levels_up, step FROM ladder_decisions
           WHERE item_id = $1 AND status = 'pending'`,
            [id],
          );
          expect([pending.role, pending.levels_up, pending.step]).toEqual([
            desk.role,
            desk.levelsUp,
            index,
          ]);
          if (index === 0) expect(pending.opened_at.getTime()).toBe(step.at + spread);
          expect(pending.decide_by.getTime()).toBe(desk.decideBy);
          await command(id, {
            type: 'decision_taken',
            by: desks[desk.role],
            decisionKey: pending.key,
            decision: 'issue',
            reason: '经研究，决定实施。',
            ...(step.rung === 'accountability' && index === step.decision!.length - 1
              ? {
                  accountable: [
                    {
                      personId: people.person.id,
                      responsibility: 'direct' as const,
                      form: 'admonishment' as const,
                      reason: '整改不力。',
                    },
                  ],
                }
              : {}),
          });
        }
      }
      // Every rung on the forecast's day, within the minute the desk took to decide.
      const rungs = (await entries(id)).filter(
        (e) => e.rung !== 'reminder' && e.rung !== 'warning',
      );
      expect(rungs.map((e) => e.rung)).toEqual(forecast.slice(2).map((x) => x.rung));
      rungs.forEach((e, i) => {
        const late = e.at.getTime() - spread - forecast[i + 2].at;
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThan(60_000);
      });
      expect(rungs.at(-1)!.accountable).toEqual([people.person.id]);
    });
  });

  it('re-arms exactly its own timers when an extension is approved', async () => {
    const taskQueue = `item-${uniqueSuffix()}`;
    const w = await worker(taskQueue);
    const { id, original, moved } = await w.runUntil(async () => {
      const item = await register(taskQueue);
      const assigned = await assign(item);
      const extensionId = crypto.randomUUID();
      const day = new Date(assigned.deadline! + 40 * DAY + 8 * 3600_000).toISOString().slice(0, 10);
      await command(item, {
        type: 'extension_requested',
        by: people.person.id,
        extensionId,
        newDeadline: day,
        reason: '需协调上级部门。',
      });
      const decided = await command(item, {
        type: 'extension_decided',
        by: people.office.id,
        extensionId,
        decision: 'approve',
      });
      await env.sleep(150 * DAY);
      return { id: item, original: assigned.deadline!, moved: decided.deadline! };
    });
    expect(moved - original).toBeGreaterThanOrEqual(39 * DAY);
    const register_ = await entries(id);
    // The longer deadline leaves a whole review window without a report before it: the stall
    // track's yellow warning names the item in the bulletin (纸面整改). Then the new deadline's
    // reminders and overdue warning, and the ladder from its next unfired rung.
    expect(register_.map((e) => [e.rung, e.reason])).toEqual([
      ['bulletin', 'stalled'],
      ['warning', 'stalled'],
      ['reminder', null],
      ['reminder', null],
      ['warning', 'overdue'],
      ['supervision_order', 'overdue'],
      ['admonishment_talk', 'overdue'],
      ['stationed_supervision', 'overdue'],
      ['accountability', 'overdue'],
    ]);
    // Nothing fired for the old deadline: the reminders and the overdue warning are the new one's.
    expect(register_[0].at.getTime()).toBeGreaterThan(original);
    expect(register_[2].at.getTime()).toBeGreaterThan(moved - 8 * DAY);
    expect(register_[4].at.getTime()).toBeGreaterThanOrEqual(moved);
    const [row] = await db.dataSource.query(
      'SELECT deadline, original_deadline, cumulative_delay_ms FROM ledger_items WHERE id = $1',
      [id],
    );
    expect((row.original_deadline as Date).getTime()).toBe(original);
    expect((row.deadline as Date).getTime()).toBe(moved);
    expect(Number(row.cumulative_delay_ms)).toBe(moved - original);
  });

  it('parks an item whose step fails for good, state unchanged, and climbs on once retried', async () => {
    const taskQueue = `item-${uniqueSuffix()}`;
    // The next step fails as bad data does in production (failPermanentErrorsFast): for good.
    let failNext = false;
    const w = await worker(taskQueue, (real) => ({
      recordItemStep: async (input) => {
        if (!failNext) return real.recordItemStep(input);
        failNext = false;
        throw ApplicationFailure.create({
          type: 'BadData',
          message: 'recordItemStep failed permanently (QueryFailedError, SQLSTATE 23514)',
          nonRetryable: true,
          details: [{ sqlState: '23514' }],
        });
      },
    }));
    const id = await w.runUntil(async () => {
      const item = await register(taskQueue);
      const assigned = await assign(item);
      const handle = env.client.workflow.getHandle(itemWorkflowId(item));
      failNext = true;
      // The first reminder (7 days before the deadline) fails; a month past the deadline nothing
      // else has fired: the ladder waits behind the parked step instead of being lost.
      await env.sleep(assigned.deadline! - (await env.currentTimeMs()) + 30 * DAY);
      const parked = await eventually(
        () =>
          db.dataSource.query(
            'SELECT status, rung, parked_at, parked_reason FROM ledger_items WHERE id = $1',
            [item],
          ),
        ([row]) => row.parked_at !== null,
      );
      expect(parked[0]).toMatchObject({
        status: 'assigned',
        rung: null,
        parked_reason: 'BadData SQLSTATE 23514',
      });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect(await handle.query(getItemSnapshotQuery)).toMatchObject({
        status: 'assigned',
        rung: null,
        seq: assigned.seq,
      });
      expect(await entries(item)).toEqual([]);
      // The office is told, once.
      const notices: Array<{ recipient_person_id: string }> = await db.dataSource.query(
        `SELECT recipient_person_id FROM notifications
         WHERE template_key = 'item_parked' AND dedupe_key LIKE $1 AND channel = 'inbox'`,
        [`item-${item}-%`],
      );
      expect(notices.map((n) => n.recipient_person_id)).toEqual([people.office.id]);

      // What every worker does at boot (and the office's retry route, for one item).
      expect(await retryParkedItems(db.dataSource, env.client)).toBeGreaterThanOrEqual(1);
      await eventually(
        () => db.dataSource.query('SELECT parked_at FROM ledger_items WHERE id = $1', [item]),
        ([row]) => row.parked_at === null,
      );
      await env.sleep(120 * DAY);
      return item;
    });
    // The failed reminder is recorded once, and the whole ladder follows, each rung once.
    expect((await entries(id)).map((e) => e.rung)).toEqual(LADDER);
    const messages = await messagesPer(id);
    for (const entry of await entries(id)) expect(messages.get(entry.key)).toBeGreaterThan(0);
  });

  it("holds an item's reminders and ladder while its campaign is paused, then moves them by the pause", async () => {
    const taskQueue = `item-${uniqueSuffix()}`;
    const w = await worker(taskQueue);
    const PAUSE = 60 * DAY;
    const { id, before, pausedFor } = await w.runUntil(async () => {
      // This time the campaign runs its own workflow: its pause must reach the item.
      const { campaign, item, assigned } = await campaignWithItem(taskQueue);
      await campaign.executeUpdate(pauseCampaignUpdate, { args: [decision('上级检查，暂停')] });
      const pausedAt = await env.currentTimeMs();
      // Paused past the deadline: no reminder, no overdue warning, no rung.
      await env.sleep(PAUSE);
      expect(await entries(item)).toEqual([]);
      // People's moves still work while time stands still.
      const reported = await command(item, {
        type: 'progress_reported',
        by: people.person.id,
        reportId: crypto.randomUUID(),
        evidence: 1,
      });
      expect(reported.status).toBe('in_progress');
      await campaign.executeUpdate(resumeCampaignUpdate, { args: [decision('检查结束')] });
      const pausedFor = (await env.currentTimeMs()) - pausedAt;
      // Up the whole ladder, a few days at a time, and no further: the campaign's own end, later,
      // is not this test's (and one long skip across it can hang the server, sdk-java #2670).
      await ts.skipUntil(
        async () => (await entries(item)).length >= LADDER.length,
        5 * DAY,
        150 * DAY,
      );
      return { id: item, before: assigned.deadline!, pausedFor };
    });
    expect(pausedFor).toBeGreaterThanOrEqual(PAUSE);
    const register_ = await entries(id);
    expect(register_.map((e) => e.rung)).toEqual(LADDER);
    const [row] = await db.dataSource.query(
      'SELECT deadline, original_deadline FROM ledger_items WHERE id = $1',
      [id],
    );
    // The deadline in force moved by the pause; the original stays on record.
    const deadline = (row.deadline as Date).getTime();
    expect((row.original_deadline as Date).getTime()).toBe(before);
    expect(deadline - before).toBeGreaterThanOrEqual(pausedFor - 1_000);
    expect(deadline - before).toBeLessThan(pausedFor + 60_000);
    // The reminders came a pause later than they would have: before the moved deadline.
    expect(register_[0].at.getTime()).toBeGreaterThan(before);
    expect(register_.slice(0, 2).every((e) => e.at.getTime() < deadline)).toBe(true);
    expect(register_.slice(2).every((e) => e.at.getTime() >= deadline)).toBe(true);
  });
  it('lets an item climb again when its paused campaign is cancelled: the ledger outlives the campaign', async () => {
    const taskQueue = `item-${uniqueSuffix()}`;
    const w = await worker(taskQueue);
    const id = await w.runUntil(async () => {
      const { workflowId, campaign, item } = await campaignWithItem(taskQueue);
      await campaign.executeUpdate(pauseCampaignUpdate, { args: [decision('上级检查，暂停')] });
      await env.sleep(30 * DAY);
      expect(await entries(item)).toEqual([]);
      await campaign.executeUpdate(cancelCampaignUpdate, { args: [decision('活动取消')] });
      await ts.untilClosed(workflowId);
      await ts.skipUntil(
        async () => (await entries(item)).length >= LADDER.length,
        5 * DAY,
        150 * DAY,
      );
      return item;
    });
    expect((await entries(id)).map((e) => e.rung)).toEqual(LADDER);
    const [campaign] = await db.dataSource.query(
      'SELECT c.status, c.paused_at FROM campaigns c JOIN ledger_items i ON i.campaign_id = c.id WHERE i.id = $1',
      [id],
    );
    expect(campaign).toEqual({ status: 'cancelled', paused_at: null });
  });
});
