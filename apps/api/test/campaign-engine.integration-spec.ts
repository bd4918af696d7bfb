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
const DAY = 24 * 3600 * 1000;

/**
 * What an office does with plans and controls when it is careless or in a hurry: a launch sent
 * fifty times with one key, an advance clicked twenty times, a plan saved with mistakes, a
 * forecast for a year whose holidays are not published yet.
 */
describe('the campaign engine under retries, double clicks and bad plans', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let admin: ApiTestApp['request'];

  const count = async (sql: string, params: unknown[]) =>
    (await api.db.dataSource.query<Array<{ n: number }>>(sql, params))[0].n;

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    for (let i = 0; i < 4; i++) await org.factory.person(org.branchA, { name: `民警${i}` });
    worker = await startTestWorker(api.config, api.db.dataSource);
    office = api.as(await api.signIn(org.users.office.username));
    admin = api.as(await api.signIn(org.users.admin.username));
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const launchBody = (title: string) => ({
    title,
    templateId: EDUCATION,
    coveredUnitId: org.countyA.id,
    startsAt: new Date(Date.now() + 30 * DAY).toISOString(),
  });

  it('makes one campaign of fifty concurrent launches with one Idempotency-Key, and refuses the key for another body', async () => {
    const body = launchBody('东城分局教育整顿（重复提交）');
    const key = `launch-${crypto.randomUUID()}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        office('POST', '/api/v1/campaigns', body, { 'idempotency-key': key }),
      ),
    );
    const statuses = new Set(answers.map((a) => a.status));
    expect(statuses).toEqual(new Set([201]));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(
      await count('SELECT count(*)::int AS n FROM campaigns WHERE title = $1', [body.title]),
    ).toBe(1);
    // Its members' tasks are written once, whichever request won. The unit workflows write them
    // after the launch answered, so this waits for them, then looks for any written twice.
    await eventually(
      () => count(`SELECT count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1`, [id]),
      (n) => n > 0,
    );
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM campaign_tasks WHERE campaign_id = $1
           GROUP BY task_key, unit_id, person_id HAVING count(*) > 1) twice`,
        [id],
      ),
    ).toBe(0);

    const reused = await office(
      'POST',
      '/api/v1/campaigns',
      { ...body, title: '另一个活动' },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.violations).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key', rule: 'idempotency_key_reused' }),
    ]);
    expect(
      await count('SELECT count(*)::int AS n FROM campaigns WHERE title = $1', ['另一个活动']),
    ).toBe(0);
  });

  it('applies twenty concurrent clicks on advance once, and of five offices advancing from one view only the first', async () => {
    const launched = await office(
      'POST',
      '/api/v1/campaigns',
      launchBody('东城分局教育整顿（连击转段）'),
    );
    expect(launched.status).toBe(201);
    const id = launched.body.id as string;
    const tally = (answers: Array<{ status: number }>) =>
      answers.reduce<Record<number, number>>(
        (acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }),
        {},
      );
    // One office clicking twenty times on the campaign as it sees it (not started yet): the
    // same request, applied once; every click is told the outcome.
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () =>
        office('POST', `/api/v1/campaigns/${id}/advance`, {
          fromPhase: null,
          reason: '提前启动学习教育',
        }),
      ),
    );
    expect(tally(clicks)).toEqual({ 200: 20 });
    const decisions = () =>
      count(
        `SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'campaign.advance'`,
        [id],
      );
    expect(await decisions()).toBe(1);
    await eventually(
      () => office('GET', `/api/v1/campaigns/${id}`),
      (view) => view.body.currentPhase?.code === 'study',
    );
    // Five separate requests (each its own Idempotency-Key) from the same view of the study
    // phase: the first moves the campaign on, the others see a stale view and change nothing.
    const racers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        office(
          'POST',
          `/api/v1/campaigns/${id}/advance`,
          { fromPhase: 'study', reason: '学习教育提前结束' },
          { 'idempotency-key': `advance-${id}-${i}` },
        ),
      ),
    );
    expect(tally(racers)).toEqual({ 200: 1, 409: 4 });
    expect(await decisions()).toBe(2);
    await eventually(
      () => office('GET', `/api/v1/campaigns/${id}`),
      (view) => view.body.currentPhase?.code === 'self_check',
    );
    const cancelled = await office('POST', `/api/v1/campaigns/${id}/cancel`, {
      reason: '测试结束',
    });
    expect(cancelled.status).toBe(200);
  });

  it('applies thirty identical advances without a key once, and refuses a stale advance with another reason or from another person (409) without dropping any accepted reason', async () => {
    const launched = await office(
      'POST',
      '/api/v1/campaigns',
      launchBody('东城分局教育整顿（三十连击）'),
    );
    expect(launched.status).toBe(201);
    const id = launched.body.id as string;
    const second = api.as(
      await api.signIn(
        (await org.factory.account(org.countyA, [{ role: 'office', unit: org.countyA }])).username,
      ),
    );
    const advance = (call: ApiTestApp['request'], fromPhase: string | null, reason: string) =>
      call('POST', `/api/v1/campaigns/${id}/advance`, { fromPhase, reason });
    // The very same request thirty times at once: one move, every one answered with it.
    const same = await Promise.all(
      Array.from({ length: 30 }, () => advance(office, null, '提前启动学习教育')),
    );
    expect(new Set(same.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(same.map((r) => r.body.currentPhase?.code))).toEqual(new Set(['study']));
    // Later, from the stale view: another reason, or the same reason from another person, is
    // another request whose expected phase is gone.
    expect((await advance(office, null, '另一个理由')).status).toBe(409);
    expect((await advance(second, null, '提前启动学习教育')).status).toBe(409);
    // The very same request again may get the first answer.
    expect([200, 409]).toContain((await advance(office, null, '提前启动学习教育')).status);
    // A current advance from the second office is applied, with its own reason.
    expect((await advance(second, 'study', '学习教育提前结束')).status).toBe(200);
    const reasons = await api.db.dataSource.query<Array<{ reason: string; actor: string }>>(
      `SELECT reason, actor_person_id AS actor FROM audit_events
        WHERE subject_id = $1 AND action = 'campaign.advance' ORDER BY seq`,
      [id],
    );
    expect(reasons.map((r) => r.reason)).toEqual(['提前启动学习教育', '学习教育提前结束']);
    expect(new Set(reasons.map((r) => r.actor)).size).toBe(2);
    await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '测试结束' });
  });

  it('resumes a paused campaign once when three offices resume it at the same moment', async () => {
    const launched = await office(
      'POST',
      '/api/v1/campaigns',
      launchBody('东城分局教育整顿（同时恢复）'),
    );
    const id = launched.body.id as string;
    expect(
      (await office('POST', `/api/v1/campaigns/${id}/pause`, { reason: '上级检查，暂停' })).status,
    ).toBe(200);
    const resumes = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        office(
          'POST',
          `/api/v1/campaigns/${id}/resume`,
          { reason: '检查结束' },
          { 'idempotency-key': `resume-${id}-${i}` },
        ),
      ),
    );
    expect(resumes.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    // One resume: the schedule moved by the pause once, not three times.
    const rows = await api.db.dataSource.query<Array<{ action: string }>>(
      `SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`,
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual(['campaign.pause', 'campaign.resume']);
    const state = await office('GET', `/api/v1/campaigns/${id}`);
    expect(state.body.status.code).toBe('scheduled');
    await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '测试结束' });
  });

  it('refuses a saved plan that breaks its rules with 422 naming every problem by its path, and saves nothing', async () => {
    const template = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    expect(template.status).toBe(200);
    const plan = structuredClone(template.body.plan);
    // The self-check phase before the study phase, and a deadline outside its phase.
    [plan.phases[0].kind, plan.phases[1].kind] = [plan.phases[1].kind, plan.phases[0].kind];
    plan.phases[2].tasks[0].due = { offset: 'P400D' };
    plan.phases[2].tasks.push({ ...plan.phases[2].tasks[0] });
    const before = await count('SELECT count(*)::int AS n FROM plan_templates', []);
    const res = await office('POST', '/api/v1/plan-templates', {
      name: { 'zh-CN': '东城分局方案（有误）', en: 'Broken copy' },
      ownerUnitId: org.countyA.id,
      basedOnId: EDUCATION,
      plan,
    });
    expect(res.status).toBe(422);
    const fields = res.body.violations.map((v: { field: string }) => v.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'phases.0.kind',
        'phases.2.tasks.0.due',
        `phases.2.tasks.${plan.phases[2].tasks.length - 1}.key`,
      ]),
    );
    expect(await count('SELECT count(*)::int AS n FROM plan_templates', [])).toBe(before);
  });

  it('freezes the plan in force at launch: a copy saved later changes only campaigns launched from it', async () => {
    const template = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    const plan = structuredClone(template.body.plan);
    const before = await office('POST', '/api/v1/campaigns', launchBody('按原方案启动'));
    expect(before.status).toBe(201);
    plan.phases[0].name = { 'zh-CN': '集中学习教育', en: 'Intensive study' };
    const copy = await office('POST', '/api/v1/plan-templates', {
      name: { 'zh-CN': '东城分局教育整顿方案', en: 'Dongcheng plan' },
      ownerUnitId: org.countyA.id,
      basedOnId: EDUCATION,
      plan,
    });
    expect(copy.status).toBe(201);
    const after = await office('POST', '/api/v1/campaigns', {
      ...launchBody('按修订方案启动'),
      templateId: copy.body.id,
    });
    expect(after.status).toBe(201);
    const phaseName = async (id: string) =>
      (await office('GET', `/api/v1/campaigns/${id}`, undefined, { 'accept-language': 'zh-CN' }))
        .body.phases[0].name;
    expect(await phaseName(before.body.id)).toBe('学习教育');
    expect(await phaseName(after.body.id)).toBe('集中学习教育');
    const builtIn = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    expect(builtIn.body.plan.phases[0].name['zh-CN']).toBe('学习教育');
    for (const id of [before.body.id, after.body.id])
      await office('POST', `/api/v1/campaigns/${id}/cancel`, { reason: '测试结束' });
  });

  it('holds at a gate by default when a posted plan names no gate rule, or no onFail (时间服从质量)', async () => {
    const { plan } = (await office('GET', `/api/v1/plan-templates/${EDUCATION}`)).body;
    const forecastOf = async (gate: (phase: any) => unknown) => {
      const body = {
        plan: { ...plan, phases: plan.phases.map((p: any) => ({ ...p, gate: gate(p) })) },
        coveredUnitId: org.countyA.id,
        startsAt: '2026-03-02T00:00:00+08:00',
      };
      const res = await office('POST', '/api/v1/plans/forecast', body);
      expect(res.status).toBe(200);
      return res.body.events.filter((e: any) => e.holds).map((e: any) => e.onFail.code);
    };
    // Nothing done by anyone: each of the three gates between the four phases fails and holds.
    const held = ['hold', 'hold', 'hold'];
    expect(await forecastOf(() => undefined)).toEqual(held);
    expect(await forecastOf(({ gate }) => ({ ...gate, onFail: undefined }))).toEqual(held);
    expect(await forecastOf(({ gate }) => ({ ...gate, onFail: 'proceed' }))).toEqual([]);
  });

  it('flags a forecast over a year with no working-day calendar, and stops once the calendar is entered', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const body = {
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: `${year}-03-01T09:00:00+08:00`,
    };
    const flagged = await office('POST', '/api/v1/plans/forecast', body);
    expect(flagged.status).toBe(200);
    const missing = flagged.body.flags.filter(
      (f: { rule: string }) => f.rule === 'calendar_missing',
    );
    expect(missing.length).toBeGreaterThan(0);
    expect(missing[0].years).toEqual([year]);
    // The office's admin enters the year's holidays as the State Council publishes them.
    const entered = await admin('PUT', `/api/v1/calendar/${year}`, {
      holidays: [{ date: `${year}-05-01`, holiday: 'labour_day' }],
      makeupWorkdays: [],
    });
    expect(entered.status).toBe(200);
    const clean = await office('POST', '/api/v1/plans/forecast', body);
    expect(clean.body.flags.filter((f: { rule: string }) => f.rule === 'calendar_missing')).toEqual(
      [],
    );
  });
});
