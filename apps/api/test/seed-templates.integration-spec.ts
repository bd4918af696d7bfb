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
const DISCIPLINE_YEAR = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c02';
/** Slow enough that no phase ends by the clock while the office walks it by hand. */
const SLOW = 60;
/** A campaign day a second: the study month of 教育整顿 ends in half a minute. */
const FAST = 86_400;

/**
 * The two templates as the seeds run them, through the API: seed 003's year under its own
 * phase names with its own study and monthly 廉政自省日, seed 000's 六个讲清 of everyone, and a
 * gate that holds for quality (时间服从质量) until the office goes on with a reason.
 */
describe('the templates as the seeds run them', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let member: ApiTestApp['request'];

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    office = api.as(await api.signIn(org.users.office.username));
    member = api.as(await api.signIn(org.users.member.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
    // A leader and a key person beside the member, so every task of the plans is owed by someone.
    await org.factory.person(org.branchA, { name: '周书记', isLeader: true });
    await org.factory.person(org.branchA, {
      name: '钱会计',
      isKeyPerson: true,
      keyPersonReasons: ['money'],
    });
  });

  /** What a speech asks, phase by phase: each task as the plan names it, with its kind. */
  interface PhaseSpeech {
    phase: string;
    /** What a member owes: name and kind. */
    member: string[][];
    /** What only leaders or key persons owe. */
    others?: string[];
    /** What each unit's office does. */
    unit: string[];
  }
  const month = (m: number) => [`“廉政自省日”活动（2026年${m}月）`, '廉政自省日'];
  const SEED_003: PhaseSpeech[] = [
    {
      phase: '学习教育',
      member: [
        ['学习党章党规党纪', '必读书目'],
        ['参加集中学习', '集中学习'],
        ['“三问三答”专题讨论', '三问三答'],
        ['“双查双改”专题讨论', '专题讨论'],
        ['“五破五立”专题讨论', '专题讨论'],
        ['观看警示教育片', '警示教育'],
        ['签订廉政承诺书', '廉政承诺书'],
        month(1),
        month(2),
      ],
      unit: ['召开专题部署会', '开展反腐败工作形势分析', '学习教育阶段总结'],
    },
    {
      phase: '问题排查',
      member: [['对标“六大纪律”“五大作风”查摆问题', '对标查摆'], month(3), month(4)],
      unit: ['以支部为单位开展集中“画像”比对', '召开专题组织生活会查摆问题', '问题排查阶段总结'],
    },
    { phase: '整改整治', member: [5, 6, 7, 8, 9, 10].map(month), unit: ['整改整治阶段总结'] },
    { phase: '年终总结', member: [month(11), month(12)], unit: ['纪律作风建设年工作总结'] },
  ];
  const SEED_000: PhaseSpeech[] = [
    {
      phase: '学习教育',
      member: [
        ['学习必读书目', '必读书目'],
        ['参加集中学习', '集中学习'],
        ['学习典型案例通报', '警示教育'],
        ['观看警示教育片', '警示教育'],
        ['“三问三答”', '三问三答'],
        ['签订廉政承诺书', '廉政承诺书'],
        ['撰写心得体会', '心得体会'],
      ],
      // Leaders and key persons: 参观警示教育基地, 讲廉政党课, 旁听职务犯罪案件庭审.
      others: ['参观警示教育基地', '旁听职务犯罪案件庭审', '讲廉政党课'],
      unit: [
        '召开专题部署会',
        '开展反腐败工作形势分析',
        '按宣讲提纲开展专题宣讲',
        '学习教育阶段总结',
      ],
    },
    {
      phase: '检视整治',
      member: [['党性分析，交明白账（“六个讲清”）', '六个讲清']],
      unit: ['召开专题民主生活会、组织生活会', '检视整治阶段总结'],
    },
    { phase: '整改整治', member: [], unit: ['整改整治阶段总结'] },
    { phase: '巩固提升', member: [], unit: ['教育整顿工作总结'] },
  ];

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const launch = async (title: string, templateId: string, timeScale: number) => {
    const launched = await office('POST', '/api/v1/campaigns', {
      title,
      templateId,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-01-05T00:00:00+08:00',
      rehearsal: { timeScale, sendEmail: false },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    return launched.body.id as string;
  };
  const view = async (id: string) => (await office('GET', `/api/v1/campaigns/${id}`)).body;
  const advance = async (id: string, fromPhase: string | null, reason: string) => {
    const res = await office('POST', `/api/v1/campaigns/${id}/advance`, { fromPhase, reason });
    expect([res.status, res.body.message]).toEqual([200, undefined]);
  };
  const myTasks = async (id: string, phase: number) =>
    eventually(
      async () =>
        (await member('GET', `/api/v1/me/tasks?campaignId=${id}&phase=${phase}&pageSize=100`)).body,
      (b) => b.total > 0,
    );

  it('walks 纪律作风建设年 under seed 003’s phase names, with its discussions and 廉政自省日', async () => {
    const template = await office('GET', '/api/v1/plan-templates');
    const year = template.body.items.find((t: any) => t.id === DISCIPLINE_YEAR);
    const names = ['学习教育', '问题排查', '整改整治', '年终总结'];
    expect(year.phases.map((p: any) => [p.name, p.kind.label])).toEqual(names.map((n) => [n, n]));

    // A rehearsal's clock starts at the plan's first day: study opens at once.
    const id = await launch('2026年纪律作风建设年（演练）', DISCIPLINE_YEAR, SLOW);
    const opened = await eventually(
      () => view(id),
      (b) => b.currentPhase?.code === 'study',
    );
    expect(opened.currentPhase.label).toBe('学习教育');
    expect(opened.phases.map((p: any) => p.name)).toEqual(names);
    expect(opened.phases.map((p: any) => p.kind.label)).toEqual(names);

    // The study of seed 003: 三问三答 with its three questions, 双查双改, 五破五立, and the
    // month's 廉政自省日; no 六个讲清 anywhere in the year.
    const study = await myTasks(id, 0);
    const task = (key: string) => study.items.find((t: any) => t.taskKey === key);
    expect(task('three-questions').name).toBe('“三问三答”专题讨论');
    expect(task('double-check').name).toBe('“双查双改”专题讨论');
    expect(task('five-breaks').name).toBe('“五破五立”专题讨论');
    expect(task('integrity-day-01')).toMatchObject({
      name: '“廉政自省日”活动（2026年1月）',
      kind: { code: 'integrity_day', label: '廉政自省日' },
      phase: { code: 'study', label: '学习教育' },
    });
    const day = await member('POST', `/api/v1/tasks/${task('integrity-day-01').id}/complete`, {
      text: '写了一条廉政寄语，观看了廉政教育片。',
    });
    expect([day.status, day.body.status?.code]).toEqual([200, 'done']);
    const spec = (await office('GET', `/api/v1/plan-templates/${DISCIPLINE_YEAR}`)).body.plan;
    const kinds = spec.phases.flatMap((p: any) => p.tasks.map((t: any) => t.kind));
    expect(kinds).not.toContain('six_clarifications');
    // The 廉政自省日 is one recurring task in each phase of the plan, on the 25th of every month…
    const days = spec.phases.flatMap((p: any) =>
      p.tasks.filter((t: any) => t.key === 'integrity-day'),
    );
    expect(days.map((t: any) => [t.recurrence, t.due])).toEqual(
      Array(4).fill([{ every: 'month', day: 25 }, undefined]),
    );
    // …and the forecast dates each of the year's twelve, keyed and named by its month.
    const forecast = await office('POST', '/api/v1/plans/forecast', {
      templateId: DISCIPLINE_YEAR,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-01-05T00:00:00+08:00',
    });
    const dues = forecast.body.events.filter(
      (e: any) => e.kind.code === 'task_due' && e.occurrence?.of === 'integrity-day',
    );
    expect(dues.map((e: any) => [e.taskKey, e.at, e.phaseName])).toEqual(
      Array.from({ length: 12 }, (_, m) => [
        `integrity-day-${String(m + 1).padStart(2, '0')}`,
        new Date(`2026-${String(m + 1).padStart(2, '0')}-25T23:59:59.999+08:00`).toISOString(),
        names[m < 2 ? 0 : m < 4 ? 1 : m < 10 ? 2 : 3],
      ]),
    );
    expect(dues[2]).toMatchObject({
      taskName: '“廉政自省日”活动（2026年3月）',
      occurrence: { of: 'integrity-day', number: 3, count: 12, recurs: '每月25日' },
    });
    expect(spec.phases.map((p: any) => p.gate.onFail)).toEqual(['hold', 'hold', 'hold', 'hold']);

    // The office walks the year: each phase shows under the seed's name, and the member reads
    // that phase's tasks as the speech names them, each under its kind.
    const owed = async (phase: number) =>
      (await myTasks(id, phase)).items
        .map((t: any) => [t.name, t.kind.label, t.phase.label])
        .sort();
    const expected = (phase: number) =>
      SEED_003[phase].member.map(([name, kind]) => [name, kind, SEED_003[phase].phase]).sort();
    expect(await owed(0)).toEqual(expected(0));
    for (const [phase, from, to] of [
      [1, 'study', '问题排查'],
      [2, 'self_check', '整改整治'],
      [3, 'rectification', '年终总结'],
    ] as const) {
      await advance(id, from, '按推进会议部署转入下一阶段');
      const now = await eventually(
        () => view(id),
        (b) => b.currentPhase?.label === to,
      );
      expect(now.live?.currentPhase?.label ?? to).toBe(to);
      expect(await owed(phase)).toEqual(expected(phase));
    }
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);
  });

  it.each([
    ['纪律作风建设年 (seed 003)', 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c02', SEED_003],
    ['教育整顿 (seed 000)', 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01', SEED_000],
  ] as const)(
    'forecasts %s phase by phase in its speech’s words',
    async (_name, templateId, speech) => {
      const forecast = await office('POST', '/api/v1/plans/forecast', {
        templateId,
        coveredUnitId: org.countyA.id,
        startsAt: '2026-01-05T00:00:00+08:00',
      });
      expect(forecast.status).toBe(200);
      const opens = forecast.body.events.filter((e: any) => e.kind.code === 'phase_open');
      expect(opens.map((e: any) => [e.phaseName, e.phase.label])).toEqual(
        speech.map((s) => [s.phase, s.phase]),
      );
      speech.forEach((s, i) => {
        const due = forecast.body.events.filter(
          (e: any) => e.kind.code === 'task_due' && e.phaseIndex === i,
        );
        expect([s.phase, due.map((e: any) => e.taskName).sort()]).toEqual([
          s.phase,
          [...s.member.map(([name]) => name), ...(s.others ?? []), ...s.unit].sort(),
        ]);
      });
    },
  );

  it('asks 六个讲清 of every member in 教育整顿 (人人交明白账)', async () => {
    const id = await launch('2026年教育整顿（六个讲清）', EDUCATION, SLOW);
    await eventually(
      () => view(id),
      (b) => b.currentPhase?.code === 'study',
    );
    await advance(id, 'study', '学习教育任务完成，转入检视整治');
    const self = await myTasks(id, 1);
    // The member is neither a leader nor a key person, and still owes the statement.
    expect(self.items.map((t: any) => t.taskKey)).toContain('six-clarifications');
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);
  });

  it('holds at a failed gate until the office goes on with a reason, as the forecast said', async () => {
    const forecast = await office('POST', '/api/v1/plans/forecast', {
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-01-05T00:00:00+08:00',
    });
    expect(forecast.status).toBe(200);
    const gates = forecast.body.events.filter((e: any) => e.kind.code === 'gate_evaluation');
    expect(gates[0]).toMatchObject({
      phaseIndex: 0,
      holds: true,
      onFail: { code: 'hold', label: '等待活动办决定' },
    });
    const selfCheckOpens = forecast.body.events.find(
      (e: any) => e.kind.code === 'phase_open' && e.phaseIndex === 1,
    );
    expect(selfCheckOpens.afterHold).toBe(true);

    const id = await launch('2026年教育整顿（把关）', EDUCATION, FAST);
    // Nobody does anything: at the end of study the branch is below the gate, and the
    // campaign waits for the office instead of moving on by date.
    const held = await eventually(
      () => view(id),
      (b) => b.status.code === 'holding',
      90_000,
    );
    expect(held.status.label).toBe('待决定');
    expect(held.currentPhase.code).toBe('study');
    // Self-check's planned start has passed on the campaign clock, and it has not opened.
    await eventually(
      () => view(id),
      (b) => Date.parse(b.clock.now) > Date.parse(b.phases[1].startsAt) + 3 * 86_400_000,
    );
    const still = await view(id);
    expect([still.status.code, still.currentPhase.code, still.phases[1].openedAt]).toEqual([
      'holding',
      'study',
      null,
    ]);
    // Going on needs a reason.
    const bare = await office('POST', `/api/v1/campaigns/${id}/advance`, { fromPhase: 'study' });
    expect(bare.status).toBe(400);
    await advance(id, 'study', '学习教育补课完成，经活动办研究转入检视整治');
    const moved = await eventually(
      () => view(id),
      (b) => b.currentPhase?.code === 'self_check',
    );
    expect(moved.status.code).toBe('active');
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);
  });

  it('takes problems found in talks, research forums, opinions sought and discussions (seed 001)', async () => {
    const id = await launch('2026年教育整顿（查摆渠道）', EDUCATION, SLOW);
    const channels = [
      ['heart_to_heart_talk', '谈心谈话', '谈心谈话中反映个别民警工作推诿。'],
      ['research_forum', '调研座谈', '调研座谈中群众反映窗口办事拖拉。'],
      ['soliciting_opinions', '征求意见', '征求意见中反映值班纪律松弛。'],
      ['focused_discussion', '集中研讨', '集中研讨中查摆出学习走过场问题。'],
    ] as const;
    for (const [code, label, description] of channels) {
      const res = await office('POST', '/api/v1/problems', {
        campaignId: id,
        personId: org.users.member.person.id,
        channel: code,
        category: 'style_work',
        description,
      });
      expect([res.status, res.body.message]).toEqual([201, undefined]);
      expect(res.body.channel).toEqual({ code, label });
    }
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);
  });

  it('lets an office add a recurring task: the forecast dates each occurrence, and members owe exactly those', async () => {
    const plan = (await office('GET', `/api/v1/plan-templates/${DISCIPLINE_YEAR}`)).body.plan;
    // 每周五政治学习 through the two months of study (5 January to 5 March 2026).
    plan.phases[0].tasks.push({
      key: 'friday-study',
      kind: 'reflection',
      name: { 'zh-CN': '每周五政治学习', en: 'Friday political study' },
      owner: 'everyone',
      recurrence: { every: 'week', weekday: 5 },
    });
    const at = `plan.phases.0.tasks.${plan.phases[0].tasks.length - 1}`;
    const body = { plan, coveredUnitId: org.countyA.id, startsAt: '2026-01-05T00:00:00+08:00' };
    const forecast = await office('POST', '/api/v1/plans/forecast', body);
    expect([forecast.status, forecast.body.message]).toEqual([200, undefined]);
    const fridays = forecast.body.events.filter(
      (e: any) => e.kind.code === 'task_due' && e.occurrence?.of === 'friday-study',
    );
    const days = ['1-9', '1-16', '1-23', '1-30', '2-6', '2-13', '2-20', '2-27'];
    expect(fridays.map((e: any) => [e.taskKey, e.taskName, e.phaseName])).toEqual(
      days.map((d, i) => [
        `friday-study-0${i + 1}`,
        `每周五政治学习（2026年${d.replace('-', '月')}日）`,
        '学习教育',
      ]),
    );
    expect(fridays[0].occurrence).toEqual({
      of: 'friday-study',
      number: 1,
      count: 8,
      recurs: '每周五',
    });
    const english = await office('POST', '/api/v1/plans/forecast', body, {
      'accept-language': 'en',
    });
    expect(
      english.body.events.find(
        (e: any) => e.taskKey === 'friday-study-02' && e.kind.code === 'task_due',
      ),
    ).toMatchObject({
      taskName: 'Friday political study (16 January 2026)',
      occurrence: { recurs: 'weekly, on Friday' },
    });

    // The campaign on that plan creates exactly the occurrences the forecast dated.
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年纪律作风建设年（每周学习）',
      ...body,
      rehearsal: { timeScale: SLOW, sendEmail: false },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const id = launched.body.id as string;
    const owed = (await myTasks(id, 0)).items.filter((t: any) =>
      /^(friday-study|integrity-day)-/.test(t.taskKey),
    );
    const forecastStudy = forecast.body.events.filter(
      (e: any) => e.kind.code === 'task_due' && e.phaseIndex === 0 && e.occurrence,
    );
    expect(owed.map((t: any) => [t.taskKey, t.name, t.dueAt]).sort()).toEqual(
      forecastStudy.map((e: any) => [e.taskKey, e.taskName, e.at]).sort(),
    );
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);

    // A recurrence the API cannot read is refused naming its field…
    const bad = async (recurrence: unknown, due?: unknown) => {
      const edited = structuredClone(plan);
      Object.assign(edited.phases[0].tasks.at(-1), { recurrence, due });
      const res = await office('POST', '/api/v1/plans/forecast', { ...body, plan: edited });
      return [res.status, res.body.errors?.map((e: any) => e.field)];
    };
    expect(await bad({ every: 'month', day: 31 })).toEqual([400, [`${at}.recurrence.day`]]);
    expect(await bad({ every: 'week', day: 5 })).toEqual([
      400,
      [`${at}.recurrence.day`, `${at}.recurrence.weekday`],
    ]);
    expect(await bad({ every: 'fortnight' })).toEqual([400, [`${at}.recurrence.every`]]);
    expect(await bad({ every: 'week', weekday: 5 }, { offset: 'P3D' })).toEqual([
      400,
      [`${at}.due`, `${at}.recurrence`],
    ]);
    // …and one that never falls inside its phase is a broken plan (422), named by its path.
    const short = structuredClone(plan);
    short.phases[0].end = { duration: 'P20D' };
    short.phases[0].tasks.at(-1).recurrence = { every: 'month', day: 25 };
    const never = await office('POST', '/api/v1/plans/forecast', { ...body, plan: short });
    expect(never.status).toBe(422);
    expect(
      never.body.violations.filter((v: any) => v.rule === 'no_occurrence').map((v: any) => v.field),
    ).toContain(`${at.replace('plan.', '')}.recurrence`);
  });

  it('lets an office add a task kind of its own to its plan, and members complete it', async () => {
    const kind = await office('POST', '/api/v1/task-kinds', {
      ownerUnitId: org.countyA.id,
      name: { 'zh-CN': '廉政家访', en: 'Integrity home visit' },
      needsEvidence: true,
    });
    expect([kind.status, kind.body.message]).toEqual([201, undefined]);
    expect(kind.body).toMatchObject({ label: '廉政家访', needsEvidence: true });
    const listed = await office('GET', '/api/v1/task-kinds', undefined, {
      'accept-language': 'en',
    });
    expect(listed.body.items.map((k: any) => k.label)).toContain('Integrity home visit');
    expect((await member('GET', '/api/v1/task-kinds')).status).toBe(403);

    // The office's copy of seed 003's plan, with its own activity in the study phase.
    const plan = (await office('GET', `/api/v1/plan-templates/${DISCIPLINE_YEAR}`)).body.plan;
    plan.phases[0].tasks.push({
      key: 'home-visit',
      kind: 'office_defined',
      officeKindId: kind.body.id,
      name: { 'zh-CN': '开展廉政家访', en: 'Make the integrity home visit' },
      owner: 'everyone',
      due: { offset: 'P20D' },
    });
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年纪律作风建设年（本局方案）',
      plan,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-01-05T00:00:00+08:00',
      rehearsal: { timeScale: SLOW, sendEmail: false },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const id = launched.body.id as string;
    const visit = await eventually(
      async () =>
        (await member('GET', `/api/v1/me/tasks?campaignId=${id}&phase=0&pageSize=100`)).body.items,
      (items: any[]) => items.some((t) => t.taskKey === 'home-visit'),
    ).then((items: any[]) => items.find((t) => t.taskKey === 'home-visit'));
    expect(visit).toMatchObject({
      name: '开展廉政家访',
      kind: { code: 'office_defined', label: '廉政家访' },
    });
    const bare = await member('POST', `/api/v1/tasks/${visit.id}/complete`, {});
    expect([bare.status, bare.body.violations?.[0]?.rule]).toEqual([422, 'evidence_required']);
    const done = await member('POST', `/api/v1/tasks/${visit.id}/complete`, {
      text: '已到民警家中开展廉政家访，家属签订家庭助廉承诺书。',
    });
    expect([done.status, done.body.status?.code]).toEqual([200, 'done']);

    // An unknown kind is a broken plan, named by its path.
    plan.phases[0].tasks.at(-1).officeKindId = crypto.randomUUID();
    const broken = await office('POST', '/api/v1/plans/forecast', {
      plan,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-01-05T00:00:00+08:00',
    });
    expect(broken.status).toBe(422);
    expect(broken.body.violations.map((v: any) => v.rule)).toContain('office_kind_required');
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '演练结束' })).status,
    ).toBe(200);
  });
});
