import { randomUUID } from 'node:crypto';

import {
  eventually,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const DISCIPLINE_YEAR = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c02';
/** Slow enough that no phase ends by the clock while the test runs. */
const SLOW = 60;
const STARTS_AT = '2026-01-05T00:00:00+08:00';

/**
 * An office keeps its own task kinds: it renames them and changes what completing them takes,
 * and retires one it no longer uses. A retired kind is refused to every new plan, while the
 * campaign already launched with it runs on with the definition it froze. Each change is on the
 * audit trail with who, when and why.
 */
describe('the office edits and retires its own task kinds', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let admin: ApiTestApp['request'];
  let member: ApiTestApp['request'];

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    office = api.as(await api.signIn(org.users.office.username));
    admin = api.as(await api.signIn(org.users.admin.username));
    member = api.as(await api.signIn(org.users.member.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  const createKind = async (
    as: ApiTestApp['request'],
    ownerUnitId: string,
    zh = '廉政家访',
    en = 'Integrity home visit',
  ) => {
    const res = await as('POST', '/api/v1/task-kinds', {
      ownerUnitId,
      name: { 'zh-CN': zh, en },
      needsEvidence: true,
    });
    expect([res.status, res.body.message]).toEqual([201, undefined]);
    return res.body.id as string;
  };
  /** Seed 003's plan with one task of the office's kind in its study phase (its 4th task). */
  const planWith = async (kindId: string) => {
    const plan = (await office('GET', `/api/v1/plan-templates/${DISCIPLINE_YEAR}`)).body.plan;
    plan.phases[0].tasks.push({
      key: 'home-visit',
      kind: 'office_defined',
      officeKindId: kindId,
      name: { 'zh-CN': '开展廉政家访', en: 'Make the integrity home visit' },
      owner: 'everyone',
      due: { offset: 'P20D' },
    });
    return { plan, at: `phases.0.tasks.${plan.phases[0].tasks.length - 1}.officeKindId` };
  };
  const trail = async (kindId: string) =>
    (await admin('GET', `/api/v1/audit?subjectType=task_kind&subjectId=${kindId}`)).body.items;

  it('edits the name and what completing it takes, refusing bad fields by name', async () => {
    const id = await createKind(office, org.countyA.id, '家访', 'Home visit');
    const edited = await office('PATCH', `/api/v1/task-kinds/${id}`, {
      name: { 'zh-CN': '廉政家访', en: 'Integrity home visit' },
      needsAnswers: true,
    });
    expect([edited.status, edited.body.message]).toEqual([200, undefined]);
    expect(edited.body).toMatchObject({
      label: '廉政家访',
      needsEvidence: true,
      needsAnswers: true,
      needsAttendance: false,
      retired: false,
    });
    const read = await office('GET', `/api/v1/task-kinds/${id}`, undefined, {
      'accept-language': 'en',
    });
    expect([read.status, read.body.label, read.body.needsAnswers]).toEqual([
      200,
      'Integrity home visit',
      true,
    ]);

    const bad = await office('PATCH', `/api/v1/task-kinds/${id}`, {
      name: { 'zh-CN': '', en: 'Home visit' },
      needsEvidence: 'yes',
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual([
      'colour',
      'name.zh-CN',
      'needsEvidence',
    ]);
    const empty = await office('PATCH', `/api/v1/task-kinds/${id}`, {});
    expect(empty.status).toBe(400);
    const unchanged = await office('GET', `/api/v1/task-kinds/${id}`);
    expect([unchanged.body.label, unchanged.body.needsEvidence]).toEqual(['廉政家访', true]);

    // The trail keeps who changed what, from what to what.
    const entries = await trail(id);
    expect(entries.map((e: any) => e.action)).toEqual(['task_kind.update', 'task_kind.create']);
    expect(entries[0]).toMatchObject({
      actor: { id: org.users.office.person.id },
      actionLabel: '修改任务类型',
      details: {
        from: { name: { 'zh-CN': '家访' }, needsAnswers: false },
        to: { name: { 'zh-CN': '廉政家访' }, needsAnswers: true },
      },
    });
  });

  it('answers 404 for an unknown kind or one outside the scope, 403 for one a unit above owns', async () => {
    const elsewhere = await createKind(admin, org.countyB.id);
    const above = await createKind(admin, org.city.id, '主题党日', 'Party day');
    for (const id of [elsewhere, randomUUID()]) {
      expect((await office('GET', `/api/v1/task-kinds/${id}`)).status).toBe(404);
      expect(
        (await office('PATCH', `/api/v1/task-kinds/${id}`, { needsAnswers: true })).status,
      ).toBe(404);
      expect(
        (await office('POST', `/api/v1/task-kinds/${id}/retire`, { reason: '不再开展' })).status,
      ).toBe(404);
    }
    // The city's kind serves the county's plans; the city's office changes it.
    expect((await office('GET', `/api/v1/task-kinds/${above}`)).status).toBe(200);
    const refused = await office('PATCH', `/api/v1/task-kinds/${above}`, { needsAnswers: true });
    expect(refused.status).toBe(403);
    expect(
      (await office('POST', `/api/v1/task-kinds/${above}/retire`, { reason: '不再开展' })).status,
    ).toBe(403);
    expect((await member('GET', `/api/v1/task-kinds/${above}`)).status).toBe(403);
  });

  it('retires a kind: new plans are refused it, the launched campaign runs on', async () => {
    const id = await createKind(office, org.countyA.id);
    const { plan, at } = await planWith(id);
    const saved = await office('POST', '/api/v1/plan-templates', {
      ownerUnitId: org.countyA.id,
      basedOnId: DISCIPLINE_YEAR,
      name: { 'zh-CN': '本局纪律作风建设年方案', en: 'Our discipline and style year' },
      plan,
    });
    expect([saved.status, saved.body.message]).toEqual([201, undefined]);
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年纪律作风建设年（廉政家访）',
      plan,
      coveredUnitId: org.countyA.id,
      startsAt: STARTS_AT,
      rehearsal: { timeScale: SLOW, sendEmail: false },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const campaignId = launched.body.id as string;
    const visit = await eventually(
      async () =>
        (await member('GET', `/api/v1/me/tasks?campaignId=${campaignId}&phase=0&pageSize=100`)).body
          .items,
      (items: any[]) => items.some((t) => t.taskKey === 'home-visit'),
    ).then((items: any[]) => items.find((t) => t.taskKey === 'home-visit'));

    const bare = await office('POST', `/api/v1/task-kinds/${id}/retire`, {});
    expect([bare.status, bare.body.errors?.[0]?.field]).toEqual([400, 'reason']);
    const retired = await office('POST', `/api/v1/task-kinds/${id}/retire`, {
      reason: '廉政家访并入“家庭助廉”活动，不再单列',
    });
    expect([retired.status, retired.body.message]).toEqual([200, undefined]);
    expect(retired.body).toMatchObject({ retired: true, label: '廉政家访' });
    expect(typeof retired.body.retiredAt).toBe('string');

    // Listed with its flag; `status=active` leaves it out of what a new plan may pick.
    const all = (await office('GET', '/api/v1/task-kinds')).body.items;
    expect(all.find((k: any) => k.id === id)).toMatchObject({ retired: true });
    const active = (await office('GET', '/api/v1/task-kinds?status=active')).body.items;
    expect(active.map((k: any) => k.id)).not.toContain(id);
    const gone = (await office('GET', '/api/v1/task-kinds?status=retired')).body.items;
    expect(gone.map((k: any) => k.id)).toContain(id);

    // A second retirement, or an edit, finds it retired.
    const again = await office('POST', `/api/v1/task-kinds/${id}/retire`, { reason: '重复操作' });
    expect(again.status).toBe(409);
    const edit = await office('PATCH', `/api/v1/task-kinds/${id}`, { needsAnswers: true });
    expect(edit.status).toBe(409);

    // No new plan may use it: a forecast, a launch, a saved template's launch, a new template.
    const refusals = [
      await office('POST', '/api/v1/plans/forecast', {
        plan,
        coveredUnitId: org.countyA.id,
        startsAt: STARTS_AT,
      }),
      await office('POST', '/api/v1/campaigns', {
        title: '2027年纪律作风建设年',
        plan,
        coveredUnitId: org.countyA.id,
        startsAt: STARTS_AT,
      }),
      await office('POST', '/api/v1/campaigns', {
        title: '2027年纪律作风建设年（本局方案）',
        templateId: saved.body.id,
        coveredUnitId: org.countyA.id,
        startsAt: STARTS_AT,
      }),
      await office('POST', '/api/v1/plan-templates', {
        ownerUnitId: org.countyA.id,
        name: { 'zh-CN': '另存方案', en: 'Another copy' },
        plan,
      }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(422);
      expect(refused.body.violations).toEqual([
        expect.objectContaining({ field: at, rule: 'office_kind_retired' }),
      ]);
      expect(refused.body.violations[0].message).toContain('廉政家访');
    }

    // The campaign launched with it runs on: the member completes the task under its name.
    const done = await member('POST', `/api/v1/tasks/${visit.id}/complete`, {
      text: '已到民警家中开展廉政家访。',
    });
    expect([done.status, done.body.status?.code]).toEqual([200, 'done']);
    expect(done.body.kind).toEqual({ code: 'office_defined', label: '廉政家访' });

    const entries = await trail(id);
    expect(entries[0]).toMatchObject({
      action: 'task_kind.retire',
      actionLabel: '停用任务类型',
      actor: { id: org.users.office.person.id },
      reason: '廉政家访并入“家庭助廉”活动，不再单列',
    });
    expect(
      (await office('POST', `/api/v1/campaigns/${campaignId}/cancel`, { reason: '演练结束' }))
        .status,
    ).toBe(200);
  });

  it('launches a saved template with its kinds as they stand at launch', async () => {
    const id = await createKind(office, org.countyA.id, '家访', 'Home visit');
    const { plan } = await planWith(id);
    const saved = await office('POST', '/api/v1/plan-templates', {
      ownerUnitId: org.countyA.id,
      name: { 'zh-CN': '本局方案（家访）', en: 'Our plan (home visit)' },
      plan,
    });
    expect(saved.status).toBe(201);
    await office('PATCH', `/api/v1/task-kinds/${id}`, {
      name: { 'zh-CN': '廉政家访', en: 'Integrity home visit' },
    });
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年纪律作风建设年（本局方案）',
      templateId: saved.body.id,
      coveredUnitId: org.countyA.id,
      startsAt: STARTS_AT,
      rehearsal: { timeScale: SLOW, sendEmail: false },
    });
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    const visit = await eventually(
      async () =>
        (
          await member(
            'GET',
            `/api/v1/me/tasks?campaignId=${launched.body.id}&phase=0&pageSize=100`,
          )
        ).body.items,
      (items: any[]) => items.some((t) => t.taskKey === 'home-visit'),
    ).then((items: any[]) => items.find((t) => t.taskKey === 'home-visit'));
    expect(visit.kind).toEqual({ code: 'office_defined', label: '廉政家访' });
    expect(
      (
        await office('POST', `/api/v1/campaigns/${launched.body.id}/cancel`, {
          reason: '演练结束',
        })
      ).status,
    ).toBe(200);
  });
});
