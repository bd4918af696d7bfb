import { ITEM_CATEGORIES } from '@campaign/domain';
import {
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
const DAY = 86_400_000;
/** The Asia/Shanghai day `offset` days from today. */
const shanghaiDay = (offset: number) =>
  new Date(Date.now() + offset * DAY + 8 * 3_600_000).toISOString().slice(0, 10);

/** The eleven categories, "no problem" except the findings given. */
const checklist = (findings: Record<string, string>) =>
  ITEM_CATEGORIES.map((category) =>
    findings[category]
      ? { category, outcome: 'finding', description: findings[category] }
      : { category, outcome: 'no_problem' },
  );

/** Six answers, "nothing to report" except the disclosures given. */
const statement = (campaignId: string, disclosed: Record<number, string>) => ({
  campaignId,
  items: [1, 2, 3, 4, 5, 6].map((item) =>
    disclosed[item] ? { item, disclosure: disclosed[item] } : { item, nothingToReport: true },
  ),
});

/** What only the leader's sealed statement says: no answer the office gets may contain it. */
const SECRET = '本人分管后勤期间，曾接受供应商宴请一次。';

/**
 * Findings and clue handling through the API on the real dev server: checklists, portrait
 * comparisons and life meetings each registering one problem per finding; concealment flags
 * decided once and raised or withdrawn by a correction judged against the statement version in
 * force; dispositions in the four forms; the integrity file and its audited read; the report
 * back of a handed-down problem.
 */
describe('findings and clue handling', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let cityOffice: ApiTestApp['request'];
  let inspector: ApiTestApp['request'];
  let cityInspector: ApiTestApp['request'];
  let leader: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let admin: ApiTestApp['request'];
  let leaderId: string;
  let campaignId: string;
  const reason = '经核实，情况属实。';

  const count = async (sql: string, params: unknown[]) =>
    Number((await api.db.dataSource.query(sql, params))[0].n);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'campaign@example.org',
    });
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    const leaderAccount = await f.account(org.branchA, [{ role: 'member', unit: org.branchA }]);
    leaderId = leaderAccount.person.id;
    await api.db.dataSource.query(
      `UPDATE people SET is_leader = true, name = '陈支书' WHERE id = $1`,
      [leaderId],
    );
    const cityOfficeAccount = await f.account(org.city, [{ role: 'office', unit: org.city }]);
    await api.db.dataSource.query(
      `UPDATE people SET email = 'city-office@example.org' WHERE id = $1`,
      [cityOfficeAccount.person.id],
    );
    const cityInspectorAccount = await f.account(org.city, [{ role: 'inspector', unit: org.city }]);
    office = api.as(await api.signIn(org.users.office.username));
    cityOffice = api.as(await api.signIn(cityOfficeAccount.username));
    inspector = api.as(await api.signIn(org.users.inspector.username));
    cityInspector = api.as(await api.signIn(cityInspectorAccount.username));
    leader = api.as(await api.signIn(leaderAccount.username));
    member = api.as(await api.signIn(org.users.member.username));
    admin = api.as(await api.signIn(org.users.admin.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿（检视整治）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(launched.status).toBe(201);
    campaignId = launched.body.id;
    // The leader's six clarifications: item 5 "nothing to report", item 6 a disclosure.
    const first = await leader('POST', '/api/v1/statements', statement(campaignId, { 6: SECRET }));
    expect([first.status, first.body.version]).toEqual([201, 1]);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  it('records a self-check once: each finding one self-disclosed ledger item, no grant needed', async () => {
    const memberId = org.users.member.person.id;
    const recorded = await member('POST', '/api/v1/me/checklists', {
      campaignId,
      entries: checklist({
        discipline_work: '值班期间擅自离岗两小时。',
        style_study: '理论学习不够深入。',
      }),
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ personId: memberId, recorded: true, selfCheck: true });
    expect(recorded.body.entries).toHaveLength(11);
    const findings = recorded.body.entries.filter(
      (e: { outcome: { code: string } }) => e.outcome.code === 'finding',
    );
    expect(findings.map((e: { category: { code: string } }) => e.category.code)).toEqual([
      'discipline_work',
      'style_study',
    ]);
    expect(findings[0].problem).toMatchObject({
      channel: { code: 'self_check', label: '自查自纠' },
      disclosure: { code: 'self_disclosed', label: '已主动讲清' },
      handling: { code: 'rectify' },
      concealmentFlag: null,
      item: expect.objectContaining({ description: '值班期间擅自离岗两小时。' }),
    });
    // Exactly one problem and one ledger item per finding.
    expect(
      await count(
        `SELECT count(*) AS n FROM problems p JOIN ledger_items i ON i.id = p.item_id
          WHERE p.person_id = $1 AND p.channel = 'self_check'`,
        [memberId],
      ),
    ).toBe(2);
    expect(
      await count(`SELECT count(*) AS n FROM checklist_entries WHERE person_id = $1`, [memberId]),
    ).toBe(11);

    // Once: a second recording (by the person or the office) changes nothing.
    const again = await member('POST', '/api/v1/me/checklists', {
      campaignId,
      entries: checklist({}),
    });
    expect(again.status).toBe(409);
    expect(
      (
        await office('POST', `/api/v1/campaigns/${campaignId}/checklists`, {
          personId: memberId,
          entries: checklist({}),
        })
      ).status,
    ).toBe(409);
    expect(await count(`SELECT count(*) AS n FROM problems WHERE person_id = $1`, [memberId])).toBe(
      2,
    );

    // The person and the office read it; English on request.
    const mine = await member('GET', `/api/v1/me/checklists?campaignId=${campaignId}`, undefined, {
      'accept-language': 'en',
    });
    expect(mine.status).toBe(200);
    expect(mine.body.entries[0]).toMatchObject({
      category: { code: 'discipline_political', label: 'Political discipline' },
      outcome: { code: 'no_problem', label: 'No problem' },
      problem: null,
    });
    const read = await office('GET', `/api/v1/campaigns/${campaignId}/checklists/${memberId}`);
    expect([read.status, read.body.selfCheck]).toEqual([200, true]);
  });

  it('lets the office record a checklist in its scope, and names what is missing or repeated', async () => {
    const broken = await office('POST', `/api/v1/campaigns/${campaignId}/checklists`, {
      personId: org.personA.id,
      entries: [
        { category: 'discipline_work', outcome: 'finding' },
        { category: 'discipline_work', outcome: 'no_problem' },
      ],
    });
    expect(broken.status).toBe(422);
    expect(
      broken.body.violations.map((v: { field: string; rule: string }) => `${v.field}:${v.rule}`),
    ).toEqual([
      'entries.0.description:description_required',
      'entries.1.category:category_repeated',
      ...Array(10).fill('entries:category_missing'),
    ]);
    const recorded = await office('POST', `/api/v1/campaigns/${campaignId}/checklists`, {
      personId: org.personA.id,
      entries: checklist({ discipline_mass: '接待群众态度生硬。' }),
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      selfCheck: false,
      recordedByPersonId: org.users.office.person.id,
    });
    // Nobody else's self-check, and nobody outside the office's scope.
    expect(
      (
        await office('POST', `/api/v1/campaigns/${campaignId}/checklists`, {
          personId: org.personB.id,
          entries: checklist({}),
        })
      ).status,
    ).toBe(404);
    expect(
      (await member('GET', `/api/v1/campaigns/${campaignId}/checklists/${org.personA.id}`)).status,
    ).toBe(403);
  });

  it("records a branch's portrait comparison by source, checking every finding first", async () => {
    const before = await count(`SELECT count(*) AS n FROM problems WHERE channel = 'portrait'`, []);
    const outsider = await office('POST', `/api/v1/campaigns/${campaignId}/portraits`, {
      branchId: org.branchA.id,
      findings: [
        {
          personId: org.personA.id,
          category: 'style_work',
          source: 'superiors',
          description: '工作标准不高。',
        },
        {
          personId: org.users.office.person.id,
          category: 'style_work',
          source: 'peers',
          description: '不在本支部。',
        },
      ],
    });
    expect(outsider.status).toBe(422);
    expect(outsider.body.violations).toEqual([
      expect.objectContaining({ field: 'findings.1.personId', rule: 'person_not_in_unit' }),
    ]);
    const notBranch = await office('POST', `/api/v1/campaigns/${campaignId}/portraits`, {
      branchId: org.countyA.id,
      findings: [
        { personId: org.personA.id, category: 'style_work', source: 'self', description: '无。' },
      ],
    });
    expect([notBranch.status, notBranch.body.violations?.[0]?.rule]).toEqual([422, 'not_a_branch']);
    expect(await count(`SELECT count(*) AS n FROM problems WHERE channel = 'portrait'`, [])).toBe(
      before,
    );

    const recorded = await office('POST', `/api/v1/campaigns/${campaignId}/portraits`, {
      branchId: org.branchA.id,
      findings: [
        {
          personId: org.personA.id,
          category: 'style_work',
          source: 'superiors',
          description: '工作标准不高，满足于过得去。',
        },
        {
          personId: org.users.member.person.id,
          category: 'discipline_organisational',
          source: 'collective',
          description: '请销假制度执行不严。',
        },
      ],
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.branch).toEqual({ id: org.branchA.id, name: org.branchA.name });
    expect(recorded.body.findings).toEqual([
      expect.objectContaining({
        personId: org.personA.id,
        channel: expect.objectContaining({ code: 'portrait' }),
        portraitSource: { code: 'superiors', label: '上级点' },
        foundByUnitId: org.branchA.id,
      }),
      expect.objectContaining({
        personId: org.users.member.person.id,
        portraitSource: { code: 'collective', label: '集体议' },
      }),
    ]);
    const listed = await office('GET', `/api/v1/campaigns/${campaignId}/portraits`, undefined, {
      'accept-language': 'en',
    });
    expect(listed.status).toBe(200);
    expect(listed.body.branches).toEqual([
      {
        branch: { id: org.branchA.id, name: org.branchA.name },
        findings: [
          expect.objectContaining({
            portraitSource: { code: 'superiors', label: 'Pointed out by superiors' },
          }),
          expect.objectContaining({
            portraitSource: { code: 'collective', label: 'Agreed collectively' },
          }),
        ],
      },
    ]);
  });

  it('records life meetings and the problems listed at them, against the meeting', async () => {
    const meeting = {
      unitId: org.branchA.id,
      kind: 'organisational_life',
      heldOn: shanghaiDay(-1),
      title: '2026年度专题组织生活会',
      problems: [
        {
          personId: org.personA.id,
          category: 'discipline_work',
          description: '对值班纪律要求不严。',
        },
      ],
    };
    const wrongKind = await office('POST', `/api/v1/campaigns/${campaignId}/life-meetings`, {
      ...meeting,
      kind: 'democratic_life',
    });
    expect([wrongKind.status, wrongKind.body.violations?.[0]?.rule]).toEqual([
      422,
      'meeting_unit_kind',
    ]);
    const tomorrow = await office('POST', `/api/v1/campaigns/${campaignId}/life-meetings`, {
      ...meeting,
      heldOn: shanghaiDay(1),
    });
    expect([tomorrow.status, tomorrow.body.violations?.[0]?.rule]).toEqual([
      422,
      'meeting_not_held_yet',
    ]);

    const recorded = await office('POST', `/api/v1/campaigns/${campaignId}/life-meetings`, meeting);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      kind: { code: 'organisational_life', label: '组织生活会' },
      heldOn: meeting.heldOn,
      unitName: org.branchA.name,
    });
    expect(recorded.body.problems).toEqual([
      expect.objectContaining({
        meetingId: recorded.body.id,
        channel: expect.objectContaining({ code: 'life_meeting' }),
      }),
    ]);
    const added = await office('POST', `/api/v1/life-meetings/${recorded.body.id}/problems`, {
      problems: [
        {
          personId: org.users.member.person.id,
          category: 'style_life',
          description: '生活作风不够严谨。',
        },
      ],
    });
    expect([added.status, added.body.problems.length]).toEqual([201, 2]);
    const listed = await inspector('GET', `/api/v1/campaigns/${campaignId}/life-meetings`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: recorded.body.id, problems: expect.any(Array) }),
    ]);
    expect(listed.body.items[0].problems).toHaveLength(2);
    expect((await office('GET', `/api/v1/life-meetings/${recorded.body.id}`)).status).toBe(200);
  });

  it('decides a concealment flag once, with a reason, on the audit trail', async () => {
    const flagged = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: leaderId,
      channel: 'audit',
      category: 'discipline_life',
      description: '八小时以外与辖区企业主频繁往来。',
    });
    expect(flagged.status).toBe(201);
    const flagId = flagged.body.concealmentFlag.id as string;
    const open = await inspector(
      'GET',
      `/api/v1/concealment-flags?campaignId=${campaignId}&status=open`,
    );
    expect(open.status).toBe(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({
        id: flagId,
        problemId: flagged.body.id,
        personId: leaderId,
        personName: '陈支书',
        statementVersion: 1,
      }),
    ]);
    expect((await office('GET', '/api/v1/concealment-flags')).status).toBe(403);

    const noReason = await inspector('POST', `/api/v1/concealment-flags/${flagId}/decision`, {
      decision: 'confirm',
    });
    expect(noReason.status).toBe(400);
    const confirmed = await inspector('POST', `/api/v1/concealment-flags/${flagId}/decision`, {
      decision: 'confirm',
      reason,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: { code: 'confirmed', label: '认定隐瞒不报' },
      reason,
      decidedByPersonId: org.users.inspector.person.id,
    });
    const twice = await inspector('POST', `/api/v1/concealment-flags/${flagId}/decision`, {
      decision: 'dismiss',
      reason: '重新考虑。',
    });
    expect(twice.status).toBe(409);
    // A decided flag keeps its match: no correction moves it.
    const moved = await inspector('PUT', `/api/v1/problems/${flagged.body.id}/clarification`, {
      clarificationItem: 6,
      reason: '应对应第六项。',
    });
    expect(moved.status).toBe(409);

    const trail = await cityInspector('GET', `/api/v1/audit?subjectId=${flagId}`);
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        action: 'concealment.confirm',
        actionLabel: '认定隐瞒不报',
        reason,
        actor: expect.objectContaining({ id: org.users.inspector.person.id }),
      }),
    ]);
  });

  it('re-judges a corrected match against the statement in force when the problem arrived', async () => {
    // Item 5 said nothing to report: flagged. Corrected to item 6, which disclosed it: withdrawn.
    const wrong = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: leaderId,
      channel: 'inspection',
      category: 'discipline_life',
      description: '接受管理服务对象宴请。',
    });
    expect(wrong.body.concealmentFlag.status.code).toBe('open');
    const withdrawn = await inspector('PUT', `/api/v1/problems/${wrong.body.id}/clarification`, {
      clarificationItem: 6,
      reason: '该问题属以权谋私，应对应第六项。',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      clarificationItem: { code: '6' },
      disclosure: { code: 'self_disclosed' },
      concealmentFlag: expect.objectContaining({
        status: { code: 'withdrawn', label: '更正后撤销' },
        reason: '该问题属以权谋私，应对应第六项。',
      }),
    });

    // A study-style problem matches no item: nothing judged. Then the leader discloses item 5
    // in a second version; corrected to item 5, the problem is judged against version 1 — the
    // one in force when it arrived — and flagged.
    const unmatched = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: leaderId,
      channel: 'inspection',
      category: 'style_study',
      description: '八小时以外经常出入私人会所。',
    });
    expect(unmatched.body).toMatchObject({
      disclosure: { code: 'not_judged' },
      concealmentFlag: null,
    });
    const second = await leader(
      'POST',
      '/api/v1/statements',
      statement(campaignId, { 6: SECRET, 5: '偶尔与朋友在私人会所聚餐。' }),
    );
    expect(second.body.version).toBe(2);
    const raised = await inspector('PUT', `/api/v1/problems/${unmatched.body.id}/clarification`, {
      clarificationItem: 5,
      reason: '属八小时以外交往。',
    });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({
      clarificationItem: { code: '5' },
      disclosure: { code: 'suspected_concealment' },
      concealmentFlag: expect.objectContaining({
        status: expect.objectContaining({ code: 'open' }),
        statementVersion: 1,
      }),
    });
    // The same correction again changes nothing.
    const same = await inspector('PUT', `/api/v1/problems/${unmatched.body.id}/clarification`, {
      clarificationItem: 5,
      reason: '再次确认。',
    });
    expect([same.status, same.body.concealmentFlag.id]).toEqual([
      200,
      raised.body.concealmentFlag.id,
    ]);

    // Both corrections and their judging reads are on the trail, seen from above.
    const corrections = await cityInspector(
      'GET',
      `/api/v1/audit?action=problem.clarification&subjectId=${unmatched.body.id}`,
    );
    expect(corrections.body.items).toEqual([
      expect.objectContaining({
        reason: '属八小时以外交往。',
        details: expect.objectContaining({
          from: null,
          to: 5,
          flagChange: 'raise',
          statementVersion: 1,
        }),
      }),
    ]);
    const reads = await cityInspector('GET', '/api/v1/audit?action=read.statement');
    expect(reads.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: expect.objectContaining({ id: org.users.inspector.person.id }),
          details: expect.objectContaining({ problemId: unmatched.body.id, version: 1 }),
        }),
      ]),
    );
    // The nearest inspectors hear of the raised flag.
    const inbox = await inspector('GET', '/api/v1/me/notifications');
    expect(
      inbox.body.items.filter((n: { subject: string }) => n.subject.includes('八小时以外经常出入')),
    ).toHaveLength(1);
  });

  it('records dispositions in the four forms: a measure of its form, the latest counting', async () => {
    const problem = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: org.personA.id,
      channel: 'clue_verification',
      category: 'discipline_integrity',
      description: '违规收受礼品。',
    });
    const id = problem.body.id as string;
    const wrongForm = await inspector('POST', `/api/v1/problems/${id}/dispositions`, {
      form: 1,
      measure: 'expulsion',
      reason,
    });
    expect([wrongForm.status, wrongForm.body.violations?.[0]?.rule]).toEqual([
      422,
      'measure_not_of_form',
    ]);
    expect(
      (
        await inspector('POST', `/api/v1/problems/${id}/dispositions`, {
          form: 1,
          measure: 'admonishment_talk',
        })
      ).status,
    ).toBe(400);
    const first = await inspector('POST', `/api/v1/problems/${id}/dispositions`, {
      form: 1,
      measure: 'admonishment_talk',
      reason: '情节较轻，本人认识深刻。',
    });
    expect(first.status).toBe(201);
    expect(first.body.disposition).toMatchObject({
      form: { code: '1' },
      measure: { code: 'admonishment_talk', label: '诫勉谈话' },
    });
    const second = await inspector('POST', `/api/v1/problems/${id}/dispositions`, {
      form: 2,
      measure: 'party_warning',
      reason: '复核后从严。',
    });
    expect(second.body.disposition.measure.code).toBe('party_warning');
    expect(
      second.body.dispositions.map((d: { measure: { code: string } }) => d.measure.code),
    ).toEqual(['party_warning', 'admonishment_talk']);
    expect((await office('GET', `/api/v1/problems/${id}`)).body.disposition.measure.code).toBe(
      'party_warning',
    );

    const counts = await office('GET', `/api/v1/campaigns/${campaignId}/disposition-counts`);
    expect(counts.status).toBe(200);
    expect(counts.body.forms[0]).toMatchObject({ problems: 0 });
    expect(counts.body.forms[1]).toMatchObject({ problems: 1, people: 1 });
    expect(counts.body.forms[1].measures[0]).toMatchObject({
      measure: { code: 'party_warning' },
      problems: 1,
    });
    expect(counts.body.forms[0].measures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          measure: expect.objectContaining({ code: 'admonishment_talk' }),
          problems: 0,
        }),
      ]),
    );

    // Nobody disposes of a clue about themselves.
    const own = await office('POST', '/api/v1/problems', {
      campaignId,
      personId: org.users.inspector.person.id,
      channel: 'inspection',
      category: 'style_work',
      description: '督导检查走过场。',
    });
    const conflict = await inspector('POST', `/api/v1/problems/${own.body.id}/dispositions`, {
      form: 1,
      measure: 'criticism_education',
      reason,
    });
    expect([conflict.status, conflict.body.violations?.[0]?.rule]).toEqual([
      422,
      'conflict_of_interest',
    ]);
    expect(
      (
        await cityInspector('POST', `/api/v1/problems/${own.body.id}/dispositions`, {
          form: 1,
          measure: 'criticism_education',
          reason,
        })
      ).status,
    ).toBe(201);
  });

  it('reports a handed-down problem back up once, and the finding office hears of it', async () => {
    const handedDown = await cityOffice('POST', '/api/v1/problems', {
      campaignId,
      personId: org.personA.id,
      channel: 'cross_visit',
      sourceRound: 1,
      category: 'discipline_work',
      foundByUnitId: org.city.id,
      description: '交叉暗访发现值班室无人值守。',
    });
    expect([handedDown.status, handedDown.body.handling.code]).toEqual([201, 'handed_down']);
    const id = handedDown.body.id as string;
    const report = { result: '已完成整改，建立值班抽查制度。', handling: '对当事民警批评教育。' };

    const rectified = await office(
      'GET',
      `/api/v1/problems?campaignId=${campaignId}&handling=rectify`,
    );
    expect(
      (await office('POST', `/api/v1/problems/${rectified.body.items[0].id}/report-back`, report))
        .status,
    ).toBe(409);
    // The finding office does not report to itself.
    expect((await cityOffice('POST', `/api/v1/problems/${id}/report-back`, report)).status).toBe(
      403,
    );

    smtp.clear();
    const reported = await office('POST', `/api/v1/problems/${id}/report-back`, report);
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      reportBack: report.result,
      reportBackHandling: report.handling,
      reportedBackByPersonId: org.users.office.person.id,
    });
    expect((await office('POST', `/api/v1/problems/${id}/report-back`, report)).status).toBe(409);

    const inbox = await cityOffice('GET', '/api/v1/me/notifications', undefined, {
      'accept-language': 'en',
    });
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: expect.stringContaining('Reported back: item No. ') }),
      ]),
    );
    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail.to).toEqual(['city-office@example.org']);
    expect(mail.subject).toContain('整改情况上报');
    expect(mail.text).not.toContain(org.personA.name);

    const listed = await cityOffice(
      'GET',
      `/api/v1/problems?campaignId=${campaignId}&handling=handed_down`,
    );
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, reportedBackAt: expect.any(String) }),
    ]);
  });

  it('keeps the integrity file for inspectors in scope: everything filed, its read seen from above', async () => {
    const file = await inspector('GET', `/api/v1/people/${leaderId}/integrity-file`, undefined, {
      'accept-language': 'en',
    });
    expect(file.status).toBe(200);
    const requestId = file.headers.get('x-request-id');
    expect(file.body.person).toMatchObject({
      id: leaderId,
      name: '陈支书',
      isLeader: true,
      status: { code: 'active', label: 'Active' },
    });
    expect(file.body.statements.map((s: { version: number }) => s.version)).toEqual([1, 2]);
    expect(JSON.stringify(file.body)).not.toContain(SECRET);
    const listed = await office('GET', `/api/v1/problems?personId=${leaderId}&pageSize=200`);
    expect(file.body.problems.map((p: { id: string }) => p.id).sort()).toEqual(
      listed.body.items.map((p: { id: string }) => p.id).sort(),
    );
    expect(file.body.problems).toHaveLength(3);
    expect(file.body.problems[0]).toMatchObject({
      channel: { code: 'audit', label: 'Audit' },
      category: { code: 'discipline_life', label: 'Life discipline' },
      disclosure: { code: 'suspected_concealment' },
      concealmentFlag: expect.objectContaining({
        status: { code: 'confirmed', label: 'Concealment confirmed' },
      }),
      item: expect.objectContaining({
        description: '八小时以外与辖区企业主频繁往来。',
        status: expect.objectContaining({ code: 'registered' }),
      }),
      handling: expect.objectContaining({ code: 'rectify' }),
      dispositions: [],
    });

    // Inspectors only, in scope.
    expect((await office('GET', `/api/v1/people/${leaderId}/integrity-file`)).status).toBe(403);
    expect((await member('GET', `/api/v1/people/${leaderId}/integrity-file`)).status).toBe(403);
    expect((await inspector('GET', `/api/v1/people/${org.personB.id}/integrity-file`)).status).toBe(
      404,
    );

    // The read is on the trail: the county inspector's own read is for the city to see.
    const trail = await cityInspector(
      'GET',
      `/api/v1/audit?action=read.integrity_file&subjectId=${leaderId}`,
    );
    expect(trail.body.items).toEqual([
      expect.objectContaining({
        actionLabel: '查阅个人廉政档案',
        actor: expect.objectContaining({ id: org.users.inspector.person.id }),
        subjectType: 'person',
        source: requestId,
      }),
    ]);
    const own = await inspector('GET', `/api/v1/audit?action=read.integrity_file`);
    expect(own.body.items).toEqual([]);
  });

  it('shows the office problems, flags and findings, never what a statement says', async () => {
    const answers = await Promise.all([
      office('GET', `/api/v1/problems?campaignId=${campaignId}&pageSize=200`),
      office('GET', `/api/v1/problems?personId=${leaderId}&flagged=true`),
      office('GET', `/api/v1/campaigns/${campaignId}/checklists/${leaderId}`),
      office('GET', `/api/v1/campaigns/${campaignId}/life-meetings`),
      office('GET', `/api/v1/campaigns/${campaignId}/portraits`),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).not.toContain(SECRET);
      expect(JSON.stringify(answer.body)).not.toContain('偶尔与朋友');
    }
    const flagged = answers[1].body.items.map(
      (p: { concealmentFlag: { status: { code: string } } }) => p.concealmentFlag.status.code,
    );
    expect(flagged.sort()).toEqual(['confirmed', 'open']);
    const suspected = await office(
      'GET',
      `/api/v1/problems?campaignId=${campaignId}&disclosure=suspected_concealment`,
    );
    expect(suspected.body.total).toBe(2);
    const portraits = await office(
      'GET',
      `/api/v1/problems?campaignId=${campaignId}&channel=portrait&unitId=${org.branchA.id}`,
    );
    expect(portraits.body.total).toBe(2);
  });

  it('answers 404 for everything outside the caller’s scope', async () => {
    const outside = await admin('POST', '/api/v1/campaigns', {
      title: '西山县教育整顿',
      templateId: EDUCATION,
      coveredUnitId: org.countyB.id,
      startsAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(outside.status).toBe(201);
    const problem = await admin('POST', '/api/v1/problems', {
      campaignId: outside.body.id,
      personId: org.personB.id,
      channel: 'inspection',
      category: 'discipline_work',
      description: '县外问题。',
    });
    expect(problem.status).toBe(201);
    const id = problem.body.id as string;
    const statuses = [
      (await office('GET', `/api/v1/problems/${id}`)).status,
      (
        await inspector('PUT', `/api/v1/problems/${id}/clarification`, {
          clarificationItem: 5,
          reason,
        })
      ).status,
      (
        await inspector('POST', `/api/v1/problems/${id}/dispositions`, {
          form: 1,
          measure: 'reminder_talk',
          reason,
        })
      ).status,
      (
        await office('POST', `/api/v1/problems/${id}/report-back`, {
          result: '无。',
          handling: '无。',
        })
      ).status,
      (await office('GET', `/api/v1/campaigns/${outside.body.id}/checklists/${org.personB.id}`))
        .status,
      (await office('GET', `/api/v1/campaigns/${outside.body.id}/portraits`)).status,
      (
        await office('POST', `/api/v1/campaigns/${outside.body.id}/life-meetings`, {
          unitId: org.branchB.id,
          kind: 'organisational_life',
          heldOn: shanghaiDay(-1),
          title: '组织生活会',
        })
      ).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404]);
    const listed = await office('GET', '/api/v1/problems?pageSize=200');
    expect(listed.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
  });
});
