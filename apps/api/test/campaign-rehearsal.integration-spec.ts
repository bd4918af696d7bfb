import {
  eventually,
  type SmtpSink,
  type StandardOrganisation,
  standardOrganisation,
  startSmtpSink,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
/** A campaign day a second: the five months of 教育整顿 in about two and a half minutes. */
const TIME_SCALE = 86_400;

/**
 * A rehearsal of the 教育整顿 template through the API only, as an office, members and a leader
 * would use it, on the real dev server: launch, reminders in the inbox and by mail, members
 * doing their tasks, attendance, a pause, a newcomer, the gates, and the four phases in turn.
 */
describe('a rehearsal of 教育整顿 through the API', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let leader: ApiTestApp['request'];
  let member: ApiTestApp['request'];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'campaign@example.org',
    });
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    // The member's branch: a secretary (leader), a key person, members with mail addresses.
    const secretary = await f.person(org.branchA, {
      name: '周书记',
      isLeader: true,
      email: 'zhou@example.org',
    });
    await f.org.setFirstResponsible(org.branchA.id, secretary.id);
    await f.person(org.branchA, {
      name: '钱会计',
      isKeyPerson: true,
      keyPersonReasons: ['money'],
      email: 'qian@example.org',
    });
    await api.db.dataSource.query(`UPDATE people SET email = 'member@example.org' WHERE id = $1`, [
      org.users.member.person.id,
    ]);
    office = api.as(await api.signIn(org.users.office.username));
    leader = api.as(await api.signIn(org.users.leader.username));
    member = api.as(await api.signIn(org.users.member.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  it('walks the plan with the people doing their part', async () => {
    // The office checks the plan first: everything it will do, dated.
    const forecast = await office('POST', '/api/v1/plans/forecast', {
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-03-02T00:00:00+08:00',
    });
    expect(forecast.status).toBe(200);
    expect(forecast.body.events.filter((e: any) => e.kind.code === 'phase_open')).toHaveLength(4);

    const launched = await office(
      'POST',
      '/api/v1/campaigns',
      {
        title: '2026年教育整顿演练',
        templateId: EDUCATION,
        coveredUnitId: org.countyA.id,
        startsAt: '2026-03-02T00:00:00+08:00',
        rehearsal: { timeScale: TIME_SCALE, sendEmail: true },
      },
      { 'idempotency-key': 'rehearsal-2026-edu' },
    );
    expect(launched.status).toBe(201);
    const id = launched.body.id as string;
    expect(launched.body).toMatchObject({ rehearsal: true, clock: { timeScale: TIME_SCALE } });
    // Campaign time: the plan's own dates, not today's.
    expect(launched.body.clock.now.slice(0, 7)).toBe('2026-03');

    // Members see their tasks; the member completes three of them, one with the three answers.
    const mine = await eventually(
      async () =>
        (await member('GET', `/api/v1/me/tasks?campaignId=${id}&phase=0&pageSize=100`)).body,
      (b) => b.total === 7,
    );
    expect(mine.items.every((t: any) => t.rehearsal && t.phase.code === 'study')).toBe(true);
    const task = (key: string) => mine.items.find((t: any) => t.taskKey === key);
    expect(task('reflection').name).toBe('撰写心得体会');
    const done = await member('POST', `/api/v1/tasks/${task('reflection').id}/complete`, {
      text: '通过学习，深刻认识到纪律规矩的重要性。',
    });
    expect([done.status, done.body.message]).toEqual([200, undefined]);
    expect(done.body.status.code).toBe('done');
    const pledge = await member(
      'POST',
      `/api/v1/tasks/${task('integrity-pledge').id}/complete`,
      {},
    );
    expect(pledge.status).toBe(422); // evidence required
    expect(pledge.body.violations[0].rule).toBe('evidence_required');
    const form = new FormData();
    form.append('files', new Blob(['廉政承诺书（签字版）'], { type: 'text/plain' }), 'pledge.txt');
    expect(
      (await member('POST', `/api/v1/tasks/${task('integrity-pledge').id}/complete`, form)).status,
    ).toBe(200);
    const answered = await member('POST', `/api/v1/tasks/${task('three-questions').id}/complete`, {
      answers: ['熟悉党章党规的主要内容', '纪律意识有所松懈', '坚持每周学习一次'],
    });
    expect(answered.status).toBe(200);
    // A study session is recorded by the unit's office, not by the member.
    expect(
      (await member('POST', `/api/v1/tasks/${task('study-session').id}/complete`, {})).status,
    ).toBe(422);
    const attendance = await office('POST', `/api/v1/campaigns/${id}/attendance`, {
      taskKey: 'study-session',
      unitId: org.branchA.id,
      personIds: [org.users.member.person.id],
      heldAt: '2026-03-10T09:00:00+08:00',
    });
    expect(attendance.body).toEqual({ recorded: 1, notOwing: [] });

    // A newcomer joins the branch mid-campaign and is given the open phase's tasks.
    const joiner = await office('POST', '/api/v1/people', {
      staffNumber: 'NEW-2026-001',
      name: '新同志',
      unitId: org.branchA.id,
      position: '民警',
      isLeader: false,
      isKeyPerson: false,
      keyPersonReasons: [],
    });
    expect(joiner.status).toBe(201);
    const people = await eventually(
      async () =>
        (await office('GET', `/api/v1/campaigns/${id}/progress?by=person&unitId=${org.branchA.id}`))
          .body.people,
      (list: any[]) => list.some((p) => p.personId === joiner.body.id),
    );
    expect(people.find((p: any) => p.personId === joiner.body.id).phases[0].owed).toBeGreaterThan(
      5,
    );

    // The office pauses for a while, then resumes: nothing moves while paused.
    const before = (await office('GET', `/api/v1/campaigns/${id}`)).body;
    const paused = await office('POST', `/api/v1/campaigns/${id}/pause`, {
      reason: '上级临时检查',
    });
    expect(paused.status).toBe(200);
    expect(paused.body.status.code).toBe('paused');
    await new Promise((r) => setTimeout(r, 3_000));
    const still = (await office('GET', `/api/v1/campaigns/${id}`)).body;
    expect(still.currentPhase?.code ?? null).toBe(before.currentPhase?.code ?? null);
    const resumed = await office('POST', `/api/v1/campaigns/${id}/resume`, { reason: '检查结束' });
    expect(resumed.status).toBe(200);
    // Every later date moved by the pause (three seconds: about three campaign days).
    const moved = Date.parse(resumed.body.phases[3].endsAt) - Date.parse(before.phases[3].endsAt);
    expect(moved).toBeGreaterThan(2.5 * 86_400_000);

    // The leader follows progress; the campaign walks all four phases to its end. Each gate
    // the branch misses holds the campaign (时间服从质量) until the office goes on with a reason.
    const holds: string[] = [];
    const end = await eventually(
      async () => {
        const b = (await office('GET', `/api/v1/campaigns/${id}`)).body;
        if (b.status.code === 'holding') {
          holds.push(b.currentPhase.code);
          const on = await office('POST', `/api/v1/campaigns/${id}/advance`, {
            fromPhase: b.currentPhase.code,
            reason: '经活动办研究，限期补齐后转入下一阶段',
          });
          expect(on.status).toBe(200);
        }
        return b;
      },
      (b) => b.status.code === 'completed',
      240_000,
    );
    expect(holds).toEqual(['study', 'self_check', 'rectification']);
    expect(
      end.phases.map((p: any) => [p.kind.code, Boolean(p.openedAt), Boolean(p.closedAt)]),
    ).toEqual([
      ['study', true, true],
      ['self_check', true, true],
      ['rectification', true, true],
      ['consolidation', true, true],
    ]);
    const progress = await leader('GET', `/api/v1/campaigns/${id}/progress`);
    expect(progress.status).toBe(200);
    const branch = progress.body.units.find((u: any) => u.unitId === org.branchA.id);
    expect(branch.phases[0].done).toBeGreaterThanOrEqual(4);
    expect(branch.phases[0].gate).not.toBeNull();
    // Nobody else did anything: the branch is below the study gate, and red for it.
    expect(branch.phases[0].gate.passed).toBe(false);
    expect(branch.phases[0].status.code).toBe('red');
    // Progress reads the counts PostgreSQL keeps beside the task rows: after completions, a
    // joiner, a pause's shift and the phases closing they still agree with the rows, group by group.
    const groups = `campaign_id, unit_id, phase_index, task_key, due_at, status`;
    const [fromRows, fromCounts] = await Promise.all([
      api.db.dataSource.query(
        `SELECT ${groups}, count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 GROUP BY ${groups} ORDER BY ${groups}`,
        [id],
      ),
      api.db.dataSource.query(
        `SELECT ${groups}, n FROM campaign_task_counts WHERE campaign_id = $1 AND n <> 0 ORDER BY ${groups}`,
        [id],
      ),
    ]);
    expect(fromRows.length).toBeGreaterThan(10);
    expect(fromCounts).toEqual(fromRows);

    // Reminders reached the inbox (marked as a rehearsal) and the mail server (in Chinese).
    const inbox = (await member('GET', '/api/v1/me/notifications?pageSize=100')).body;
    expect(inbox.total).toBeGreaterThan(0);
    expect(inbox.items.some((n: any) => n.subject.startsWith('【演练】【任务提醒】'))).toBe(true);
    const mails = await smtp.waitFor(1);
    expect(
      mails.some((m) => m.to.includes('member@example.org') && m.subject.includes('【演练】')),
    ).toBe(true);
    // The timeline records who paused, resumed and went on past a held gate, and why.
    const events = await office(
      'GET',
      `/api/v1/campaigns/${id}/events?kind=phase_open,gate_evaluation`,
    );
    expect(events.body.items).toHaveLength(8);
    const onward = ['campaign.advance', '经活动办研究，限期补齐后转入下一阶段'];
    expect(events.body.decisions.map((d: any) => [d.action, d.reason])).toEqual([
      ['campaign.pause', '上级临时检查'],
      ['campaign.resume', '检查结束'],
      onward,
      onward,
      onward,
    ]);
  }, 300_000);
});
