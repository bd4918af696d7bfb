import { randomUUID } from 'node:crypto';

import type { DispositionForm, DispositionMeasure } from '@campaign/domain';
import {
  type CampaignEntity,
  type NewProblem,
  type PersonEntity,
  ProblemRepository,
  type Scope,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DAY, lookalikeSibling, recordCampaign, registerProblem } from './fixtures.js';

const T0 = Date.parse('2026-04-01T02:00:00Z');

describe('ProblemRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let problems: ProblemRepository;
  let f: OrgFactory;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let inspector: PersonEntity;
  let registered = 0;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });

  /** A problem about someone in `unit`, registered a minute after the previous one. */
  async function problem(
    campaign: CampaignEntity,
    unit: UnitEntity,
    overrides: Partial<NewProblem> = {},
  ): Promise<string> {
    registered += 1;
    const at = new Date(T0 + registered * 60_000);
    return (await registerProblem(db.dataSource, campaign, unit, inspector, at, overrides))
      .problemId;
  }

  const flag = (problemId: string, unit: UnitEntity, campaign: CampaignEntity, day: number) =>
    db.dataSource.transaction(async (tx) => {
      const p = (await problems.find(problemId, tx))!;
      const id = randomUUID();
      await problems.insertFlag(
        {
          id,
          problemId,
          campaignId: campaign.id,
          personId: p.personId,
          unitId: unit.id,
          clarificationItem: 2,
          statementId: randomUUID(),
          raisedAt: new Date(T0 + day * DAY),
        },
        tx,
      );
      return id;
    });

  const dispose = (
    problemId: string,
    form: DispositionForm,
    measure: DispositionMeasure,
    at: number,
  ) =>
    db.dataSource.transaction((tx) =>
      problems.insertDisposition(
        {
          id: randomUUID(),
          problemId,
          form,
          measure,
          reason: '经核实',
          decidedByPersonId: inspector.id,
          decidedAt: new Date(at),
        },
        tx,
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    problems = new ProblemRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    inspector = await f.person(city, { name: '纪检员' });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('lists problems in scope by the person’s unit, newest first, total matching the pages', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const inA = await problem(campaign, countyA);
    const inBranch = await problem(campaign, branchA);
    const inB = await problem(campaign, countyB);
    const inLookalike = await problem(campaign, lookalike);
    const list = async (scope: Scope, page = 1, pageSize = 10, unitId?: string) => {
      const { items, total } = await problems.list(
        { scope, campaignId: campaign.id, ...(unitId ? { unitId } : {}) },
        { page, pageSize },
      );
      return { ids: items.map((p) => p.id), total };
    };

    expect(await list(scopeOf(countyA))).toEqual({ ids: [inBranch, inA], total: 2 });
    expect(await list(scopeOf(lookalike))).toEqual({ ids: [inLookalike], total: 1 });
    expect(await list({ all: true }, 1, 10, countyA.id)).toEqual({
      ids: [inBranch, inA],
      total: 2,
    });
    expect(await list(scopeOf(countyB), 1, 10, countyA.id)).toEqual({ ids: [], total: 0 });
    const pages = [await list({ all: true }, 1, 3), await list({ all: true }, 2, 3)];
    expect(pages.map((p) => p.total)).toEqual([4, 4]);
    expect(pages.flatMap((p) => p.ids)).toEqual([inLookalike, inB, inBranch, inA]);
    expect(await list({ all: true }, 3, 3)).toEqual({ ids: [], total: 4 });
  });

  it('filters by channel, disclosure, handling and by a flag still standing', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const portrait = await problem(campaign, countyA, {
      channel: 'portrait',
      portraitSource: 'peers',
      foundByUnitId: branchA.id,
    });
    const concealed = await problem(campaign, countyA, { disclosure: 'suspected_concealment' });
    const handedDown = await problem(campaign, countyA, { handling: 'handed_down' });
    const withdrawn = await problem(campaign, countyA, { disclosure: 'suspected_concealment' });
    await flag(concealed, countyA, campaign, 1);
    const withdrawnFlag = await flag(withdrawn, countyA, campaign, 2);
    await db.dataSource.transaction((tx) =>
      problems.withdrawFlag(
        withdrawnFlag,
        { by: inspector.id, at: new Date(T0), reason: '更正' },
        tx,
      ),
    );
    const ids = async (filter: Partial<Parameters<ProblemRepository['summaries']>[0]>) =>
      (await problems.summaries({ scope: { all: true }, campaignId: campaign.id, ...filter })).map(
        (p) => p.id,
      );

    expect(await ids({ channel: 'portrait' })).toEqual([portrait]);
    expect(await ids({ disclosure: 'suspected_concealment' })).toEqual([concealed, withdrawn]);
    expect(await ids({ handling: 'handed_down' })).toEqual([handedDown]);
    // A withdrawn flag no longer stands.
    expect(await ids({ flagged: true })).toEqual([concealed]);
    expect(await ids({ flagged: false })).toEqual([portrait, handedDown, withdrawn]);
    expect(
      (await problems.portraitFindings(campaign.id, scopeOf(countyA), branchA.id)).map((p) => p.id),
    ).toEqual([portrait]);
    expect(await problems.portraitFindings(campaign.id, scopeOf(countyA), countyA.id)).toEqual([]);
  });

  it('decides a flag once; a withdrawn one raised again is open and undecided', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const id = await problem(campaign, branchA, { disclosure: 'suspected_concealment' });
    const flagId = await flag(id, branchA, campaign, 3);
    const decide = (status: 'confirmed' | 'dismissed') =>
      db.dataSource.transaction((tx) =>
        problems.decideFlag(
          flagId,
          { status, by: inspector.id, at: new Date(T0), reason: status },
          tx,
        ),
      );
    expect(await decide('confirmed')).toBe(true);
    expect(await decide('dismissed')).toBe(false);
    expect((await problems.findFlag(flagId))!.status).toBe('confirmed');

    await db.dataSource.transaction(async (tx) => {
      await problems.withdrawFlag(
        flagId,
        { by: inspector.id, at: new Date(T0), reason: '更正' },
        tx,
      );
      await problems.reopenFlag(flagId, { clarificationItem: 4, raisedAt: null }, tx);
    });
    const reopened = (await problems.flagOf(id))!;
    expect([reopened.status, reopened.clarificationItem, reopened.decidedAt]).toEqual([
      'open',
      4,
      null,
    ]);
    expect(reopened.raisedAt.getTime()).toBe(T0 + 3 * DAY);
  });

  it('lists flags in scope newest first with their total, by status', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const a = await flag(await problem(campaign, branchA), branchA, campaign, 1);
    const b = await flag(await problem(campaign, countyB), countyB, campaign, 2);
    const l = await flag(await problem(campaign, lookalike), lookalike, campaign, 3);
    const read = async (scope: Scope, page = 1, pageSize = 10) => {
      const { items, total } = await problems.flags(
        { scope, campaignId: campaign.id, status: 'open' },
        { page, pageSize },
      );
      return { ids: items.map((x) => x.id), total };
    };
    expect(await read({ all: true })).toEqual({ ids: [l, b, a], total: 3 });
    expect(await read(scopeOf(countyA))).toEqual({ ids: [a], total: 1 });
    expect(await read({ all: true }, 2, 2)).toEqual({ ids: [a], total: 3 });
  });

  it('counts the four forms by each problem’s latest disposition, within the scope', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const p1 = await problem(campaign, countyA);
    const p2 = await problem(campaign, branchA);
    const p3 = await problem(campaign, countyB);
    const p4 = await problem(campaign, lookalike);
    // p1 was first criticised, then admonished: only the admonishment counts.
    await dispose(p1, 1, 'criticism_education', T0);
    await dispose(p1, 1, 'admonishment_talk', T0 + DAY);
    await dispose(p2, 1, 'admonishment_talk', T0);
    await dispose(p3, 2, 'party_warning', T0);
    await dispose(p4, 1, 'reminder_talk', T0);

    const [summary] = await problems.summaries({ scope: { all: true }, ids: [p1] });
    expect(summary.disposition?.measure).toBe('admonishment_talk');
    expect((await problems.dispositionsOf([p1])).get(p1)!.map((d) => d.measure)).toEqual([
      'admonishment_talk',
      'criticism_education',
    ]);

    const counts = (await problems.dispositionCounts(campaign.id, scopeOf(countyA))).map((c) => [
      c.form,
      c.measure,
      c.problems,
      c.people,
    ]);
    expect(counts).toEqual([
      [1, null, 2, 2],
      [1, 'admonishment_talk', 2, 2],
      [null, null, 2, 2],
    ]);
    const all = await problems.dispositionCounts(campaign.id, { all: true });
    expect(all.at(-1)).toMatchObject({ form: null, measure: null, problems: 4, people: 4 });
    expect(all.find((c) => c.form === 2 && c.measure === null)).toMatchObject({ problems: 1 });
  });

  it('records a handed-down problem’s report back once', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const id = await problem(campaign, branchA, { handling: 'handed_down' });
    const report = (result: string) =>
      db.dataSource.transaction((tx) =>
        problems.recordReportBack(
          id,
          { result, handling: '批评教育', by: inspector.id, at: new Date(T0) },
          tx,
        ),
      );
    expect(await report('已整改')).toBe(true);
    expect(await report('再次上报')).toBe(false);
    expect((await problems.find(id))!.reportBack).toBe('已整改');
  });

  it('lists the life meetings held in scope, latest first', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const meeting = (unit: UnitEntity, heldOn: string) => {
      const id = randomUUID();
      return problems
        .insertMeeting({
          id,
          campaignId: campaign.id,
          unitId: unit.id,
          kind: 'organisational_life',
          heldOn,
          title: `${unit.name}组织生活会`,
          recordedByPersonId: inspector.id,
        })
        .then(() => id);
    };
    const early = await meeting(branchA, '2026-04-01');
    const late = await meeting(countyA, '2026-05-01');
    await meeting(countyB, '2026-06-01');
    await meeting(lookalike, '2026-06-02');
    expect((await problems.meetings(campaign.id, scopeOf(countyA))).map((m) => m.id)).toEqual([
      late,
      early,
    ]);
    expect(
      (await problems.meetings(campaign.id, { all: true }, branchA.id)).map((m) => m.id),
    ).toEqual([early]);
    expect((await problems.findMeeting(early))!.unitPath).toBe(branchA.path);
  });
});
