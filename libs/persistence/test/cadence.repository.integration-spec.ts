import { randomUUID } from 'node:crypto';

import type { CadenceKind } from '@campaign/domain';
import {
  CadenceRepository,
  type CampaignEntity,
  emptyFigures,
  LedgerRepository,
  type PersonEntity,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling, recordCampaign } from './fixtures.js';

/** The second quarter of 2026 in Beijing. */
const Q2 = { from: new Date('2026-03-31T16:00:00Z'), to: new Date('2026-06-30T16:00:00Z') };
const at = (iso: string) => new Date(`${iso}T02:00:00Z`);

describe('CadenceRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let cadence: CadenceRepository;
  let ledger: LedgerRepository;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let officer: PersonEntity;
  let campaign: CampaignEntity;
  const items: Record<'late' | 'sentBack' | 'escalated' | 'extended' | 'after', string> = {
    late: randomUUID(),
    sentBack: randomUUID(),
    escalated: randomUUID(),
    extended: randomUUID(),
    after: randomUUID(),
  };

  const event = (
    itemId: string,
    seq: number,
    kind: string,
    day: string,
    status: string,
    details = {},
  ) =>
    db.dataSource.query(
      `INSERT INTO ledger_item_events (key, item_id, seq, kind, at, status, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [`${itemId}:${seq}`, itemId, seq, kind, at(day), status, JSON.stringify(details)],
    );
  const entry = (
    itemId: string,
    unit: UnitEntity,
    day: string,
    e: { kind: 'warning' | 'rung'; rung: 'warning' | 'supervision_order'; level?: 'red' },
  ) =>
    db.dataSource.transaction((tx) =>
      ledger.registerEntry(
        {
          key: `${itemId}:${e.rung}:${day}`,
          itemId,
          campaignId: campaign.id,
          unitId: unit.id,
          kind: e.kind,
          rung: e.rung,
          level: e.level ?? null,
          reason: 'overdue',
          at: at(day).getTime(),
          recipients: [],
          accountable: [],
          respondBy: null,
          rehearsal: false,
        },
        tx,
      ),
    );
  const produce = (kind: CadenceKind, period = '2026-Q2') =>
    cadence.produce({
      campaignId: campaign.id,
      kind,
      period,
      ...Q2,
      producedCampaignAt: Q2.to,
      rehearsal: false,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    cadence = new CadenceRepository(db.dataSource);
    ledger = new LedgerRepository(db.dataSource);
    const f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    officer = await f.person(city);
    campaign = await recordCampaign(db.dataSource, city, { startsAt: at('2026-03-01').getTime() });

    const item = (id: string, unit: UnitEntity, day: string) => ({
      id,
      campaignId: campaign.id,
      unitId: unit.id,
      personIds: [],
      description: `${unit.name}的问题`,
      source: 'inspection' as const,
      sourceRound: null,
      category: 'discipline_work' as const,
      registeredByPersonId: officer.id,
      registeredAt: at(day),
      rehearsal: false,
    });
    await db.dataSource.transaction((tx) =>
      ledger.insertItems(
        [
          item(items.late, countyA, '2026-03-01'),
          item(items.sentBack, branchA, '2026-04-05'),
          item(items.escalated, countyB, '2026-04-01'),
          item(items.extended, lookalike, '2026-05-01'),
          item(items.after, countyA, '2026-07-02'),
        ],
        tx,
      ),
    );
    // Late: being rectified when its overdue warning fired; closed only after the quarter.
    await event(items.late, 1, 'assigned', '2026-03-02', 'assigned');
    await event(items.late, 2, 'progress', '2026-04-10', 'in_progress');
    await entry(items.late, countyA, '2026-05-01', {
      kind: 'warning',
      rung: 'warning',
      level: 'red',
    });
    await event(items.late, 3, 'closed', '2026-07-05', 'closed');
    await db.dataSource.query(`UPDATE ledger_items SET status = 'closed' WHERE id = $1`, [
      items.late,
    ]);
    // Sent back by the inspector in the quarter.
    await event(items.sentBack, 1, 'assigned', '2026-04-06', 'assigned');
    await event(items.sentBack, 2, 'verified', '2026-05-10', 'sent_back', {
      decision: 'send_back',
    });
    // Escalated to a supervision order in the quarter.
    await event(items.escalated, 1, 'assigned', '2026-04-02', 'assigned');
    await entry(items.escalated, countyB, '2026-05-20', {
      kind: 'rung',
      rung: 'supervision_order',
    });
    // Overdue, then given more time: not overdue at the quarter's end, its new deadline in force.
    await event(items.extended, 1, 'assigned', '2026-05-02', 'in_progress');
    await entry(items.extended, lookalike, '2026-06-01', {
      kind: 'warning',
      rung: 'warning',
      level: 'red',
    });
    const extension = randomUUID();
    await ledger.insertExtension({
      id: extension,
      itemId: items.extended,
      requestedByPersonId: officer.id,
      requestedAt: at('2026-06-02'),
      requestedDeadline: '2026-08-01',
      reason: '需要更多时间',
    });
    await db.dataSource.query(
      `UPDATE ledger_extensions SET status = 'approved', decided_at = $2, decided_by_person_id = $3,
         deadline_before = $4, deadline_after = $5 WHERE id = $1`,
      [extension, at('2026-06-10'), officer.id, at('2026-06-01'), at('2026-08-01')],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('writes a period’s report once, however many producers run at once', async () => {
    const results = await Promise.all([
      produce('dispatch'),
      produce('dispatch'),
      produce('dispatch'),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.reportId)).size).toBe(1);
    expect(await produce('dispatch')).toEqual({ created: false, reportId: results[0].reportId });
    const [report] = await cadence.list(campaign.id, 'dispatch', { all: true });
    // One row of figures per unit, written once.
    expect(report.units).toHaveLength(5);
  });

  it('counts each unit’s items as the ledger stood at the period’s end', async () => {
    await produce('dispatch');
    const [report] = await cadence.list(campaign.id, 'dispatch', { all: true });
    const of = (unit: UnitEntity) => report.units.find((u) => u.unitId === unit.id)!.figures;
    expect(of(city)).toEqual(emptyFigures());
    expect(of(countyA)).toEqual({ ...emptyFigures(), total: 1, inProgress: 1, overdue: 1 });
    expect(of(branchA)).toEqual({
      ...emptyFigures(),
      total: 1,
      new: 1,
      inProgress: 1,
      sentBack: 1,
    });
    expect(of(countyB)).toEqual({
      ...emptyFigures(),
      total: 1,
      new: 1,
      inProgress: 1,
      escalated: 1,
    });
    expect(of(lookalike)).toEqual({ ...emptyFigures(), total: 1, new: 1, inProgress: 1 });
    expect(report.named).toEqual([]);
  });

  it('names in a bulletin the items overdue, escalated or sent back, each reader seeing theirs', async () => {
    await produce('bulletin');
    const [all] = await cadence.list(campaign.id, 'bulletin', { all: true });
    expect(all.named.map((n) => [n.itemId, n.reasons])).toEqual([
      [items.late, ['overdue']],
      [items.sentBack, ['sent_back']],
      [items.escalated, ['escalated']],
    ]);
    const escalated = all.named.find((n) => n.itemId === items.escalated)!;
    expect(escalated.rung).toBe('supervision_order');
    expect(escalated.rungs.map((r) => [r.rung, r.documentNumber])).toEqual([
      ['supervision_order', '督〔2026〕1号'],
    ]);

    const [inA] = await cadence.list(campaign.id, 'bulletin', {
      all: false,
      paths: [countyA.path],
    });
    expect(inA.units.map((u) => u.unitId)).toEqual([countyA.id, branchA.id]);
    expect(inA.named.map((n) => n.itemId)).toEqual([items.late, items.sentBack]);
    const [inLookalike] = await cadence.list(campaign.id, 'bulletin', {
      all: false,
      paths: [lookalike.path],
    });
    expect(inLookalike.units.map((u) => u.unitId)).toEqual([lookalike.id]);
    expect(inLookalike.named).toEqual([]);
  });

  it('lists a campaign’s reports of one kind oldest period first', async () => {
    await cadence.produce({
      campaignId: campaign.id,
      kind: 'dispatch',
      period: '2026-03',
      from: new Date('2026-02-28T16:00:00Z'),
      to: Q2.from,
      producedCampaignAt: Q2.from,
      rehearsal: false,
    });
    const reports = await cadence.list(campaign.id, 'dispatch', { all: true });
    expect(reports.map((r) => r.report.period)).toEqual(['2026-03', '2026-Q2']);
    // In March only the first item existed, assigned and not yet late.
    const march = reports[0].units.find((u) => u.unitId === countyA.id)!.figures;
    expect(march).toEqual({ ...emptyFigures(), total: 1, new: 1, inProgress: 1 });
  });
});
