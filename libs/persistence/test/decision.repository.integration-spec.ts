import {
  type CampaignEntity,
  DecisionRepository,
  type OpenedDecision,
  type PersonEntity,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DAY, lookalikeSibling, recordCampaign, registerProblem } from './fixtures.js';

describe('DecisionRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let decisions: DecisionRepository;
  let f: OrgFactory;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let lookalike: UnitEntity;
  let office: PersonEntity;
  let desk: PersonEntity;
  let campaign: CampaignEntity;

  const T0 = Date.parse('2026-04-08T01:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    decisions = new DecisionRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    const city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    office = await f.person(city);
    desk = await f.person(countyA, { name: '督查问效组' });
    campaign = await recordCampaign(db.dataSource, city);
  });

  afterAll(async () => {
    await db?.drop();
  });

  /** A pending decision on a fresh item of `unit`, at `desk`'s desk. */
  async function opened(unit: UnitEntity, patch: Partial<OpenedDecision> = {}) {
    const { itemId } = await registerProblem(db.dataSource, campaign, unit, office, new Date(T0));
    const decision: OpenedDecision = {
      key: `${itemId}:decision:1`,
      itemId,
      campaignId: campaign.id,
      unitId: unit.id,
      deskUnitId: countyA.id,
      role: 'supervisor',
      levelsUp: 1,
      deskPersonIds: [desk.id],
      rung: 'supervision_order',
      step: 0,
      steps: 1,
      reason: 'overdue',
      openedAt: T0,
      decideBy: T0 + 3 * DAY,
      previousKey: null,
      candidates: [],
      rehearsal: false,
      ...patch,
    };
    await db.dataSource.transaction((tx) => decisions.open(decision, tx));
    return decision;
  }

  it('writes a desk’s decision once however often its step is retried, and closes only a pending one', async () => {
    const d = await opened(branchA);
    await db.dataSource.transaction((tx) => decisions.open({ ...d, levelsUp: 9 }, tx));
    const row = (await decisions.findByKey(d.key))!;
    expect([row.status, row.levelsUp, row.deskPersonIds]).toEqual(['pending', 1, [desk.id]]);

    const closeAs = (status: 'issued' | 'escalated', by: string | null) =>
      db.dataSource.transaction((tx) =>
        decisions.close(
          d.key,
          { status, at: T0 + DAY, by, reason: by ? '经研究决定。' : null },
          tx,
        ),
      );
    await closeAs('issued', desk.id);
    // The retried step of an escalation that lost the race changes nothing.
    await closeAs('escalated', null);
    const closed = (await decisions.findById(row.id))!;
    expect([closed.status, closed.decidedBy, closed.decisionReason]).toEqual([
      'issued',
      desk.id,
      '经研究决定。',
    ]);
    expect(closed.closedAt!.getTime()).toBe(T0 + DAY);
  });

  it('moves a limit a pause moved, and finds the decision that fired each decided rung', async () => {
    const d = await opened(branchA, { rung: 'accountability', steps: 2, step: 1 });
    await db.dataSource.transaction((tx) => decisions.reschedule(d.key, T0 + 10 * DAY, null, tx));
    expect((await decisions.findByKey(d.key))!.decideBy.getTime()).toBe(T0 + 10 * DAY);
    const proposal = await opened(branchA, { rung: 'accountability', steps: 2, step: 0 });
    for (const key of [d.key, proposal.key]) {
      await db.dataSource.transaction((tx) =>
        decisions.close(
          key,
          {
            status: 'issued',
            at: T0 + DAY,
            by: desk.id,
            reason: '决定问责。',
            accountable: [
              {
                personId: office.id,
                responsibility: 'principal',
                form: 'admonishment',
                reason: '主体责任落实不力。',
              },
            ],
          },
          tx,
        ),
      );
    }
    // Only the chain's last step fired the rung.
    const fired = await decisions.decidedRungs([d.itemId, proposal.itemId]);
    expect(fired.map((r) => r.key)).toEqual([d.key]);
    expect(fired[0].accountable.map((a) => a.form)).toEqual(['admonishment']);
  });

  it('lists a desk’s own, and decisions about items in a scope (never a lookalike path’s), newest first', async () => {
    const elsewhere = await f.person(countyA);
    const mine = await opened(branchA, { openedAt: T0 + 2 * DAY });
    const theirs = await opened(branchA, { deskPersonIds: [elsewhere.id], openedAt: T0 + 3 * DAY });
    const outside = await opened(lookalike, { openedAt: T0 + 4 * DAY });

    const own = await decisions.list({ deskPersonId: elsewhere.id, page: 1, pageSize: 50 });
    expect([own.total, own.rows.map((r) => r.key)]).toEqual([1, [theirs.key]]);

    const page = (n: number) =>
      decisions.list({
        scope: { all: false, paths: [branchA.path] },
        campaignId: campaign.id,
        status: 'pending',
        page: n,
        pageSize: 1,
      });
    const [first, second, third] = [await page(1), await page(2), await page(3)];
    expect([first.total, first.rows.map((r) => r.key)]).toEqual([2, [theirs.key]]);
    expect(second.rows.map((r) => r.key)).toEqual([mine.key]);
    expect([third.total, third.rows]).toEqual([2, []]);
    const county = await decisions.list({
      scope: { all: false, paths: [countyA.path] },
      page: 1,
      pageSize: 200,
    });
    expect(county.rows.map((r) => r.key)).not.toContain(outside.key);
    expect(county.total).toBe(county.rows.length);
    const ids = await decisions.idsByKeys([mine.key, 'no-such-key']);
    expect([...ids.keys()]).toEqual([mine.key]);
  });
});
