import { CampaignClock } from '@campaign/domain';
import {
  type CampaignEntity,
  CampaignReadModelRepository,
  type Scope,
  TaskRepository,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DAY, lookalikeSibling, planTask, recordCampaign } from './fixtures.js';

const START = Date.parse('2026-03-02T01:00:00Z');

describe('CampaignReadModelRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let readModel: CampaignReadModelRepository;
  let f: OrgFactory;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });
  const record = (covered: UnitEntity, startsAt = START) =>
    recordCampaign(db.dataSource, covered, { startsAt });

  beforeAll(async () => {
    db = await createTestDatabase();
    readModel = new CampaignReadModelRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('records a launch once: repeating it changes neither the campaign, its phases nor units', async () => {
    const campaign = await record(countyA);
    const unitIds = await readModel.unitIds(campaign.id);
    expect(new Set(unitIds)).toEqual(new Set([countyA.id, branchA.id]));

    const again = await db.dataSource.transaction((tx) =>
      readModel.insertLaunch(
        {
          id: campaign.id,
          title: '另一个标题',
          coveredUnitId: city.id,
          issuingUnitId: city.id,
          workflowId: campaign.workflowId,
          plan: campaign.plan!,
          launchedByPersonId: null,
          rehearsal: false,
          clock: CampaignClock.real,
          sendEmail: true,
          unitIds: [city.id, countyB.id],
          launchedAt: START,
        },
        tx,
      ),
    );
    expect(again).toBe(false);
    const stored = (await readModel.findById(campaign.id))!;
    expect([stored.title, stored.coveredUnitId, stored.status]).toEqual([
      '测试活动',
      countyA.id,
      'launching',
    ]);
    expect(stored.phases!.map((p) => p.position)).toEqual([0, 1, 2, 3]);
    expect(await readModel.unitIds(campaign.id)).toEqual(unitIds);
  });

  it('adds units once, later ones after the launch’s', async () => {
    const campaign = await record(countyB);
    const late = await f.unit(countyB, 'party_branch', '西山县公安局新党支部');
    await readModel.addUnits(campaign.id, [late.id, countyB.id], START + DAY);
    await readModel.addUnits(campaign.id, [late.id], START + 2 * DAY);
    expect(await readModel.unitIds(campaign.id)).toEqual([countyB.id, late.id]);
  });

  it('lists what a scope sees: campaigns within it and those above covering it, paged', async () => {
    // A tree of its own, so other tests' campaigns stay out of the counts.
    const root = await f.unit(null, 'city_bureau', '另一市公安局');
    const east = await f.unit(root, 'county_bureau', '东区分局');
    const eastBranch = await f.unit(east, 'party_branch', '东区分局党支部');
    const west = await f.unit(root, 'county_bureau', '西区分局');
    const eastLookalike = await lookalikeSibling(db.dataSource, east);
    const onRoot = await record(root);
    const onEast = await record(east);
    const onBranch = await record(eastBranch);
    const onWest = await record(west);
    const onLookalike = await record(eastLookalike);
    const titles = new Map(
      [onRoot, onEast, onBranch, onWest, onLookalike].map((c, i) => [c.id, i]),
    );
    const seen = async (scope: Scope, offset = 0, limit = 10) => {
      const { items, total } = await readModel.list(scope, offset, limit);
      return { items: items.map((c) => titles.get(c.id)), total };
    };

    // Newest first: the branch, then the county, then the city's campaign covering them.
    expect(await seen(scopeOf(east))).toEqual({ items: [2, 1, 0], total: 3 });
    expect(await seen(scopeOf(eastBranch))).toEqual({ items: [2, 1, 0], total: 3 });
    expect(await seen(scopeOf(eastLookalike))).toEqual({ items: [4, 0], total: 2 });
    expect(await seen(scopeOf(west, eastBranch))).toEqual({ items: [3, 2, 1, 0], total: 4 });
    expect(await seen(scopeOf(root))).toEqual({ items: [4, 3, 2, 1, 0], total: 5 });
    const pages = [await seen(scopeOf(root), 0, 2), await seen(scopeOf(root), 2, 2)];
    expect(pages).toEqual([
      { items: [4, 3], total: 5 },
      { items: [2, 1], total: 5 },
    ]);
    expect(await seen(scopeOf(root), 10, 2)).toEqual({ items: [], total: 5 });
  });

  it('gives a campaign’s units within a scope in tree order', async () => {
    const campaign = await record(city);
    const units = await readModel.unitsInScope(campaign.id, scopeOf(countyA));
    expect(units.map((u) => u.id)).toEqual([countyA.id, branchA.id]);
    const all = await readModel.unitsInScope(campaign.id, { all: true });
    expect(all.map((u) => u.path)).toEqual([...all.map((u) => u.path)].sort());
    expect(all.map((u) => u.id)).toContain(lookalike.id);
    expect(await readModel.coveredUnitPath(campaign.id)).toBe(city.path);
  });

  it('keeps the first opening and closing of a phase; the campaign follows the opening', async () => {
    const campaign = await record(countyB);
    const open = (at: number, early: boolean) =>
      readModel.projectPhase({
        campaignId: campaign.id,
        phaseIndex: 1,
        event: 'open',
        at,
        early,
        status: 'active',
      });
    await open(START + 20 * DAY, true);
    await open(START + 30 * DAY, false);
    await readModel.projectPhase({
      campaignId: campaign.id,
      phaseIndex: 1,
      event: 'close',
      at: START + 55 * DAY,
      early: false,
      status: 'active',
    });
    await readModel.projectPhase({
      campaignId: campaign.id,
      phaseIndex: 1,
      event: 'close',
      at: START + 60 * DAY,
      early: false,
      status: 'active',
    });
    const stored = (await readModel.findById(campaign.id))!;
    const phase = stored.phases![1];
    expect([phase.openedAt?.getTime(), phase.openedEarly, phase.closedAt?.getTime()]).toEqual([
      START + 20 * DAY,
      true,
      START + 55 * DAY,
    ]);
    expect([stored.status, stored.currentPhase]).toEqual(['active', phase.kind]);
    expect(stored.phases![0].openedAt).toBeNull();
  });

  it('never moves a running campaign back to scheduled on a late launch confirmation', async () => {
    const campaign = await record(countyB);
    await readModel.setStatus(campaign.id, 'scheduled', null);
    expect((await readModel.findById(campaign.id))!.status).toBe('scheduled');
    await readModel.setStatus(campaign.id, 'active', null);
    await readModel.setStatus(campaign.id, 'scheduled', null);
    expect((await readModel.findById(campaign.id))!.status).toBe('active');
    // Paused before its first phase, it resumes as scheduled.
    await readModel.setStatus(campaign.id, 'paused', START);
    expect((await readModel.findById(campaign.id))!.pausedAt?.getTime()).toBe(START);
    await readModel.setStatus(campaign.id, 'scheduled', null);
    const resumed = (await readModel.findById(campaign.id))!;
    expect([resumed.status, resumed.pausedAt]).toEqual(['scheduled', null]);
  });

  it('records each event once by key, reading them in schedule order, paged and by kind', async () => {
    const campaign = await record(countyB);
    const event = (key: string, kind: string, day: number) =>
      readModel.insertEvent({
        campaignId: campaign.id,
        key,
        kind,
        scheduledAt: START + day * DAY,
        firedAt: START + day * DAY,
      });
    expect(await event('b', 'reminder', 2)).toBe(true);
    expect(await event('a', 'reminder', 2)).toBe(true);
    expect(await event('c', 'phase_open', 1)).toBe(true);
    // A retried activity: the same key again, even fired later, is not a second event.
    expect(await event('b', 'reminder', 3)).toBe(false);

    expect((await readModel.events(campaign.id)).map((e) => e.key)).toEqual(['c', 'a', 'b']);
    expect((await readModel.events(campaign.id, ['reminder'])).map((e) => e.key)).toEqual([
      'a',
      'b',
    ]);
    const page = await readModel.eventPage(campaign.id, 1, 1);
    expect([page.items.map((e) => e.key), page.total]).toEqual([['a'], 3]);
    const kinds = await readModel.eventPage(campaign.id, 0, 10, ['phase_open']);
    expect([kinds.items.map((e) => e.key), kinds.total]).toEqual([['c'], 1]);
  });

  it('shifts the schedule once per key, moving only what falls at or after its start', async () => {
    const campaign = await recordCampaign(db.dataSource, countyB, {
      startsAt: START,
      tasks: [
        [planTask('early', 'unit', START + 5 * DAY), planTask('late', 'unit', START + 20 * DAY)],
      ],
    });
    const plan = campaign.plan!.resolved;
    await new TaskRepository(db.dataSource).createUnitTasks(campaign.id, countyB.id, plan, 0, {
      shifts: [],
      openAt: {},
      closeAt: {},
      opened: {},
      holdingAfter: null,
    });
    const shift = { from: START + 10 * DAY, by: 7 * DAY };
    await readModel.applyShift(campaign.id, 'pause-1', shift);
    await readModel.applyShift(campaign.id, 'pause-1', shift);

    const dues: Array<{ task_key: string; due_at: Date }> = await db.dataSource.query(
      'SELECT task_key, due_at FROM campaign_tasks WHERE campaign_id = $1 ORDER BY task_key',
      [campaign.id],
    );
    expect(dues.map((d) => [d.task_key, d.due_at.getTime()])).toEqual([
      ['early', START + 5 * DAY],
      ['late', START + 27 * DAY],
    ]);
    const phases = (await readModel.findById(campaign.id))!.phases!;
    // The first phase started before the shift and ends (day 30) after it.
    expect(phases[0].startsAt.getTime()).toBe(Date.parse(plan.phases[0].startsAt));
    expect(phases[0].endsAt.getTime()).toBe(Date.parse(plan.phases[0].endsAt) + 7 * DAY);
    expect(phases[3].endsAt.getTime()).toBe(Date.parse(plan.phases[3].endsAt) + 7 * DAY);
    expect(phases[0].plannedEndsAt!.getTime()).toBe(Date.parse(plan.phases[0].endsAt));
    expect((await readModel.events(campaign.id, ['schedule_shift'])).length).toBe(1);
  });

  it('finds the running campaigns covering a unit and the launches never confirmed', async () => {
    const unit = await f.unit(countyB, 'party_branch', '西山县公安局第二党支部');
    const running = await record(unit);
    const done = await record(unit);
    const cancelled = await record(unit);
    await readModel.setStatus(running.id, 'active', null);
    await readModel.setStatus(done.id, 'completed', null);
    await readModel.setStatus(cancelled.id, 'cancelled', null);
    const unconfirmed = await record(unit);

    const covering = await readModel.runningCampaignsCovering([unit.id]);
    expect(new Set(covering.map((c) => c.campaignId))).toEqual(
      new Set([running.id, unconfirmed.id]),
    );

    const stale: CampaignEntity[] = await readModel.unconfirmedLaunches(
      new Date(Date.now() + 60_000),
      100,
    );
    const ids = stale.map((c) => c.id);
    expect(ids).toContain(unconfirmed.id);
    expect(ids).not.toContain(running.id);
    expect(ids).not.toContain(done.id);
    expect(ids.indexOf(unconfirmed.id)).toBe(ids.length - 1);
    expect(
      (await readModel.unconfirmedLaunches(new Date(Date.now() - 3600_000), 100)).map((c) => c.id),
    ).toEqual([]);
  });
});
