import { INITIAL_SCHEDULE_STATE, type ResolvedPlan, type ScheduleState } from '@campaign/domain';
import {
  type CampaignEntity,
  CampaignReadModelRepository,
  type PersonEntity,
  type Scope,
  TaskRepository,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DAY, lookalikeSibling, planTask, recordCampaign } from './fixtures.js';

const START = Date.parse('2026-03-02T01:00:00Z');

describe('TaskRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let tasks: TaskRepository;
  let f: OrgFactory;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let people: Record<'member' | 'leader' | 'key' | 'both' | 'gone', PersonEntity>;

  /** Phase 0's tasks: one per kind of owner, one not counting toward the gate. */
  const phaseTasks = () => [
    planTask('reading', 'everyone', START + 5 * DAY),
    planTask('leaders-talk', 'leaders', START + 10 * DAY),
    planTask('key-check', 'key_persons', START + 10 * DAY),
    planTask('groups', 'key_groups', START + 12 * DAY),
    planTask('summary', 'unit', START + 20 * DAY, { kind: 'phase_summary' }),
    planTask('optional', 'everyone', START + 25 * DAY, { required: false }),
  ];
  const opened: ScheduleState = { ...INITIAL_SCHEDULE_STATE, opened: { 0: START } };

  async function campaignWithTasks(): Promise<{ campaign: CampaignEntity; plan: ResolvedPlan }> {
    const campaign = await recordCampaign(db.dataSource, city, {
      startsAt: START,
      tasks: [phaseTasks()],
    });
    return { campaign, plan: campaign.plan!.resolved };
  }

  /** The rows as they stand: `task_key person-or-unit status`, sorted. */
  async function rows(campaignId: string, unitId?: string): Promise<string[]> {
    const found: Array<{ task_key: string; person_id: string | null; status: string }> =
      await db.dataSource.query(
        `SELECT task_key, person_id, status FROM campaign_tasks
         WHERE campaign_id = $1 AND ($2::uuid IS NULL OR unit_id = $2)`,
        [campaignId, unitId ?? null],
      );
    const name = (id: string | null) =>
      id === null
        ? 'unit'
        : (Object.entries(people).find(([, p]) => p.id === id)?.[0] ?? id.slice(0, 8));
    return found.map((r) => `${r.task_key} ${name(r.person_id)} ${r.status}`).sort();
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    tasks = new TaskRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    people = {
      member: await f.person(branchA, { name: '孙莉' }),
      leader: await f.person(branchA, { name: '周杰', isLeader: true }),
      key: await f.person(branchA, { name: '吴刚', isKeyPerson: true }),
      both: await f.person(branchA, { name: '郑爽', isLeader: true, isKeyPerson: true }),
      gone: await f.person(branchA, { name: '冯远', status: 'left' }),
    };
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('writes a row per member who owes each task and one per unit task, once', async () => {
    const { campaign, plan } = await campaignWithTasks();
    const created = await tasks.createUnitTasks(campaign.id, branchA.id, plan, 0, opened);

    expect(await rows(campaign.id)).toEqual(
      [
        'groups both open',
        'groups key open',
        'groups leader open',
        'key-check both open',
        'key-check key open',
        'leaders-talk both open',
        'leaders-talk leader open',
        'optional both open',
        'optional key open',
        'optional leader open',
        'optional member open',
        'reading both open',
        'reading key open',
        'reading leader open',
        'reading member open',
        'summary unit open',
      ].sort(),
    );
    expect(created).toBe(16);
    // A retried activity writes nothing more.
    expect(await tasks.createUnitTasks(campaign.id, branchA.id, plan, 0, opened)).toBe(0);
    expect(await rows(campaign.id)).toHaveLength(16);
  });

  it('follows people in and out of a unit, joiners getting the days the others had', async () => {
    // Units of its own, so the people moving leave the others' as they are.
    const from = await f.unit(countyB, 'party_branch', '西山县公安局第一党支部');
    const to = await f.unit(countyB, 'party_branch', '西山县公安局第二党支部');
    const mover = await f.person(from, { name: '陈晨' });
    const { campaign, plan } = await campaignWithTasks();
    await tasks.createUnitTasks(campaign.id, from.id, plan, 0, opened);
    await tasks.createUnitTasks(campaign.id, to.id, plan, 0, opened);
    const at = START + 2 * DAY;
    const of = async (unit: UnitEntity, person: PersonEntity) =>
      (await rows(campaign.id, unit.id)).filter((r) => r.includes(person.id.slice(0, 8)));
    const due = async (person: PersonEntity, key: string) =>
      (
        await db.dataSource.query(
          'SELECT due_at FROM campaign_tasks WHERE campaign_id = $1 AND person_id = $2 AND task_key = $3',
          [campaign.id, person.id, key],
        )
      )[0].due_at as Date;

    // Two days in, the mover goes to the other branch and a newcomer arrives.
    await f.org.updatePerson(mover.id, { unitId: to.id });
    const newcomer = await f.person(from, { name: '褚明' });
    const left = await tasks.syncUnitMembers(campaign.id, from.id, plan, opened, at);
    expect([left.joined, left.left]).toEqual([1, 2]);
    const tag = (p: PersonEntity) => p.id.slice(0, 8);
    expect(await of(from, mover)).toEqual([
      `optional ${tag(mover)} left`,
      `reading ${tag(mover)} left`,
    ]);
    // Five days from the phase's start were given; the newcomer has five from arriving.
    expect((await due(newcomer, 'reading')).getTime()).toBe(at + 5 * DAY);
    expect(left.extraDues).toContainEqual({
      taskKey: 'reading',
      phaseIndex: 0,
      dueAt: at + 5 * DAY,
    });

    // The other branch takes the mover's rows back open with their deadlines: no second set.
    const arrived = await tasks.syncUnitMembers(campaign.id, to.id, plan, opened, at);
    expect(arrived.left).toBe(0);
    expect(await of(to, mover)).toEqual([
      `optional ${tag(mover)} open`,
      `reading ${tag(mover)} open`,
    ]);
    expect(await of(from, mover)).toEqual([]);
    expect((await due(mover, 'reading')).getTime()).toBe(START + 5 * DAY);

    // Nothing changed since: a second sync does nothing.
    const again = await tasks.syncUnitMembers(campaign.id, from.id, plan, opened, at);
    expect([again.joined, again.left, again.extraDues]).toEqual([0, 0, []]);
  });

  it('counts each unit’s required tasks for its gate, and stores a gate’s results once', async () => {
    const { campaign, plan } = await campaignWithTasks();
    await tasks.createUnitTasks(campaign.id, branchA.id, plan, 0, opened);
    const [reading] = await tasks.openRows(campaign.id, branchA.id, 'reading', START + 5 * DAY);
    const [summary] = await tasks.openRows(campaign.id, branchA.id, 'summary', START + 20 * DAY);
    const [optional] = await tasks.openRows(campaign.id, branchA.id, 'optional', START + 25 * DAY);
    await db.dataSource.transaction(async (tx) => {
      expect(await tasks.complete(reading.id, reading.personId!, START + DAY, tx)).toBe(true);
      expect(await tasks.complete(summary.id, people.leader.id, START + DAY, tx)).toBe(true);
      expect(await tasks.complete(optional.id, optional.personId!, START + DAY, tx)).toBe(true);
      // Done already: a second completion is refused and changes nothing.
      expect(await tasks.complete(reading.id, people.leader.id, START + 2 * DAY, tx)).toBe(false);
    });
    expect((await tasks.findTask(reading.id))!.completedByPersonId).toBe(reading.personId);

    const gate = await tasks.gateRows(campaign.id, 0);
    // Every unit of the campaign has a row; those without tasks owe nothing.
    expect(gate.map((g) => g.unitId).sort()).toEqual(
      (await new CampaignReadModelRepository(db.dataSource).unitIds(campaign.id)).sort(),
    );
    expect(gate.find((g) => g.unitId === branchA.id)).toEqual({
      unitId: branchA.id,
      memberOwed: 11,
      memberDone: 1,
      unitOwed: 1,
      unitDone: 1,
    });
    expect(gate.find((g) => g.unitId === countyB.id)).toMatchObject({ memberOwed: 0, unitOwed: 0 });

    const results = gate.map((g) => ({ ...g, passed: g.unitId !== branchA.id }));
    await tasks.storeGateResults(campaign.id, 0, results, START + 30 * DAY);
    await tasks.storeGateResults(
      campaign.id,
      0,
      results.map((r) => ({ ...r, passed: true })),
      START + 31 * DAY,
    );
    const stored = await tasks.gateResults(campaign.id);
    expect(stored.filter((r) => !r.passed).map((r) => r.unitId)).toEqual([branchA.id]);
    const { phases } = (await new CampaignReadModelRepository(db.dataSource).findById(
      campaign.id,
    ))!;
    expect(phases![0].unitsBelowGate).toBe(1);
  });

  it('keeps the progress counts equal to the rows through completions, shifts and cancellations', async () => {
    const { campaign, plan } = await campaignWithTasks();
    await tasks.createUnitTasks(campaign.id, branchA.id, plan, 0, opened);
    await tasks.createUnitTasks(campaign.id, countyA.id, plan, 0, opened);
    await tasks.createUnitTasks(campaign.id, lookalike.id, plan, 0, opened);
    const [reading] = await tasks.openRows(campaign.id, branchA.id, 'reading', START + 5 * DAY);
    await db.dataSource.transaction((tx) =>
      tasks.complete(reading.id, reading.personId!, START + DAY, tx),
    );
    await new CampaignReadModelRepository(db.dataSource).applyShift(campaign.id, 'shift-1', {
      from: START + 8 * DAY,
      by: 3 * DAY,
    });
    await tasks.closeUnitTasks(campaign.id, lookalike.id);

    /** What the rows themselves say, per unit and phase, at `now`. */
    const fromRows = async (now: number) =>
      (
        await db.dataSource.query(
          `SELECT unit_id, phase_index,
                  count(*) FILTER (WHERE status IN ('open', 'done'))::int AS owed,
                  count(*) FILTER (WHERE status = 'done')::int AS done,
                  count(*) FILTER (WHERE status = 'open' AND due_at < $2)::int AS overdue
           FROM campaign_tasks WHERE campaign_id = $1 GROUP BY unit_id, phase_index`,
          [campaign.id, new Date(now)],
        )
      )
        .map((r: any) => ({
          unitId: r.unit_id,
          phaseIndex: r.phase_index,
          owed: r.owed,
          done: r.done,
          overdue: r.overdue,
        }))
        .filter((r: { owed: number }) => r.owed > 0);
    const byUnit = (a: { unitId: string }, b: { unitId: string }) =>
      a.unitId.localeCompare(b.unitId);
    for (const now of [START, START + 11 * DAY, START + 14 * DAY]) {
      const progress = await tasks.unitProgress(campaign.id, { all: true }, now);
      expect(progress.filter((p) => p.owed > 0).sort(byUnit)).toEqual(
        (await fromRows(now)).sort(byUnit),
      );
    }
    // Eleven days in: three readings (due day 5) are late; the talks, shifted to day 13, are not.
    const at11 = await tasks.unitProgress(campaign.id, { all: true }, START + 11 * DAY);
    expect(at11.find((p) => p.unitId === branchA.id)).toMatchObject({ done: 1, overdue: 3 });
  });

  it('reads progress within the scope’s subtrees only, per unit and per person', async () => {
    const { campaign, plan } = await campaignWithTasks();
    const inLookalike = await f.person(lookalike, { name: '卫东' });
    for (const unit of [branchA, countyB, lookalike]) {
      await tasks.createUnitTasks(campaign.id, unit.id, plan, 0, opened);
    }
    const scope: Scope = { all: false, paths: [countyA.path] };
    const units = (await tasks.unitProgress(campaign.id, scope, START)).map((p) => p.unitId);
    expect([...new Set(units)]).toEqual([branchA.id]);

    const persons = await tasks.personProgress(campaign.id, countyA.path, START);
    expect(new Set(persons.map((p) => p.personId))).toEqual(
      new Set([people.member.id, people.leader.id, people.key.id, people.both.id]),
    );
    expect(persons.find((p) => p.personId === people.both.id)).toMatchObject({
      phaseIndex: 0,
      owed: 5,
      done: 0,
    });
    const lookalikes = await tasks.personProgress(campaign.id, lookalike.path, START);
    expect(lookalikes.map((p) => p.personId)).toEqual([inLookalike.id]);
  });

  it('lists unit tasks in scope, open before done, by deadline, with totals and pages', async () => {
    const { campaign, plan } = await campaignWithTasks();
    for (const unit of [countyA, branchA, countyB, lookalike]) {
      await tasks.createUnitTasks(campaign.id, unit.id, plan, 0, opened);
    }
    const [done] = await tasks.openRows(campaign.id, countyA.id, 'summary', START + 20 * DAY);
    await db.dataSource.transaction((tx) =>
      tasks.complete(done.id, people.leader.id, START + DAY, tx),
    );
    const list = async (q: Partial<Parameters<TaskRepository['unitTasks']>[0]>) => {
      const { items, total } = await tasks.unitTasks({
        campaignId: campaign.id,
        scope: { all: true },
        offset: 0,
        limit: 10,
        ...q,
      });
      return { units: items.map((i) => i.unitId), total };
    };

    const inA = await list({ scope: { all: false, paths: [countyA.path] } });
    // Same deadline: open first, then in tree order.
    expect(inA).toEqual({ units: [branchA.id, countyA.id], total: 2 });
    expect(await list({ unitId: lookalike.id })).toEqual({ units: [lookalike.id], total: 1 });
    expect(await list({ status: 'done' })).toEqual({ units: [countyA.id], total: 1 });
    const all = await list({});
    expect(all.total).toBe(4);
    expect(all.units.at(-1)).toBe(countyA.id);
    const pages = [await list({ limit: 3 }), await list({ offset: 3, limit: 3 })];
    expect(pages.map((p) => p.total)).toEqual([4, 4]);
    expect(pages.flatMap((p) => p.units)).toEqual(all.units);
    expect(await list({ offset: 10 })).toEqual({ units: [], total: 4 });
  });

  it('gives a person their tasks, open before done, by deadline, paged with the total', async () => {
    const { campaign, plan } = await campaignWithTasks();
    await tasks.createUnitTasks(campaign.id, branchA.id, plan, 0, opened);
    const [reading] = await tasks.openRows(campaign.id, branchA.id, 'reading', START + 5 * DAY);
    const owner = reading.personId!;
    await db.dataSource.transaction((tx) => tasks.complete(reading.id, owner, START + DAY, tx));
    const mine = async (q: Partial<Parameters<TaskRepository['myTasks']>[0]> = {}) => {
      const { items, total } = await tasks.myTasks({
        personId: owner,
        campaignId: campaign.id,
        offset: 0,
        limit: 10,
        ...q,
      });
      return { keys: items.map((i) => `${i.taskKey}:${i.status}`), total };
    };
    const all = await mine();
    expect(all.keys[0].endsWith(':open')).toBe(true);
    expect(all.keys.at(-1)).toBe('reading:done');
    expect(await mine({ status: 'done' })).toEqual({ keys: ['reading:done'], total: 1 });
    const page2 = await mine({ offset: 1, limit: 1 });
    expect(page2).toEqual({ keys: [all.keys[1]], total: all.total });

    // Cancelled rows are no one's to do.
    await tasks.closeUnitTasks(campaign.id, branchA.id);
    expect(await mine()).toEqual({ keys: ['reading:done'], total: 1 });
  });

  it('finds who acts for a unit: its office, else the nearest active first responsible', async () => {
    const secretary = await f.person(countyA, { name: '蒋书记' });
    const chief = await f.person(city, { name: '沈局长' });
    const formerChief = await f.person(countyB, { name: '韩前任', status: 'left' });
    await f.org.setFirstResponsible(countyA.id, secretary.id);
    await f.org.setFirstResponsible(city.id, chief.id);
    await f.org.setFirstResponsible(countyB.id, formerChief.id);
    const office = await f.person(lookalike, { name: '杨办' });
    await f.org.grant(office.id, 'office', lookalike.id, null);

    const contacts = await tasks.unitContacts([branchA.id, countyA.id, countyB.id, lookalike.id]);
    expect(Object.fromEntries(contacts)).toEqual({
      [branchA.id]: [secretary.id],
      [countyA.id]: [secretary.id],
      // Its own first responsible has left: the city's answers.
      [countyB.id]: [chief.id],
      [lookalike.id]: [office.id],
    });
  });

  it('finds the supervisors over a unit: granted at or above it, never beside or below', async () => {
    const [above, atUnit, beside, below, gone] = await Promise.all(
      ['督查甲', '督查乙', '督查丙', '督查丁', '督查戊'].map((name) => f.person(city, { name })),
    );
    await f.org.grant(above.id, 'supervisor', city.id, null);
    await f.org.grant(atUnit.id, 'supervisor', countyA.id, null);
    await f.org.grant(beside.id, 'supervisor', lookalike.id, null);
    await f.org.grant(below.id, 'supervisor', branchA.id, null);
    await f.org.grant(gone.id, 'supervisor', city.id, null);
    await f.org.updatePerson(gone.id, { status: 'left' });
    await f.org.grant(below.id, 'inspector', countyA.id, null);

    expect(await tasks.supervisorsOver(countyA.id)).toEqual([above.id, atUnit.id].sort());
  });

  it('counts the population of a subtree per unit as owing tasks goes', async () => {
    const population = await tasks.population(countyA.id, ['leaders']);
    const ofBranch = population.find((p) => p.unitId === branchA.id)!;
    // The member who left is no one's population; key persons count only if the plan says so.
    expect(ofBranch).toMatchObject({ leaders: 2, keyPersons: 2, keyGroups: 2 });
    expect(ofBranch.everyone).toBeGreaterThanOrEqual(4);
    expect(population.map((p) => p.unitId)).not.toContain(lookalike.id);
    expect(population[0].unitId).toBe(countyA.id);
  });
});
