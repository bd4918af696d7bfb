import type { UnitEntity } from '@campaign/persistence';
import { DispositionEntity, ProblemEntity, RuleTaskRepository } from '@campaign/persistence';
import {
  eventually,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
  withNoticesLadder,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
const DAY = 86_400_000;
/** The day (Asia/Shanghai) `days` from now: deadlines stay within their campaign's horizon. */
const dayAhead = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
/** Four campaign days a second: the default ladder's two months from a deadline in ~16 s. */
const SCALE = 4 * 86_400;
const REHEARSAL_START = '2026-03-02T00:00:00+08:00';

/** A plan's own assessment points, to tell them from the defaults. */
const POLICY = {
  base: 100,
  perGateMissed: 7,
  perOverdueItem: 3,
  perYellowWarning: 1,
  perRedWarning: 4,
  perEscalation: 2,
  perViolationCase: 11,
};

const name = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/**
 * A 教育整顿 plan for rehearsals: a long study phase (15 s at four days a second) whose gate
 * wants every unit's phase summary, a warning film everyone may watch, no task reminders or
 * holiday reminders (so the only reminders are the ledger's), and the assessment points above.
 */
const rehearsalPlan = (assessment: object = POLICY) => ({
  phases: [
    {
      kind: 'study',
      start: { offset: 'P0D' },
      end: { duration: 'P60D' },
      gate: { minMemberCompletion: 0, requireUnitTasks: true, onFail: 'proceed' },
      tasks: [
        {
          key: 'study-summary',
          kind: 'phase_summary',
          name: name('学习教育阶段总结', 'Summary of the study phase'),
          owner: 'unit',
          due: { offset: 'P50D' },
          evidenceRequired: true,
        },
        {
          key: 'warning-film',
          kind: 'warning_education',
          name: name('观看警示教育片', 'Watch the warning film'),
          owner: 'everyone',
          due: { offset: 'P40D' },
          warningForm: 'film',
          required: false,
        },
      ],
    },
    { kind: 'self_check', start: { offset: 'P60D' }, end: { duration: 'P10D' }, tasks: [] },
    { kind: 'rectification', start: { offset: 'P70D' }, end: { duration: 'P60D' }, tasks: [] },
    { kind: 'consolidation', start: { offset: 'P130D' }, end: { duration: 'P30D' }, tasks: [] },
  ],
  reminders: { offsets: [] },
  holidayReminders: { enabled: false, workingDaysBefore: 2 },
  assessment,
});

/**
 * Consolidation and assessment through the API only, on the real dev server (DOMAIN.md D6, D8):
 * a case summary's loophole tag proposes one rule-making task, which the office defines and
 * assigns onto the ledger; in a rehearsal, phase summaries read the text units wrote, scores
 * move by the plan's points, the year-end lists name the right units and the statistics count
 * the right things. Problems and dispositions (another part's API) are written as rows.
 */
describe('consolidation and assessment through the API', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let branchA2: UnitEntity;
  let office: ApiTestApp['request'];
  let inspector: ApiTestApp['request'];
  let supervisor: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let branchA2Leader: ApiTestApp['request'];
  let officeB: ApiTestApp['request'];
  let secretary: string;
  const memberId = () => org.users.member.person.id;

  const assignment = (extra: object = {}) => ({
    responsibleLeaderId: secretary,
    responsibleUnitId: org.branchA.id,
    responsiblePersonId: memberId(),
    acceptanceStandard: '制度印发实施，组织全员学习。',
    expectedEffect: '值班制度执行到位。',
    measures: '起草修订稿，征求意见后印发。',
    mode: 'by_deadline',
    ...extra,
  });
  const register = async (campaignId: string, extra: object = {}) => {
    const res = await office('POST', '/api/v1/items', {
      campaignId,
      unitId: org.branchA.id,
      personIds: [memberId()],
      description: '值班期间脱岗，值班记录填写不全。',
      source: 'inspection',
      category: 'discipline_work',
      ...extra,
    });
    expect([res.status, res.body.message]).toEqual([201, undefined]);
    return res.body.id as string;
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    secretary = (await f.person(org.branchA, { name: '周书记', isLeader: true })).id;
    await f.org.setFirstResponsible(org.branchA.id, secretary);
    branchA2 = await f.unit(org.countyA, 'party_branch', '东城分局第二党支部');
    const leader2 = await f.account(branchA2, [{ role: 'leader', unit: branchA2 }]);
    const otherOffice = await f.account(org.countyB, [{ role: 'office', unit: org.countyB }]);
    office = api.as(await api.signIn(org.users.office.username));
    inspector = api.as(await api.signIn(org.users.inspector.username));
    supervisor = api.as(await api.signIn(org.users.supervisor.username));
    member = api.as(await api.signIn(org.users.member.username));
    branchA2Leader = api.as(await api.signIn(leader2.username));
    officeB = api.as(await api.signIn(otherOffice.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('turns a loophole tag into one proposed rule task, which the office defines and assigns onto the ledger', async () => {
    const startsAt = new Date(Date.now() + DAY).toISOString();
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '教育整顿（建章立制）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt,
    });
    expect(launched.status).toBe(201);
    const campaignId = launched.body.id as string;

    // A case rectified, verified and closed; the office writes its summary with a loophole.
    const itemId = await register(campaignId);
    expect(
      (
        await office(
          'POST',
          `/api/v1/items/${itemId}/assign`,
          assignment({ deadline: dayAhead(120) }),
        )
      ).status,
    ).toBe(200);
    expect(
      (await member('POST', `/api/v1/items/${itemId}/submit`, { text: '已整改。' })).status,
    ).toBe(200);
    expect(
      (await inspector('POST', `/api/v1/items/${itemId}/verify`, { decision: 'close' })).status,
    ).toBe(200);
    const list = async (query = '') =>
      (await supervisor('GET', `/api/v1/campaigns/${campaignId}/rule-tasks${query}`)).body;
    expect((await list()).items).toEqual([]);
    const summary = await office('POST', `/api/v1/items/${itemId}/summary`, {
      text: '值班制度执行不严，检查流于形式。',
      loopholeTag: '值班制度',
    });
    expect(summary.status).toBe(200);

    // Exactly one proposed task: the item's unit, titled by the tag, linked to the item.
    const proposed = await eventually(list, (b) => b.total > 0);
    expect(proposed.total).toBe(1);
    const [task] = proposed.items;
    expect(task).toMatchObject({
      campaignId,
      unitId: org.branchA.id,
      kind: null,
      title: '值班制度',
      loopholeTag: '值班制度',
      linkedItemIds: [itemId],
      origin: { code: 'case_summary', label: '整改总结发现制度漏洞' },
      status: { code: 'proposed', label: '待明确' },
      itemId: null,
      item: null,
      createdByPersonId: org.users.office.person.id,
    });
    // A second summary of the same closure is refused; the task stays one.
    expect(
      (
        await office('POST', `/api/v1/items/${itemId}/summary`, {
          text: '再写一次。',
          loopholeTag: '值班制度',
        })
      ).status,
    ).toBe(409);
    // The item activity's step retried (a worker died after writing): still the one task.
    const [origin] = await api.db.dataSource.query(
      'SELECT origin_key, loophole_tag FROM rule_tasks WHERE id = $1',
      [task.id],
    );
    const again = await api.db.dataSource.transaction((tx) =>
      new RuleTaskRepository(api.db.dataSource).propose(
        {
          originKey: origin.origin_key,
          campaignId,
          unitId: org.branchA.id,
          itemId,
          loopholeTag: origin.loophole_tag,
          summaryId: crypto.randomUUID(),
        },
        tx,
      ),
    );
    expect(again).toBe(false);
    expect((await list()).total).toBe(1);

    // Assigning needs its kind (废改立) besides the six clarities; nothing changes meanwhile.
    const noKind = await office(
      'POST',
      `/api/v1/rule-tasks/${task.id}/assign`,
      assignment({ deadlineWorkingDays: 20 }),
    );
    expect([noKind.status, noKind.body.violations?.map((v: any) => v.field)]).toEqual([
      422,
      ['kind'],
    ]);
    const bare = await office('POST', `/api/v1/rule-tasks/${task.id}/assign`, { kind: 'amend' });
    expect(bare.status).toBe(422);
    expect(bare.body.violations.map((v: any) => v.field)).toEqual(
      expect.arrayContaining(['responsibleLeaderId', 'deadline', 'acceptanceStandard', 'mode']),
    );
    // Only the office defines it; a supervisor reads it.
    expect(
      (await supervisor('PATCH', `/api/v1/rule-tasks/${task.id}`, { kind: 'amend' })).status,
    ).toBe(403);
    const defined = await office('PATCH', `/api/v1/rule-tasks/${task.id}`, {
      kind: 'amend',
      title: '修订《值班备勤管理规定》',
    });
    expect([defined.status, defined.body.kind]).toEqual([200, { code: 'amend', label: '修订' }]);

    // Assigned: a ledger item of its own (source rule_making) whose workflow takes the assignment.
    const assigned = await office(
      'POST',
      `/api/v1/rule-tasks/${task.id}/assign`,
      assignment({ deadline: dayAhead(120) }),
    );
    expect([assigned.status, assigned.body.message]).toEqual([200, undefined]);
    expect(assigned.body).toMatchObject({
      status: { code: 'tracked' },
      title: '修订《值班备勤管理规定》',
      item: {
        description: '修订《值班备勤管理规定》',
        source: { code: 'rule_making', label: '建章立制' },
        category: { code: 'discipline_work' },
        unitId: org.branchA.id,
      },
    });
    const ruleItemId = assigned.body.itemId as string;
    const item = await eventually(
      async () => (await office('GET', `/api/v1/items/${ruleItemId}`)).body,
      (b) => b.status?.code === 'assigned' && b.starting === false,
    );
    expect(item).toMatchObject({
      responsiblePersonId: memberId(),
      responsibleLeaderId: secretary,
      mode: { code: 'by_deadline' },
      acceptanceStandard: '制度印发实施，组织全员学习。',
    });
    expect(item.deadline).not.toBeNull();
    const timeline = await office('GET', `/api/v1/items/${ruleItemId}/timeline`);
    expect(timeline.body.entries.map((e: any) => e.kind.code)).toEqual(['registered', 'assigned']);
    // The responsible person has it among their items, and reports on it like any item.
    expect((await member('GET', '/api/v1/me/items')).body.items.map((i: any) => i.id)).toContain(
      ruleItemId,
    );
    const progress = await member('POST', `/api/v1/items/${ruleItemId}/progress`, {
      text: '修订稿已起草，正在征求意见。',
    });
    expect([progress.status, progress.body.status?.code]).toEqual([200, 'in_progress']);
    // Once on the ledger it is changed there, not here.
    expect(
      (await office('POST', `/api/v1/rule-tasks/${task.id}/assign`, assignment({ kind: 'amend' })))
        .status,
    ).toBe(409);
    expect((await office('PATCH', `/api/v1/rule-tasks/${task.id}`, { title: '改名' })).status).toBe(
      409,
    );

    // The office creates one itself; a linked item must be of this campaign and in scope.
    const foreign = await office('POST', `/api/v1/campaigns/${campaignId}/rule-tasks`, {
      unitId: org.branchA.id,
      kind: 'establish',
      title: '建立节假日值班抽查制度',
      linkedItemIds: [crypto.randomUUID()],
    });
    expect([foreign.status, foreign.body.violations?.[0]?.field]).toEqual([422, 'linkedItemIds.0']);
    const created = await office('POST', `/api/v1/campaigns/${campaignId}/rule-tasks`, {
      unitId: org.branchA.id,
      kind: 'establish',
      title: '建立节假日值班抽查制度',
      linkedItemIds: [itemId],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      origin: { code: 'office' },
      kind: { code: 'establish' },
      status: { code: 'proposed' },
    });

    // Read in scope, proposed first; in English on request.
    const all = await list();
    expect(all.items.map((t: any) => t.id)).toEqual([created.body.id, task.id]);
    expect((await list('?status=tracked')).items.map((t: any) => t.id)).toEqual([task.id]);
    const en = await supervisor('GET', `/api/v1/rule-tasks/${task.id}`, undefined, {
      'accept-language': 'en',
    });
    expect(en.body).toMatchObject({
      kind: { label: 'Amend' },
      status: { label: 'Tracked on the ledger' },
      item: { source: { label: 'Rule-making' } },
    });
    // Another branch's leader sees none of branch A's; a member may not read them; another
    // county's office does not know the campaign.
    const narrow = await branchA2Leader('GET', `/api/v1/campaigns/${campaignId}/rule-tasks`);
    expect([narrow.status, narrow.body.total]).toEqual([200, 0]);
    expect((await branchA2Leader('GET', `/api/v1/rule-tasks/${task.id}`)).status).toBe(404);
    expect((await member('GET', `/api/v1/campaigns/${campaignId}/rule-tasks`)).status).toBe(403);
    expect((await officeB('GET', `/api/v1/campaigns/${campaignId}/rule-tasks`)).status).toBe(404);

    // A real campaign's year: no case, no failure, every covered unit in scope is commended,
    // and nothing of a rehearsal counts.
    const year = new Date(Date.parse(startsAt) + 8 * 3_600_000).getUTCFullYear();
    const yearEnd = await office('GET', `/api/v1/year-end/${year}`);
    expect(yearEnd.status).toBe(200);
    expect(yearEnd.body.failed).toEqual([]);
    expect(yearEnd.body.commended.map((u: any) => u.unitId)).toEqual(
      expect.arrayContaining([org.countyA.id, org.branchA.id, branchA2.id]),
    );
    expect((await officeB('GET', `/api/v1/year-end/${year}`)).body.commended).toEqual([]);

    // A campaign launched before the assessment policy existed is assessed on the defaults.
    const assessed = await office('GET', `/api/v1/campaigns/${campaignId}/assessment`);
    expect(assessed.body).toMatchObject({ defaultPolicy: false, policy: { base: 100 } });
    await api.db.dataSource.query(
      `UPDATE campaigns SET plan = plan #- '{resolved,assessment}' WHERE id = $1`,
      [campaignId],
    );
    const older = await office('GET', `/api/v1/campaigns/${campaignId}/assessment`);
    expect(older.body).toMatchObject({
      defaultPolicy: true,
      policy: {
        base: 100,
        perGateMissed: 5,
        perOverdueItem: 2,
        perYellowWarning: 1,
        perRedWarning: 3,
        perEscalation: 2,
        perViolationCase: 5,
      },
    });
    expect(older.body.units.every((u: any) => u.score === 100)).toBe(true);
  });

  it('refuses a plan whose deductions exceed its base, naming the field', async () => {
    const res = await office('POST', '/api/v1/campaigns', {
      title: '教育整顿（考核方案有误）',
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + DAY).toISOString(),
      plan: rehearsalPlan({ ...POLICY, perViolationCase: 101 }),
    });
    expect(res.status).toBe(422);
    expect(res.body.violations.map((v: any) => v.field).join()).toContain(
      'assessment.perViolationCase',
    );
    const negative = await office('POST', '/api/v1/campaigns', {
      title: '教育整顿（考核方案有误）',
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + DAY).toISOString(),
      plan: rehearsalPlan({ ...POLICY, perRedWarning: -1 }),
    });
    expect(negative.status).toBe(400);
    expect((await office('GET', '/api/v1/year-end/26')).status).toBe(400);
    expect((await office('GET', '/api/v1/statistics/1999')).status).toBe(400);
    expect((await office('GET', '/api/v1/statistics/2026?rehearsal=maybe')).status).toBe(400);
  });

  it('in a rehearsal: summaries, scores by the plan’s points, the year-end lists and statistics', async () => {
    // The member is a key person (管钱管物): reminders to them count in the statistics.
    const flagged = await office('PATCH', `/api/v1/people/${memberId()}`, {
      isKeyPerson: true,
      keyPersonReasons: ['money'],
    });
    expect(flagged.status).toBe(200);

    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿演练（考核）',
      coveredUnitId: org.countyA.id,
      startsAt: REHEARSAL_START,
      // An item left alone climbs to accountability by itself: a ladder of notices.
      plan: withNoticesLadder(rehearsalPlan()),
      rehearsal: { timeScale: SCALE },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const campaignId = launched.body.id as string;
    const phase0 = Date.parse(REHEARSAL_START);

    // An item of branch A left to pass its deadline: it climbs the whole ladder.
    const late = await register(campaignId);
    expect(
      (await office('POST', `/api/v1/items/${late}/assign`, assignment({ deadlineWorkingDays: 3 })))
        .status,
    ).toBe(200);

    // Branch A's office writes its study summary; county A and branch A2 write none.
    const unitTask = async (unitId: string) =>
      eventually(async () => {
        // As the office finds it: the campaign's unit tasks of that unit, in the study phase.
        const res = await office(
          'GET',
          `/api/v1/campaigns/${campaignId}/unit-tasks?unitId=${unitId}&phase=0&pageSize=100`,
        );
        expect(res.status).toBe(200);
        const tasks = res.body.items as Array<{ id: string; taskKey: string; unitId: string }>;
        expect(tasks.every((t) => t.unitId === unitId)).toBe(true);
        return tasks.find((t) => t.taskKey === 'study-summary')?.id;
      }, Boolean) as Promise<string>;
    const summaryText = '学习教育阶段总结：组织集中学习4次，观看警示教育片1次，查摆问题3个。';
    const wrote = await office('POST', `/api/v1/tasks/${await unitTask(org.branchA.id)}/complete`, {
      text: summaryText,
    });
    expect([wrote.status, wrote.body.message]).toEqual([200, undefined]);
    // The member watches the warning film (a warning-education session of branch A).
    const film = await eventually(
      async () =>
        (await member('GET', `/api/v1/me/tasks?campaignId=${campaignId}`)).body.items as any[],
      (items) => items.some((t) => t.taskKey === 'warning-film'),
    );
    const watched = await member(
      'POST',
      `/api/v1/tasks/${film.find((t) => t.taskKey === 'warning-film').id}/complete`,
      { text: '观看《镜鉴》心得。' },
    );
    expect(watched.status).toBe(200);

    // Problems found (another part's intake writes these): a case, a problem disposed in the
    // first form (not a case), one disposed in the second form later in the rectification phase.
    const problem = async (p: {
      channel: string;
      handling: 'rectify' | 'case';
      day: number;
      personId?: string;
      unitId?: string;
      forms?: Array<[1 | 2 | 3 | 4, string]>;
    }) => {
      const itemId = await register(campaignId, {
        source: p.channel,
        ...(p.channel === 'cross_visit' ? { sourceRound: 1 } : {}),
        unitId: p.unitId ?? org.branchA.id,
        personIds: [p.personId ?? memberId()],
      });
      const id = crypto.randomUUID();
      const at = new Date(phase0 + p.day * DAY);
      await api.db.dataSource.getRepository(ProblemEntity).insert({
        id,
        campaignId,
        personId: p.personId ?? memberId(),
        unitId: p.unitId ?? org.branchA.id,
        itemId,
        channel: p.channel as ProblemEntity['channel'],
        sourceRound: p.channel === 'cross_visit' ? 1 : null,
        category: 'discipline_work',
        clarificationItem: null,
        severity: p.handling === 'case' ? 'major' : 'general',
        handling: p.handling,
        foundByUnitId: org.countyA.id,
        disclosure: 'not_judged',
        statementId: null,
        tipOffId: null,
        meetingId: null,
        portraitSource: null,
        registeredByPersonId: org.users.office.person.id,
        registeredAt: at,
        reportBack: null,
        reportedBackAt: null,
        rehearsal: true,
      });
      for (const [i, [form, measure]] of (p.forms ?? []).entries()) {
        await api.db.dataSource.getRepository(DispositionEntity).insert({
          id: crypto.randomUUID(),
          problemId: id,
          form,
          measure: measure as DispositionEntity['measure'],
          reason: '依纪依规处理。',
          decidedByPersonId: org.users.inspector.person.id,
          decidedAt: new Date(at.getTime() + (i + 1) * DAY),
        });
      }
    };
    await problem({ channel: 'inspection', handling: 'case', day: 1, forms: [[4, 'case_filed']] });
    await problem({
      channel: 'tip_off',
      handling: 'rectify',
      day: 2,
      personId: org.personA.id,
      // Revised: the latest disposition counts.
      forms: [
        [2, 'demerit'],
        [1, 'admonishment_talk'],
      ],
    });
    await problem({
      channel: 'cross_visit',
      handling: 'rectify',
      day: 80,
      forms: [[2, 'party_warning']],
    });

    // The ladder reaches accountability untouched.
    await eventually(
      async () =>
        (await inspector('GET', `/api/v1/accountability?campaignId=${campaignId}&pageSize=100`))
          .body,
      (b) => b.entries?.some((e: any) => e.rung.code === 'accountability'),
      90_000,
    );
    // And the study phase's gate has been judged.
    const assessment = async (as = supervisor) =>
      (await as('GET', `/api/v1/campaigns/${campaignId}/assessment`)).body;
    const judged = await eventually(assessment, (b) =>
      b.units?.some((u: any) => u.gatesMissed + u.gatesMet > 0),
    );
    expect(judged).toMatchObject({ rehearsal: true, defaultPolicy: false, policy: POLICY });
    const unit = (body: any, id: string) => body.units.find((u: any) => u.unitId === id);
    const branch = unit(judged, org.branchA.id);
    expect(branch).toMatchObject({
      unitName: '东城分局第一党支部',
      gatesMissed: 0,
      overdueItems: 1,
      yellowWarnings: 0,
      redWarnings: 1,
      escalations: 5,
      violationCases: 2,
      // 3 + 4 + 5 × 2 + 2 × 11
      deducted: 39,
      score: 61,
    });
    expect(branch.deductions.find((d: any) => d.figure.code === 'violation_case')).toEqual({
      figure: { code: 'violation_case', label: '新发违纪违法案件' },
      count: 2,
      pointsEach: 11,
      points: 22,
    });
    expect(unit(judged, org.countyA.id)).toMatchObject({
      gatesMissed: 1,
      overdueItems: 0,
      violationCases: 0,
      score: 93,
    });
    expect(unit(judged, branchA2.id)).toMatchObject({ gatesMissed: 1, score: 93 });

    // One more case in branch A: its score drops by exactly the plan's points for a case.
    await problem({ channel: 'audit', handling: 'rectify', day: 90, forms: [[3, 'demotion']] });
    const after = unit(await assessment(), org.branchA.id);
    expect([after.violationCases, after.score]).toEqual([
      3,
      branch.score - POLICY.perViolationCase,
    ]);
    // Scoped like every read: branch A2's leader sees its own unit only; a member may not read it.
    const narrow = await assessment(branchA2Leader);
    expect(narrow.units.map((u: any) => u.unitId)).toEqual([branchA2.id]);
    expect((await member('GET', `/api/v1/campaigns/${campaignId}/assessment`)).status).toBe(403);
    expect((await officeB('GET', `/api/v1/campaigns/${campaignId}/assessment`)).status).toBe(404);

    // The phase summaries: the study phase's figures per unit and the text branch A wrote.
    const summaries = (await office('GET', `/api/v1/campaigns/${campaignId}/phase-summaries`)).body;
    expect(summaries.figureLabels).toMatchObject({ problems: '查摆发现问题' });
    const [study, , rectification] = summaries.phases;
    expect(study).toMatchObject({ index: 0, kind: { code: 'study' }, name: '学习教育' });
    const studyA = study.units.find((u: any) => u.unitId === org.branchA.id);
    expect(studyA.figures).toMatchObject({
      // Its summary, and the film for each of its three people (the member watched it).
      tasksOwed: 4,
      tasksDone: 2,
      problems: 2,
      redWarnings: 1,
      yellowWarnings: 0,
      // The late item and the first three problems' items, registered at the launch.
      itemsRegistered: 4,
      itemsClosed: 0,
    });
    expect(studyA.figures.problemsByChannel.map((c: any) => [c.channel.code, c.count])).toEqual([
      ['inspection', 1],
      ['tip_off', 1],
    ]);
    expect(studyA.summaries).toEqual([
      expect.objectContaining({
        taskKey: 'study-summary',
        taskName: '学习教育阶段总结',
        status: { code: 'done', label: '已完成' },
        text: summaryText,
        completedByPersonId: org.users.office.person.id,
      }),
    ]);
    const studyCounty = study.units.find((u: any) => u.unitId === org.countyA.id);
    expect(studyCounty.summaries[0]).toMatchObject({ status: { code: 'open' }, text: null });
    expect(study.totals.problems).toBe(2);
    const rectA = rectification.units.find((u: any) => u.unitId === org.branchA.id);
    expect(rectA.figures.problemsByChannel.map((c: any) => c.channel.code)).toEqual([
      'audit',
      'cross_visit',
    ]);
    const en = await office('GET', `/api/v1/campaigns/${campaignId}/phase-summaries`, undefined, {
      'accept-language': 'en',
    });
    expect(en.body.phases[0].kind.label).toBe('Study and warning education');
    expect(en.body.figureLabels.itemsClosed).toBe('Ledger items closed');

    // The year-end lists of 2026's rehearsals: branch A is named (accountability, still
    // overdue); county A has cases in its subtree; branch A2 alone is commended.
    const yearEnd = (await office('GET', '/api/v1/year-end/2026?rehearsal=true')).body;
    expect(yearEnd).toMatchObject({ year: 2026, rehearsal: true });
    expect(yearEnd.commended).toEqual([
      {
        unitId: branchA2.id,
        unitName: '东城分局第二党支部',
        unitCode: branchA2.code,
        campaigns: 1,
      },
    ]);
    expect(yearEnd.failed).toEqual([
      {
        unitId: org.branchA.id,
        unitName: '东城分局第一党支部',
        unitCode: org.branchA.code,
        reasons: [
          { reason: { code: 'accountability', label: '整改不力被问责' }, items: 1 },
          { reason: { code: 'overdue_at_year_end', label: '年底仍逾期未整改' }, items: 1 },
        ],
      },
    ]);
    expect(yearEnd.withViolationCases.map((u: any) => [u.unitId, u.cases])).toEqual([
      [org.countyA.id, 3],
      [org.branchA.id, 3],
    ]);
    const narrowYear = (await branchA2Leader('GET', '/api/v1/year-end/2026?rehearsal=true')).body;
    expect([narrowYear.commended.map((u: any) => u.unitId), narrowYear.failed]).toEqual([
      [branchA2.id],
      [],
    ]);
    // Another year has none of it.
    const nextYear = (await office('GET', '/api/v1/year-end/2027?rehearsal=true')).body;
    expect([nextYear.commended, nextYear.withViolationCases]).toEqual([[], []]);

    // The statistics of the year-end report.
    const stats = (await office('GET', '/api/v1/statistics/2026?rehearsal=true')).body;
    expect(stats.clues).toEqual({
      total: 4,
      byChannel: [
        { channel: { code: 'audit', label: '审计' }, count: 1 },
        { channel: expect.objectContaining({ code: 'cross_visit' }), count: 1 },
        { channel: expect.objectContaining({ code: 'inspection' }), count: 1 },
        { channel: expect.objectContaining({ code: 'tip_off' }), count: 1 },
      ],
    });
    expect(stats.dispositions).toMatchObject({ total: 4, people: 2 });
    const byForm = stats.dispositions.byForm.map((f: any) => [
      f.form.code,
      f.count,
      f.byMeasure.map((m: any) => [m.measure.label, m.count, m.people]),
    ]);
    expect(byForm).toEqual([
      ['1', 1, [['诫勉谈话', 1, 1]]],
      ['2', 1, [['党纪处分：警告', 1, 1]]],
      ['3', 1, [['政务处分：降级', 1, 1]]],
      ['4', 1, [['立案审查调查', 1, 1]]],
    ]);
    expect(stats.warningEducation).toEqual({
      sessions: 1,
      participations: 1,
      byForm: [
        { form: { code: 'film', label: expect.any(String) }, sessions: 1, participations: 1 },
      ],
    });
    // Reminders to key-post holders: the ledger's deadline reminders the member received.
    const inbox = (await member('GET', '/api/v1/me/notifications?pageSize=100')).body
      .items as any[];
    const reminders = inbox.filter(
      (n) => n.campaignId === campaignId && n.templateKey === 'item_reminder',
    ).length;
    expect(reminders).toBeGreaterThan(0);
    expect(stats.keyPersonReminders).toEqual({
      total: reminders,
      people: 1,
      byKind: [
        {
          kind: { code: 'item_reminder', label: '整改时限提醒' },
          count: reminders,
          people: 1,
        },
      ],
    });
    // Rehearsals are left out of the real year; another county's office sees none of this.
    const real = (await office('GET', '/api/v1/statistics/2026')).body;
    expect([real.clues.total, real.dispositions.total, real.keyPersonReminders.total]).toEqual([
      0, 0, 0,
    ]);
    const other = (await officeB('GET', '/api/v1/statistics/2026?rehearsal=true')).body;
    expect([other.clues.total, other.warningEducation.sessions]).toEqual([0, 0]);
    const english = await office('GET', '/api/v1/statistics/2026?rehearsal=true', undefined, {
      'accept-language': 'en',
    });
    expect(english.body.dispositions.byForm[0].byMeasure[0].measure.label).toBe(
      'Admonishment talk',
    );
    expect(english.body.figureLabels.keyPersonReminders).toBe('Reminders sent to key-post holders');
  });
});
