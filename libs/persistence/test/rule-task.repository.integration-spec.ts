import { randomUUID } from 'node:crypto';

import {
  type CampaignEntity,
  LedgerRepository,
  type PersonEntity,
  RuleTaskRepository,
  type Scope,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling, recordCampaign, registerProblem } from './fixtures.js';

describe('RuleTaskRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let rules: RuleTaskRepository;
  let ledger: LedgerRepository;
  let f: OrgFactory;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let lookalike: UnitEntity;
  let office: PersonEntity;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });

  /** An item with a phase summary naming a loophole, as the consolidation phase has them. */
  async function summarised(campaign: CampaignEntity, unit: UnitEntity, writer: PersonEntity) {
    const { itemId } = await registerProblem(
      db.dataSource,
      campaign,
      unit,
      office,
      new Date('2026-04-01T02:00:00Z'),
    );
    const summaryId = randomUUID();
    await ledger.insertReport({
      id: summaryId,
      itemId,
      kind: 'summary',
      text: '制度存在漏洞：公车使用登记不全',
      link: null,
      files: [],
      reportedByPersonId: writer.id,
      reportedAt: new Date('2026-06-01T02:00:00Z'),
    });
    return { itemId, summaryId };
  }
  const propose = (
    campaign: CampaignEntity,
    unit: UnitEntity,
    s: { itemId: string; summaryId: string },
    tag = '公车管理',
  ) =>
    db.dataSource.transaction((tx) =>
      rules.propose(
        {
          originKey: `${s.summaryId}:${tag}`,
          campaignId: campaign.id,
          unitId: unit.id,
          itemId: s.itemId,
          loopholeTag: tag,
          summaryId: s.summaryId,
        },
        tx,
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    rules = new RuleTaskRepository(db.dataSource);
    ledger = new LedgerRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    office = await f.person(city);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('proposes one rule task per loophole a summary names, however often asked', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const writer = await f.person(branchA);
    const s = await summarised(campaign, branchA, writer);
    expect(await propose(campaign, branchA, s)).toBe(true);
    expect(await propose(campaign, branchA, s)).toBe(false);
    expect(await propose(campaign, branchA, s, '值班制度')).toBe(true);

    const { tasks, total } = await rules.list({
      campaignId: campaign.id,
      scope: { all: true },
      page: 1,
      pageSize: 10,
    });
    expect(total).toBe(2);
    expect(
      tasks.map((t) => [t.title, t.loopholeTag, t.createdByPersonId, t.linkedItemIds]),
    ).toEqual([
      ['公车管理', '公车管理', writer.id, [s.itemId]],
      ['值班制度', '值班制度', writer.id, [s.itemId]],
    ]);
  });

  it('lets a proposal be defined until it is tracked, and tracked once', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const id = await rules.insert({
      campaignId: campaign.id,
      unitId: countyA.id,
      kind: 'amend',
      title: '待定',
      linkedItemIds: [],
      createdByPersonId: office.id,
    });
    expect(await rules.define(id, { kind: 'establish', title: '建立公车使用登记制度' })).toBe(true);
    const items: string[] = [randomUUID(), randomUUID()];
    const defined = {
      kind: 'establish' as const,
      title: '建立公车使用登记制度',
      linkedItemIds: [],
    };
    await db.dataSource.query(
      `INSERT INTO ledger_items (id, campaign_id, number, unit_id, description, source, category,
         registered_by_person_id, registered_at)
       SELECT x, $2, row_number() OVER () + 1000, $3, '建章立制', 'rule_making', 'style_work', $4, now()
         FROM unnest($1::uuid[]) AS x`,
      [items, campaign.id, countyA.id, office.id],
    );
    const tracked = await Promise.all(
      items.map((itemId) =>
        db.dataSource.transaction((tx) => rules.track(id, itemId, defined, tx)),
      ),
    );
    expect(tracked.filter(Boolean)).toHaveLength(1);
    // Tracked: its definition is the item's now.
    expect(await rules.define(id, { title: '改标题' })).toBe(false);
    const { task } = (await rules.findWithPath(id))!;
    expect([task.title, items.includes(task.itemId!)]).toEqual(['建立公车使用登记制度', true]);
  });

  it('lists proposals before tracked tasks, in scope, with totals and pages', async () => {
    const campaign = await recordCampaign(db.dataSource, city);
    const insert = (unit: UnitEntity, title: string) =>
      rules.insert({
        campaignId: campaign.id,
        unitId: unit.id,
        kind: 'amend',
        title,
        linkedItemIds: [],
        createdByPersonId: office.id,
      });
    const first = await insert(countyA, '一');
    const second = await insert(branchA, '二');
    const third = await insert(lookalike, '三');
    const fourth = await insert(countyA, '四');
    await db.dataSource.query('UPDATE rule_tasks SET item_id = $2 WHERE id = $1', [
      first,
      randomUUID(),
    ]);
    const list = async (q: Partial<Parameters<RuleTaskRepository['list']>[0]>) => {
      const { tasks, total } = await rules.list({
        campaignId: campaign.id,
        scope: scopeOf(countyA),
        page: 1,
        pageSize: 10,
        ...q,
      });
      return { ids: tasks.map((t) => t.id), total };
    };
    expect(await list({})).toEqual({ ids: [second, fourth, first], total: 3 });
    expect(await list({ status: 'tracked' })).toEqual({ ids: [first], total: 1 });
    expect(await list({ status: 'proposed', unitId: branchA.id })).toEqual({
      ids: [second],
      total: 1,
    });
    expect(await list({ scope: scopeOf(lookalike) })).toEqual({ ids: [third], total: 1 });
    expect(await list({ page: 2, pageSize: 2 })).toEqual({ ids: [first], total: 3 });
    expect((await rules.findWithPath(third))!.unitPath).toBe(lookalike.path);
  });
});
