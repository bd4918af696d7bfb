import { randomUUID } from 'node:crypto';

import type { DispositionForm, DispositionMeasure } from '@campaign/domain';
import {
  AssessmentRepository,
  type CampaignEntity,
  CampaignReadModelRepository,
  LedgerRepository,
  NotificationRepository,
  type PersonEntity,
  type Scope,
  TaskRepository,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DAY, lookalikeSibling, recordCampaign, registerProblem } from './fixtures.js';

const START = Date.parse('2026-03-02T01:00:00Z');
/** The year 2026 in Beijing. */
const YEAR_2026 = {
  from: new Date('2025-12-31T16:00:00Z'),
  to: new Date('2026-12-31T16:00:00Z'),
};

describe('AssessmentRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let assessment: AssessmentRepository;
  let ledger: LedgerRepository;
  let f: OrgFactory;
  let inspector: PersonEntity;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });

  /** A tree of its own per test, so each test's figures are its own. */
  async function tree() {
    const city = await f.unit(null, 'city_bureau', '某市公安局');
    const countyA = await f.unit(city, 'county_bureau', '东城分局');
    const branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    const countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    const lookalike = await lookalikeSibling(db.dataSource, countyA);
    return { city, countyA, branchA, countyB, lookalike };
  }

  const problem = (
    campaign: CampaignEntity,
    unit: UnitEntity,
    at: number,
    overrides: Parameters<typeof registerProblem>[5] = {},
  ) => registerProblem(db.dataSource, campaign, unit, inspector, new Date(at), overrides);

  const entry = (
    item: { itemId: string },
    campaign: CampaignEntity,
    unit: UnitEntity,
    at: number,
    e: {
      kind: 'warning' | 'rung';
      rung: 'warning' | 'bulletin' | 'accountability';
      level?: 'yellow' | 'red';
    },
  ) =>
    db.dataSource.transaction((tx) =>
      ledger.registerEntry(
        {
          key: randomUUID(),
          itemId: item.itemId,
          campaignId: campaign.id,
          unitId: unit.id,
          kind: e.kind,
          rung: e.rung,
          level: e.level ?? null,
          reason: 'overdue',
          at,
          recipients: [],
          accountable: [],
          respondBy: null,
          rehearsal: campaign.rehearsal,
        },
        tx,
      ),
    );

  const dispose = (
    problemId: string,
    form: DispositionForm,
    measure: DispositionMeasure,
    at: string,
  ) =>
    db.dataSource.query(
      `INSERT INTO dispositions (id, problem_id, form, measure, reason, decided_by_person_id, decided_at)
       VALUES ($1, $2, $3, $4, '经核实', $5, $6)`,
      [randomUUID(), problemId, form, measure, inspector.id, new Date(at)],
    );

  /** Rows sorted to compare regardless of the order SQL gave them. */
  const sorted = <T>(rows: T[]) =>
    rows
      .map((r) => JSON.stringify(r))
      .sort()
      .map((r) => JSON.parse(r) as T);

  beforeAll(async () => {
    db = await createTestDatabase();
    assessment = new AssessmentRepository(db.dataSource);
    ledger = new LedgerRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    inspector = await f.person(await f.unit(null, 'city_bureau', '省厅'), { name: '纪检员' });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('counts each phase’s figures within its own dates, by the unit answering, in scope', async () => {
    const { city, countyA, branchA, lookalike } = await tree();
    const campaign = await recordCampaign(db.dataSource, city, { startsAt: START });
    const early = await problem(campaign, branchA, START + DAY);
    // Registered the instant phase 1 opens: phase 1's.
    const onTheDot = await problem(campaign, countyA, START + 30 * DAY, { channel: 'portrait' });
    await problem(campaign, lookalike, START + 2 * DAY);
    // Branch A's item was handed to county A to answer for.
    await db.dataSource.query('UPDATE ledger_items SET responsible_unit_id = $2 WHERE id = $1', [
      early.itemId,
      countyA.id,
    ]);
    await db.dataSource.query(
      `UPDATE ledger_items SET status = 'closed', closed_at = $2 WHERE id = $1`,
      [onTheDot.itemId, new Date(START + 35 * DAY)],
    );
    await entry(early, campaign, countyA, START + 3 * DAY, {
      kind: 'warning',
      rung: 'warning',
      level: 'yellow',
    });

    const figures = await assessment.phaseFigures(campaign.id, scopeOf(countyA));
    expect(sorted(figures)).toEqual(
      sorted([
        { unitId: branchA.id, phaseIndex: 0, figure: 'problem', detail: 'inspection', n: 1 },
        { unitId: countyA.id, phaseIndex: 1, figure: 'problem', detail: 'portrait', n: 1 },
        { unitId: countyA.id, phaseIndex: 0, figure: 'registered', detail: null, n: 1 },
        { unitId: countyA.id, phaseIndex: 1, figure: 'registered', detail: null, n: 1 },
        { unitId: countyA.id, phaseIndex: 1, figure: 'closed', detail: null, n: 1 },
        { unitId: countyA.id, phaseIndex: 0, figure: 'warning', detail: 'yellow', n: 1 },
      ]),
    );
  });

  it('counts gates, overdue items, warnings, rungs and violation cases by latest disposition', async () => {
    const { city, countyA, branchA, lookalike } = await tree();
    const campaign = await recordCampaign(db.dataSource, city, { startsAt: START });
    await new TaskRepository(db.dataSource).storeGateResults(
      campaign.id,
      0,
      [
        {
          unitId: branchA.id,
          memberOwed: 2,
          memberDone: 2,
          unitOwed: 0,
          unitDone: 0,
          passed: true,
        },
        {
          unitId: countyA.id,
          memberOwed: 2,
          memberDone: 0,
          unitOwed: 0,
          unitDone: 0,
          passed: false,
        },
      ],
      START + 30 * DAY,
    );
    const asCase = await problem(campaign, branchA, START + DAY, { handling: 'case' });
    const softened = await problem(campaign, countyA, START + DAY);
    await dispose(softened.problemId, 2, 'party_warning', '2026-03-10T00:00:00Z');
    await dispose(softened.problemId, 1, 'criticism_education', '2026-03-20T00:00:00Z');
    const hardened = await problem(campaign, countyA, START + DAY);
    await dispose(hardened.problemId, 1, 'criticism_education', '2026-03-10T00:00:00Z');
    await dispose(hardened.problemId, 3, 'demotion', '2026-03-20T00:00:00Z');
    const inLookalike = await problem(campaign, lookalike, START + DAY, { handling: 'case' });
    await db.dataSource.query(
      'UPDATE ledger_items SET overdue = true, responsible_unit_id = $2 WHERE id = ANY($1)',
      [[asCase.itemId, inLookalike.itemId], countyA.id],
    );
    await entry(softened, campaign, countyA, START + 2 * DAY, {
      kind: 'warning',
      rung: 'warning',
      level: 'yellow',
    });
    await entry(softened, campaign, countyA, START + 3 * DAY, {
      kind: 'warning',
      rung: 'warning',
      level: 'red',
    });
    await entry(softened, campaign, countyA, START + 4 * DAY, { kind: 'rung', rung: 'bulletin' });

    const figures = await assessment.assessmentFigures(campaign.id, scopeOf(countyA));
    expect(sorted(figures)).toEqual(
      sorted([
        { unitId: branchA.id, figure: 'gate_met', n: 1 },
        { unitId: countyA.id, figure: 'gate_missed', n: 1 },
        // Both items answer to county A now, the lookalike's too.
        { unitId: countyA.id, figure: 'overdue_item', n: 2 },
        { unitId: countyA.id, figure: 'yellow_warning', n: 1 },
        { unitId: countyA.id, figure: 'red_warning', n: 1 },
        { unitId: countyA.id, figure: 'escalation', n: 1 },
        { unitId: branchA.id, figure: 'violation_case', n: 1 },
        { unitId: countyA.id, figure: 'violation_case', n: 1 },
      ]),
    );
  });

  it('names the units whose rectification failed in the year: accountability or still overdue', async () => {
    const { city, countyA, branchA, lookalike } = await tree();
    const campaign = await recordCampaign(db.dataSource, city, { startsAt: START });
    const item = async (unit: UnitEntity, set: string, params: unknown[] = []) => {
      const p = await problem(campaign, unit, START + DAY);
      await db.dataSource.query(`UPDATE ledger_items SET ${set} WHERE id = $1`, [
        p.itemId,
        ...params,
      ]);
      return p;
    };
    const deadline = new Date('2026-06-01T00:00:00Z');
    const future = new Date(Date.now() + 30 * DAY);
    await item(countyA, `status = 'in_progress', deadline = $2`, [deadline]);
    await item(countyA, `status = 'closed', deadline = $2, closed_at = $3`, [
      deadline,
      new Date('2026-05-20T00:00:00Z'),
    ]);
    await item(branchA, `status = 'in_progress', mode = 'long_term', deadline = $2`, [deadline]);
    await item(branchA, `status = 'in_progress', deadline = $2`, [future]);
    await item(lookalike, `status = 'in_progress', deadline = $2`, [deadline]);
    const accountable = await item(branchA, `status = 'in_progress'`);
    await entry(accountable, campaign, branchA, Date.parse('2026-07-01T00:00:00Z'), {
      kind: 'rung',
      rung: 'accountability',
    });
    await entry(accountable, campaign, branchA, Date.parse('2026-07-02T00:00:00Z'), {
      kind: 'rung',
      rung: 'accountability',
    });
    // 23:00 on 31 December 2025 in Beijing: last year's.
    await entry(accountable, campaign, countyA, Date.parse('2025-12-31T15:00:00Z'), {
      kind: 'rung',
      rung: 'accountability',
    });

    const failed = await assessment.failedUnits({
      ...YEAR_2026,
      scope: scopeOf(countyA),
      rehearsal: false,
    });
    expect(failed.map((u) => [u.unitId, u.accountability, u.overdue])).toEqual([
      [countyA.id, 0, 1],
      [branchA.id, 1, 0],
    ]);
    const lastYear = await assessment.failedUnits({
      from: new Date('2024-12-31T16:00:00Z'),
      to: YEAR_2026.from,
      scope: scopeOf(countyA),
      rehearsal: false,
    });
    expect(lastYear.map((u) => [u.unitId, u.accountability, u.overdue])).toEqual([
      [countyA.id, 1, 0],
    ]);
  });

  it('names the units campaigns of the year covered, each with the cases in its subtree', async () => {
    const { city, countyA, branchA, countyB } = await tree();
    const readModel = new CampaignReadModelRepository(db.dataSource);
    const running = await recordCampaign(db.dataSource, countyA, { startsAt: START });
    await readModel.setStatus(running.id, 'active', null);
    const lastYears = await recordCampaign(db.dataSource, countyA, {
      startsAt: Date.parse('2025-03-03T01:00:00Z'),
    });
    await readModel.setStatus(lastYears.id, 'completed', null);
    // Never confirmed: not a campaign of the year.
    await recordCampaign(db.dataSource, countyB, { startsAt: START });
    const rehearsal = await recordCampaign(db.dataSource, city, {
      startsAt: START,
      rehearsal: true,
    });
    await readModel.setStatus(rehearsal.id, 'active', null);
    await problem(running, branchA, START + DAY, { handling: 'case' });
    await problem(running, branchA, Date.parse('2025-06-01T00:00:00Z'), { handling: 'case' });

    const covered = await assessment.coveredUnits({
      ...YEAR_2026,
      scope: scopeOf(city),
      rehearsal: false,
    });
    expect(covered.map((u) => [u.unitId, u.campaigns, u.cases])).toEqual([
      [countyA.id, 1, 1],
      [branchA.id, 1, 1],
    ]);
    const rehearsed = await assessment.coveredUnits({
      ...YEAR_2026,
      scope: scopeOf(countyB),
      rehearsal: true,
    });
    expect(rehearsed.map((u) => [u.unitId, u.campaigns])).toEqual([[countyB.id, 1]]);
  });

  it('gives the year’s statistics: clues, latest dispositions, key persons’ reminders once', async () => {
    const { city, countyA, branchA, lookalike } = await tree();
    const campaign = await recordCampaign(db.dataSource, city, { startsAt: START });
    const hardened = await problem(campaign, countyA, START + DAY);
    await dispose(hardened.problemId, 1, 'criticism_education', '2025-12-01T00:00:00Z');
    await dispose(hardened.problemId, 2, 'party_warning', '2026-02-01T00:00:00Z');
    // Decided again next year: its latest disposition is not this year's.
    const redecided = await problem(campaign, branchA, START + DAY, { channel: 'tip_off' });
    await dispose(redecided.problemId, 2, 'party_warning', '2026-03-01T00:00:00Z');
    await dispose(redecided.problemId, 1, 'reminder_talk', '2027-01-10T00:00:00Z');
    await problem(campaign, lookalike, START + DAY);

    const keyPerson = await f.person(branchA, { isKeyPerson: true });
    const member = await f.person(branchA);
    const message = (
      person: PersonEntity,
      templateKey: string,
      params: Record<string, string>,
    ) => ({
      dedupeKey: randomUUID(),
      recipientPersonId: person.id,
      templateKey,
      params,
      campaignId: null,
      rehearsal: false,
      channels: ['inbox' as const, 'email' as const],
      urgency: 'reminder' as const,
    });
    const taskReminder = {
      taskName: '廉政承诺书',
      campaignTitle: '测试',
      dueAt: '2026-12-01T10:00:00Z',
      timeLeft: 'P3D',
    };
    await new NotificationRepository(db.dataSource).enqueue(
      [
        message(keyPerson, 'task_reminder', taskReminder),
        message(member, 'task_reminder', taskReminder),
      ],
      `batch-${randomUUID()}`,
    );

    const stats = await assessment.statistics({
      ...YEAR_2026,
      scope: scopeOf(countyA),
      rehearsal: false,
    });
    expect(stats.clues).toEqual([
      { channel: 'inspection', count: 1 },
      { channel: 'tip_off', count: 1 },
    ]);
    expect(stats.dispositions).toEqual([
      { form: 2, measure: null, count: 1, people: 1 },
      { form: 2, measure: 'party_warning', count: 1, people: 1 },
      { form: null, measure: null, count: 1, people: 1 },
    ]);
    // The reminder went by inbox and e-mail: one message to one key person.
    expect(stats.reminders).toEqual([
      { kind: 'task_reminder', count: 1, people: 1 },
      { kind: null, count: 1, people: 1 },
    ]);
  });
});
