import {
  eventually,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
/** Four campaign days a second: a desk's 40 days are ten seconds, its 8 days two. */
const SCALE = 4 * 86_400;

type Request = ApiTestApp['request'];

/**
 * Decisions on the ladder (issue 18) through the API, in a rehearsal on the real dev server: a
 * stalled item proposes the 督办单 to the county's 督查问效组, which issues it; the 约谈 is issued
 * and recorded; the 派驻督导 nobody at the county decides in time goes to the city's group, the
 * register keeping the desk it waited on; the inspectors propose 问责 naming both lines up two
 * levels and the county's Party committee holds two people to account in two forms. Every step
 * once.
 */
describe('decisions on the ladder through the API', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let office: Request;
  let inspector: Request;
  let supervisor: Request;
  let citySupervisor: Request;
  let committee: Request;
  let member: Request;
  let outsider: Request;
  let people: Record<
    'secretary' | 'countySecretary' | 'citySecretary' | 'countyArea' | 'member' | 'citySupervisor',
    string
  >;

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    const secretary = await f.person(org.branchA, { name: '周书记', isLeader: true });
    const county = await f.account(org.countyA, []);
    const countyArea = await f.person(org.countyA, { name: '冯政委', isLeader: true });
    const citySecretary = await f.person(org.city, { name: '郑局长', isLeader: true });
    const city = await f.account(org.city, [{ role: 'supervisor', unit: org.city }]);
    const other = await f.account(org.countyB, [{ role: 'supervisor', unit: org.countyB }]);
    await f.org.setFirstResponsible(org.branchA.id, secretary.id);
    await f.org.setFirstResponsible(org.countyA.id, county.person.id);
    await f.org.setFirstResponsible(org.city.id, citySecretary.id);
    // The business line: the branch's secretary leads 队伍管理, and so does the county's 政委.
    await f.org.setCommittee(org.branchA.id, [{ personId: secretary.id, areas: ['队伍管理'] }]);
    await f.org.setCommittee(org.countyA.id, [{ personId: countyArea.id, areas: ['队伍管理'] }]);
    people = {
      secretary: secretary.id,
      countySecretary: county.person.id,
      citySecretary: citySecretary.id,
      countyArea: countyArea.id,
      member: org.users.member.person.id,
      citySupervisor: city.person.id,
    };
    office = api.as(await api.signIn(org.users.office.username));
    inspector = api.as(await api.signIn(org.users.inspector.username));
    supervisor = api.as(await api.signIn(org.users.supervisor.username));
    citySupervisor = api.as(await api.signIn(city.username));
    committee = api.as(await api.signIn(county.username));
    member = api.as(await api.signIn(org.users.member.username));
    outsider = api.as(await api.signIn(other.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  /** The first decision awaiting `who` on the item, once one does. */
  const awaiting = async (who: Request, itemId: string, kind: string) =>
    eventually(
      async () => (await who('GET', '/api/v1/me/decisions?pageSize=200')).body,
      (b) => b.items?.some((d: any) => d.itemId === itemId && d.kind === kind),
      60_000,
    ).then((b) => b.items.find((d: any) => d.itemId === itemId && d.kind === kind));

  it('proposes, and the named desks decide: 督办单, 约谈, a step that climbs, 问责 on both lines', async () => {
    const template = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    const plan = structuredClone(template.body.plan);
    // The seeds' desks, with limits a rehearsal can act within; the 派驻督导's county desk lets
    // its limit pass.
    const desk = (role: string, days: number) => ({ role, levelsUp: 1, within: { days } });
    plan.escalation.decisions = {
      supervision_order: [desk('supervisor', 40)],
      admonishment_talk: [desk('supervisor', 40)],
      stationed_supervision: [desk('supervisor', 8)],
      accountability: [desk('inspector', 40), desk('committee', 40)],
    };
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿演练（升级决定）',
      plan,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-03-02T00:00:00+08:00',
      rehearsal: { timeScale: SCALE },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const campaignId = launched.body.id as string;

    // The forecast shows each decision step with its desk and limit before anything happens.
    const forecast = await office('POST', '/api/v1/plans/forecast', {
      plan,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-03-02T00:00:00+08:00',
    });
    expect(forecast.status).toBe(200);
    const forecastRungs = forecast.body.events.filter((e: any) => e.kind.code === 'ladder_rung');
    const accountabilityForecast = forecastRungs.find((e: any) => e.rung.code === 'accountability');
    expect(accountabilityForecast.decision.map((d: any) => [d.role.code, d.levelsUp])).toEqual([
      ['inspector', 1],
      ['committee', 1],
    ]);
    expect(forecastRungs.find((e: any) => e.rung.code === 'bulletin').decision).toBeUndefined();

    const registered = await office('POST', '/api/v1/items', {
      campaignId,
      unitId: org.branchA.id,
      personIds: [people.member],
      description: '个别民警上班时间玩手机，工作纪律松弛。',
      source: 'inspection',
      category: 'discipline_work',
    });
    expect(registered.status).toBe(201);
    const itemId = registered.body.id as string;
    const assigned = await office('POST', `/api/v1/items/${itemId}/assign`, {
      responsibleLeaderId: people.secretary,
      responsibleUnitId: org.branchA.id,
      responsiblePersonId: people.member,
      deadlineWorkingDays: 10,
      acceptanceStandard: '全体民警签订承诺书，连续一个月抽查无违规。',
      expectedEffect: '工作纪律明显好转。',
      measures: '开展专项教育，每周抽查在岗情况。',
      mode: 'by_deadline',
    });
    expect([assigned.status, assigned.body.message]).toEqual([200, undefined]);

    // 督办单: proposed to the county's 督查问效组 (one level up), and nothing more happens by
    // itself — the bulletin fired, the supervision order waits on the desk.
    const order = await awaiting(supervisor, itemId, 'supervision_order');
    expect(order).toMatchObject({
      status: 'pending',
      step: { index: 0, of: 1, role: { code: 'supervisor', label: '督查问效组' }, levelsUp: 1 },
    });
    expect(order.step.unitId).toBe(org.countyA.id);
    expect(new Date(order.dueBy).getTime()).toBeGreaterThan(new Date(order.openedAt).getTime());
    const before = await inspector('GET', `/api/v1/accountability?campaignId=${campaignId}`);
    expect(before.body.entries.map((e: any) => e.rung.code)).not.toContain('supervision_order');

    // Not theirs: the member cannot see it (404), an inspector in scope sees it but may not
    // take it (403), a supervisor of another county does not see it (404).
    const take = (who: Request, id: string, body: object) =>
      who('POST', `/api/v1/decisions/${id}`, body);
    expect((await take(member, order.id, { decision: 'issue', reason: '同意' })).status).toBe(404);
    expect((await take(inspector, order.id, { decision: 'issue', reason: '同意' })).status).toBe(
      403,
    );
    expect((await take(outsider, order.id, { decision: 'issue', reason: '同意' })).status).toBe(
      404,
    );
    // Bad bodies name their fields; a deferral needs its day.
    const bad = await take(supervisor, order.id, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['decision', 'reason']);
    const noDay = await take(supervisor, order.id, { decision: 'defer', reason: '待调查核实' });
    expect([noDay.status, noDay.body.violations?.[0]?.field]).toEqual([422, 'until']);

    const issued = await take(supervisor, order.id, {
      decision: 'issue',
      reason: '经督查问效组研究，决定下发督办单，限期书面回复。',
    });
    expect([issued.status, issued.body.message]).toEqual([200, undefined]);
    expect(issued.body).toMatchObject({
      status: 'issued',
      decidedBy: org.users.supervisor.person.id,
      decisionReason: '经督查问效组研究，决定下发督办单，限期书面回复。',
    });
    // Taken once: a second decision is 409.
    expect((await take(supervisor, order.id, { decision: 'issue', reason: '再次' })).status).toBe(
      409,
    );
    const withOrder = await eventually(
      async () =>
        (
          await inspector(
            'GET',
            `/api/v1/accountability?campaignId=${campaignId}&rung=supervision_order`,
          )
        ).body,
      (b) => b.entries?.length === 1,
    );
    // The 督办单 has its number and the reply it owes.
    expect(withOrder.entries[0].documentNumber).toBe('督〔2026〕1号');
    expect(withOrder.entries[0].respondBy).not.toBeNull();

    // 约谈: issued by the same desk, then its record.
    const talk = await awaiting(supervisor, itemId, 'admonishment_talk');
    expect(
      (await take(supervisor, talk.id, { decision: 'issue', reason: '约谈支部书记，督促整改。' }))
        .status,
    ).toBe(200);
    const recorded = await eventually(
      () =>
        inspector('POST', `/api/v1/items/${itemId}/talks`, {
          heldOn: '2026-05-12',
          attendeeIds: [people.secretary, people.member],
          outcome: '责令限期整改，作出书面检查。',
        }),
      (r) => r.status === 200,
    );
    expect(recorded.body.reports.at(-1)).toMatchObject({ kind: 'talk' });

    // 派驻督导: the county desk lets its limit pass; the city's group has it, and the county's
    // row keeps the desk it stopped on.
    const stationedCity = await awaiting(citySupervisor, itemId, 'stationed_supervision');
    expect(stationedCity.step).toMatchObject({ levelsUp: 2, unitId: org.city.id });
    const all = await supervisor(
      'GET',
      `/api/v1/decisions?campaignId=${campaignId}&status=escalated&pageSize=200`,
    );
    const stoppedAtCounty = all.body.items.find(
      (d: any) => d.kind === 'stationed_supervision' && d.step.levelsUp === 1,
    );
    expect(stoppedAtCounty).toMatchObject({
      status: 'escalated',
      step: { unitId: org.countyA.id },
      decidedBy: null,
    });
    // The city's desk decides (the root keeps it if it slips again: take the one pending now).
    await eventually(
      async () => {
        const pending = await awaiting(citySupervisor, itemId, 'stationed_supervision');
        return take(citySupervisor, pending.id, { decision: 'issue', reason: '派驻督导组进驻。' });
      },
      (r) => r.status === 200,
      60_000,
    );

    // 问责: the county's inspectors propose; the county's Party committee decides.
    const proposal = await awaiting(inspector, itemId, 'accountability');
    expect(proposal.step).toMatchObject({ index: 0, of: 2, role: { code: 'inspector' } });
    expect(
      (await take(inspector, proposal.id, { decision: 'issue', reason: '建议对相关责任人问责。' }))
        .status,
    ).toBe(200);
    const decision = await awaiting(committee, itemId, 'accountability');
    expect(decision.step).toMatchObject({ index: 1, of: 2, role: { code: 'committee' } });
    expect(decision.previousId).toBe(proposal.id);
    // Both lines, up two levels: the direct responsibility, the first responsible persons of
    // the branch, the county and the city, the county's leader of the area, the inspectors.
    const candidates = new Map(
      decision.candidates.map((c: any) => [c.personId, [c.responsibility, c.levelsUp]]),
    );
    expect(candidates.get(people.member)).toEqual(['direct', 0]);
    expect(candidates.get(people.secretary)).toEqual(['direct', 0]);
    expect(candidates.get(people.countySecretary)).toEqual(['principal', 1]);
    expect(candidates.get(people.citySecretary)).toEqual(['principal', 2]);
    expect(candidates.get(people.countyArea)).toEqual(['leadership', 1]);
    expect(candidates.get(org.users.inspector.person.id)).toEqual(['supervision', 0]);

    // Nobody outside the candidates, and nobody without a form and a reason.
    const stranger = await take(committee, decision.id, {
      decision: 'issue',
      reason: '依规依纪依法问责。',
      accountable: [
        {
          personId: people.citySupervisor,
          responsibility: 'direct',
          form: 'criticism',
          reason: '无',
        },
      ],
    });
    expect([stranger.status, stranger.body.violations?.[0]?.field]).toEqual([
      422,
      'accountable.0.personId',
    ]);
    const held = await take(committee, decision.id, {
      decision: 'issue',
      reason: '依规依纪依法、稳妥慎重，经党委研究决定。',
      accountable: [
        {
          personId: people.member,
          responsibility: 'direct',
          form: 'admonishment',
          reason: '整改不力，逾期未完成。',
        },
        {
          personId: people.secretary,
          responsibility: 'leadership',
          form: 'criticism',
          reason: '督促整改不力。',
        },
      ],
    });
    expect([held.status, held.body.message]).toEqual([200, undefined]);
    expect(
      held.body.accountable.map((a: any) => [a.personId, a.form.label, a.responsibility.code]),
    ).toEqual([
      [people.member, '诫勉', 'direct'],
      [people.secretary, '通报批评', 'leadership'],
    ]);

    // The member's integrity file keeps the decision that held them to account.
    const file = await inspector('GET', `/api/v1/people/${people.member}/integrity-file`);
    expect(file.status).toBe(200);
    expect(file.body.accountability).toMatchObject([
      {
        decisionId: decision.id,
        itemId,
        form: { code: 'admonishment', label: '诫勉' },
        responsibility: { code: 'direct' },
        reason: '整改不力，逾期未完成。',
        decidedBy: people.countySecretary,
      },
    ]);

    // The register: every rung once, accountability holding exactly the two decided.
    const register = await eventually(
      async () =>
        (await inspector('GET', `/api/v1/accountability?campaignId=${campaignId}&pageSize=100`))
          .body,
      (b) => b.entries?.some((e: any) => e.rung.code === 'accountability'),
    );
    const rungs = register.entries
      .filter((e: any) => e.kind === 'rung')
      .map((e: any) => e.rung.code)
      .reverse();
    expect(rungs).toEqual([
      'bulletin',
      'supervision_order',
      'admonishment_talk',
      'stationed_supervision',
      'accountability',
    ]);
    const accountability = register.entries.find((e: any) => e.rung.code === 'accountability');
    expect([...accountability.accountable].sort()).toEqual(
      [people.member, people.secretary].sort(),
    );
    // …and shows the decision: who decided at which desk, why, whom in which form.
    expect(accountability.decision).toMatchObject({
      id: decision.id,
      decidedBy: people.countySecretary,
      role: { code: 'committee' },
      reason: '依规依纪依法、稳妥慎重，经党委研究决定。',
    });
    expect(accountability.decision.accountable.map((a: any) => a.form.code)).toEqual([
      'admonishment',
      'criticism',
    ]);
    const orderEntry = register.entries.find((e: any) => e.rung.code === 'supervision_order');
    expect(orderEntry.decision).toMatchObject({ decidedBy: org.users.supervisor.person.id });
    const bulletin = register.entries.find((e: any) => e.rung.code === 'bulletin');
    expect(bulletin.decision).toBeNull();

    // The decisions list in scope tells the whole story, and a member has no access to it.
    const story = await supervisor(
      'GET',
      `/api/v1/decisions?campaignId=${campaignId}&pageSize=200`,
    );
    const statuses = story.body.items.map((d: any) => d.status);
    expect(statuses.filter((s: string) => s === 'issued')).toHaveLength(5);
    expect(statuses).not.toContain('pending');
    expect((await member('GET', '/api/v1/decisions')).status).toBe(403);
  });

  it('closes an item as the plan says: the 整改专班 checks it first, then an inspector closes it', async () => {
    const template = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    const plan = structuredClone(template.body.plan);
    plan.review = { ...plan.review, closedBy: 'task_force_then_inspectors' };
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（整改专班初审）',
      plan,
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const registered = await office('POST', '/api/v1/items', {
      campaignId: launched.body.id,
      unitId: org.branchA.id,
      personIds: [people.member],
      description: '执法记录仪使用不规范。',
      source: 'inspection',
      category: 'discipline_work',
    });
    const itemId = registered.body.id as string;
    const day = new Date(Date.now() + 20 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await eventually(
      () =>
        office('POST', `/api/v1/items/${itemId}/assign`, {
          responsibleLeaderId: people.secretary,
          responsibleUnitId: org.branchA.id,
          responsiblePersonId: people.member,
          deadline: day,
          acceptanceStandard: '执法记录仪全程使用，抽查无遗漏。',
          expectedEffect: '执法规范。',
          measures: '每周抽查执法记录。',
          mode: 'by_deadline',
        }),
      (r) => r.status === 200,
    );
    await member('POST', `/api/v1/items/${itemId}/submit`, { text: '已整改，附抽查记录。' });
    const verify = () => inspector('POST', `/api/v1/items/${itemId}/verify`, { decision: 'close' });
    const check = () =>
      office('POST', `/api/v1/items/${itemId}/task-force-check`, { decision: 'close' });
    // The inspectors wait for the task force's check.
    expect((await verify()).status).toBe(409);
    const checked = await check();
    expect([checked.status, checked.body.status?.code]).toEqual([200, 'submitted']);
    expect((await check()).status).toBe(409);
    // Only the office acts as the task force.
    expect(
      (await inspector('POST', `/api/v1/items/${itemId}/task-force-check`, { decision: 'close' }))
        .status,
    ).toBe(403);
    const closed = await verify();
    expect([closed.status, closed.body.status?.code]).toEqual([200, 'closed']);
  });

  it('lets the 督查问效组 spot-check a closed item and reopen it when it was not really rectified', async () => {
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（抽查）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(launched.status).toBe(201);
    const registered = await office('POST', '/api/v1/items', {
      campaignId: launched.body.id,
      unitId: org.branchA.id,
      personIds: [people.member],
      description: '值班制度执行不严，检查流于形式。',
      source: 'inspection',
      category: 'discipline_work',
    });
    const itemId = registered.body.id as string;
    const day = (days: number) =>
      new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await eventually(
      () =>
        office('POST', `/api/v1/items/${itemId}/assign`, {
          responsibleLeaderId: people.secretary,
          responsibleUnitId: org.branchA.id,
          responsiblePersonId: people.member,
          deadline: day(20),
          acceptanceStandard: '值班制度逐条落实，抽查无缺岗。',
          expectedEffect: '值班秩序规范。',
          measures: '修订值班制度，每周抽查。',
          mode: 'by_deadline',
        }),
      (r) => r.status === 200,
    );
    const check = (who: Request, body: object) =>
      who('POST', `/api/v1/items/${itemId}/spot-checks`, body);
    // Only a closed item is spot-checked.
    expect((await check(supervisor, { outcome: 'upheld', note: '抽查。' })).status).toBe(409);
    await member('POST', `/api/v1/items/${itemId}/submit`, { text: '已修订值班制度。' });
    const closed = await inspector('POST', `/api/v1/items/${itemId}/verify`, {
      decision: 'close',
    });
    expect(closed.body.status?.code).toBe('closed');

    // The inspectors do not spot-check; the group does, and a reopening names its day.
    expect((await check(inspector, { outcome: 'upheld', note: '抽查。' })).status).toBe(403);
    const noDay = await check(supervisor, { outcome: 'reopened', note: '整改不到位。' });
    expect([noDay.status, noDay.body.violations?.[0]?.field]).toEqual([422, 'newDeadline']);
    const reopened = await check(supervisor, {
      outcome: 'reopened',
      note: '抽查发现夜间值班仍有缺岗，整改不到位。',
      newDeadline: day(40),
    });
    expect([reopened.status, reopened.body.message]).toEqual([200, undefined]);
    expect(reopened.body).toMatchObject({
      status: { code: 'reopened' },
      warningLevel: { code: 'yellow' },
      deadline: expect.stringContaining(''),
    });
    expect(reopened.body.reports.at(-1)).toMatchObject({
      kind: 'spot_check',
      text: '抽查发现夜间值班仍有缺岗，整改不到位。',
      details: { outcome: 'reopened', newDeadline: day(40) },
    });
    expect((await check(supervisor, { outcome: 'upheld', note: '再查。' })).status).toBe(409);
  });
});
