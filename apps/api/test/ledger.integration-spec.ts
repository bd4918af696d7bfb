import {
  eventually,
  type SmtpSink,
  type StandardOrganisation,
  standardOrganisation,
  startSmtpSink,
  startTestWorker,
  type TestWorker,
  withNoticesLadder,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
/** Four campaign days a second: the default ladder's ten weeks in under twenty seconds. */
const LADDER_SCALE = 4 * 86_400;
/** The day (Asia/Shanghai) `days` from now: deadlines stay within their campaign's horizon. */
const dayAhead = (days: number) =>
  new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The rectification ledger through the API only, on the real dev server: registration and the
 * six clarities, progress, submission, verification with its conflicts of interest, a
 * send-back, an extension, and — in a rehearsal — the default ladder climbing untouched from
 * the reminders to accountability, each rung once, reaching the people the organisation names.
 */
describe('the rectification ledger through the API', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let smtp: SmtpSink;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let inspector: ApiTestApp['request'];
  let secondInspector: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let supervisor: ApiTestApp['request'];
  let people: Record<'secretary' | 'countySecretary' | 'citySecretary' | 'member', string>;

  const launch = async (title: string, rehearsal?: object, plan?: object) => {
    const res = await office('POST', '/api/v1/campaigns', {
      title,
      ...(plan ? { plan } : { templateId: EDUCATION }),
      coveredUnitId: org.countyA.id,
      startsAt: rehearsal
        ? '2026-03-02T00:00:00+08:00'
        : new Date(Date.now() + 86_400_000).toISOString(),
      ...(rehearsal ? { rehearsal } : {}),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const register = async (campaignId: string, extra: object = {}) => {
    const res = await office('POST', '/api/v1/items', {
      campaignId,
      unitId: org.branchA.id,
      personIds: [people.member],
      description: '个别民警上班时间玩手机，工作纪律松弛。',
      source: 'inspection',
      category: 'discipline_work',
      ...extra,
    });
    expect([res.status, res.body.message]).toEqual([201, undefined]);
    return res.body;
  };
  const assignment = (extra: object = {}) => ({
    responsibleLeaderId: people.secretary,
    responsibleUnitId: org.branchA.id,
    responsiblePersonId: people.member,
    deadlineWorkingDays: 10,
    acceptanceStandard: '全体民警签订承诺书，连续一个月抽查无违规。',
    expectedEffect: '工作纪律明显好转。',
    measures: '开展专项教育，每周抽查在岗情况。',
    mode: 'by_deadline',
    ...extra,
  });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApiTestApp({
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      MAIL_FROM: 'campaign@example.org',
    });
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    const secretary = await f.person(org.branchA, {
      name: '周书记',
      isLeader: true,
      email: 'zhou@example.org',
    });
    const countySecretary = await f.person(org.countyA, {
      name: '吴局长',
      isLeader: true,
      email: 'wu@example.org',
    });
    const citySecretary = await f.person(org.city, {
      name: '郑局长',
      isLeader: true,
      email: 'zheng@example.org',
    });
    await f.org.setFirstResponsible(org.branchA.id, secretary.id);
    await f.org.setFirstResponsible(org.countyA.id, countySecretary.id);
    await f.org.setFirstResponsible(org.city.id, citySecretary.id);
    await api.db.dataSource.query(`UPDATE people SET email = 'member@example.org' WHERE id = $1`, [
      org.users.member.person.id,
    ]);
    people = {
      secretary: secretary.id,
      countySecretary: countySecretary.id,
      citySecretary: citySecretary.id,
      member: org.users.member.person.id,
    };
    const second = await f.account(org.countyA, [{ role: 'inspector', unit: org.countyA }]);
    office = api.as(await api.signIn(org.users.office.username));
    inspector = api.as(await api.signIn(org.users.inspector.username));
    secondInspector = api.as(await api.signIn(second.username));
    member = api.as(await api.signIn(org.users.member.username));
    supervisor = api.as(await api.signIn(org.users.supervisor.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await smtp?.stop();
  });

  it('assigns with the six clarities, takes progress, and closes only by a free inspector', async () => {
    const campaignId = await launch('2026年教育整顿（整改台账）');
    const item = await register(campaignId, {
      personIds: [people.member, org.users.inspector.person.id],
    });
    expect(item).toMatchObject({
      number: 1,
      status: { code: 'registered', label: '已登记' },
      warningLevel: { code: 'green' },
      source: { code: 'inspection' },
    });

    // Nothing of the six clarities given: each is named, and nothing changes.
    const bare = await office('POST', `/api/v1/items/${item.id}/assign`, { mode: 'by_deadline' });
    expect(bare.status).toBe(422);
    expect(bare.body.violations.map((v: any) => v.field).sort()).toEqual(
      [
        'acceptanceStandard',
        'deadline',
        'expectedEffect',
        'measures',
        'responsibleLeaderId',
        'responsiblePersonId',
        'responsibleUnitId',
      ].sort(),
    );
    // Out of the office's scope: a person of county B.
    const outside = await office(
      'POST',
      `/api/v1/items/${item.id}/assign`,
      assignment({ responsiblePersonId: org.personB.id }),
    );
    expect([outside.status, outside.body.violations?.[0]?.field]).toEqual([
      422,
      'responsiblePersonId',
    ]);
    expect((await office('GET', `/api/v1/items/${item.id}`)).body.status.code).toBe('registered');

    const assigned = await office('POST', `/api/v1/items/${item.id}/assign`, assignment());
    expect([assigned.status, assigned.body.message]).toEqual([200, undefined]);
    expect(assigned.body).toMatchObject({
      status: { code: 'assigned' },
      mode: { code: 'by_deadline' },
      responsiblePersonId: people.member,
      acceptanceStandard: '全体民警签订承诺书，连续一个月抽查无违规。',
    });
    expect(assigned.body.deadline).toBe(assigned.body.originalDeadline);
    const again = await office('POST', `/api/v1/items/${item.id}/assign`, assignment());
    expect(again.status).toBe(409);

    // The responsible person reports; someone else may not.
    expect(
      (await office('POST', `/api/v1/items/${item.id}/progress`, { text: '已整改' })).status,
    ).toBe(403);
    const progress = await member('POST', `/api/v1/items/${item.id}/progress`, {
      text: '已开展第一轮专项教育，抽查3次未发现问题。',
    });
    expect([progress.status, progress.body.status?.code]).toEqual([200, 'in_progress']);
    expect(progress.body.reports).toHaveLength(1);
    expect(progress.body.lastProgressAt).not.toBeNull();

    // The member's own list has it; supervisors read it in their subtree.
    expect((await member('GET', '/api/v1/me/items')).body.items.map((i: any) => i.id)).toContain(
      item.id,
    );
    const listed = await supervisor(
      'GET',
      `/api/v1/items?campaignId=${campaignId}&status=in_progress`,
    );
    expect(listed.body.items.map((i: any) => i.id)).toEqual([item.id]);

    // Verification before submission is the wrong state.
    expect(
      (await secondInspector('POST', `/api/v1/items/${item.id}/verify`, { decision: 'close' }))
        .status,
    ).toBe(409);
    const form = new FormData();
    form.append('text', '整改完成，附抽查记录。');
    form.append(
      'files',
      new Blob(['抽查记录：3月份在岗情况良好'], { type: 'text/plain' }),
      'checks.txt',
    );
    const submitted = await member('POST', `/api/v1/items/${item.id}/submit`, form);
    expect([submitted.status, submitted.body.status?.code]).toEqual([200, 'submitted']);
    expect(submitted.body.reports[1].files[0]).toMatchObject({
      fileName: 'checks.txt',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // The inspector concerned in the item may not verify it; a send-back needs its reason.
    const conflicted = await inspector('POST', `/api/v1/items/${item.id}/verify`, {
      decision: 'close',
    });
    expect(conflicted.status).toBe(422);
    const noReason = await secondInspector('POST', `/api/v1/items/${item.id}/verify`, {
      decision: 'send_back',
    });
    expect([noReason.status, noReason.body.violations?.[0]?.field]).toEqual([422, 'reason']);
    const sentBack = await secondInspector('POST', `/api/v1/items/${item.id}/verify`, {
      decision: 'send_back',
      reason: '抽查记录不完整，缺少4月份数据。',
      sendBackReason: 'poor_quality',
    });
    expect([sentBack.status, sentBack.body.status?.code]).toEqual([200, 'sent_back']);
    // A poor-quality send-back is a yellow warning, on the register.
    expect(sentBack.body.warningLevel.code).toBe('yellow');
    expect(sentBack.body.escalations.map((e: any) => [e.kind, e.reason?.code])).toContainEqual([
      'warning',
      'poor_quality',
    ]);

    await member('POST', `/api/v1/items/${item.id}/submit`, { text: '补充4月份抽查记录。' });
    const closed = await secondInspector('POST', `/api/v1/items/${item.id}/verify`, {
      decision: 'close',
    });
    expect([closed.status, closed.body.status?.code]).toEqual([200, 'closed']);
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.warningLevel.code).toBe('green');

    const timeline = await office('GET', `/api/v1/items/${item.id}/timeline`, undefined, {
      'accept-language': 'en',
    });
    const kinds = timeline.body.entries.map((e: any) => e.kind.code);
    expect(kinds).toEqual([
      'registered',
      'assigned',
      'progress_reported',
      'submitted',
      'verified',
      'submitted',
      'verified',
    ]);
    expect(timeline.body.entries[4]).toMatchObject({
      actorPersonId: expect.any(String),
      status: { code: 'sent_back', label: 'Sent back' },
      details: {
        decision: 'send_back',
        reason: 'poor_quality',
        note: '抽查记录不完整，缺少4月份数据。',
      },
    });

    // The ledger as offices keep it in Excel: Chinese headers, one row per item; English on request.
    const workbook = async (language?: string) => {
      const response = await fetch(api.url(`/api/v1/campaigns/${campaignId}/ledger.xlsx`), {
        headers: {
          authorization: `Bearer ${await api.signIn(org.users.office.username)}`,
          ...(language ? { 'accept-language': language } : {}),
        },
      });
      expect(response.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await response.arrayBuffer());
      const sheet = book.worksheets[0];
      return [1, 2, 3].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    };
    const [title, headers, row] = await workbook();
    expect(String(title[0])).toContain('2026年教育整顿（整改台账）');
    expect(headers).toEqual([
      '序号',
      '问题',
      '来源',
      '单位',
      '涉及人员',
      '责任领导',
      '责任部门',
      '责任人',
      '整改时限',
      '验收标准',
      '预期效果',
      '整改措施',
      '最新进展',
      '状态',
      '预警等级',
      '销号日期',
      '问题类别',
      '整改方式',
    ]);
    expect(row.slice(0, 3)).toEqual([1, '个别民警上班时间玩手机，工作纪律松弛。', '巡视巡察']);
    expect(row[6]).toBe(org.branchA.name);
    expect(row.slice(12, 14)).toEqual(['补充4月份抽查记录。', '已销号']);
    const [, english] = await workbook('en');
    expect(english[0]).toBe('No.');

    // The look-back is another inspector's: the verifier may not; a rebound reopens the item
    // with its history and counts as a repeat offence. The office writes the case's summary.
    const own = await secondInspector('POST', `/api/v1/items/${item.id}/look-back`, {
      outcome: 'confirmed',
      note: '未见反弹。',
    });
    expect([own.status, own.body.violations?.[0]?.field]).toEqual([422, 'by']);
    const summary = await office('POST', `/api/v1/items/${item.id}/summary`, {
      text: '抽查制度执行不严，检查流于形式。',
      loopholeTag: '抽查制度',
    });
    expect(summary.status).toBe(200);
    const third = await org.factory.account(org.countyA, [
      { role: 'inspector', unit: org.countyA },
    ]);
    const lookingBack = api.as(await api.signIn(third.username));
    const tooLate = await lookingBack('POST', `/api/v1/items/${item.id}/look-back`, {
      outcome: 'rebound',
      newDeadline: '9999-12-31',
      note: '回头看发现上班玩手机问题反弹。',
    });
    expect([tooLate.status, tooLate.body.violations?.[0]?.rule]).toEqual([
      422,
      'deadline_beyond_horizon',
    ]);
    const rebound = await lookingBack('POST', `/api/v1/items/${item.id}/look-back`, {
      outcome: 'rebound',
      newDeadline: dayAhead(120),
      note: '回头看发现上班玩手机问题反弹。',
    });
    expect([rebound.status, rebound.body.violations]).toEqual([200, undefined]);
    expect(rebound.body).toMatchObject({
      status: { code: 'reopened' },
      warningLevel: { code: 'red' },
      repeatOffences: 1,
    });
    expect(rebound.body.reports.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['completion', 'summary', 'look_back']),
    );

    // Someone outside: county B's person cannot see it; a member not concerned neither.
    const outsider = await org.factory.account(org.branchB, [
      { role: 'member', unit: org.branchB },
    ]);
    const stranger = api.as(await api.signIn(outsider.username));
    expect((await stranger('GET', `/api/v1/items/${item.id}`)).status).toBe(404);
    expect((await stranger('GET', `/api/v1/items/${item.id}/timeline`)).status).toBe(404);
  });

  it('imports a ledger file whole or not at all, once, and its items run', async () => {
    const campaignId = await launch('2026年教育整顿（台账导入）');
    const [member] = await api.db.dataSource.query(
      `SELECT name, staff_number FROM people WHERE id = $1`,
      [people.member],
    );
    const memberRef = `${member.name}（${member.staff_number}）`;
    const header = ['序号', '问题', '来源', '问题类别', '单位', '涉及人员', '责任领导', '责任部门'];
    const more = ['责任人', '整改时限', '验收标准', '预期效果', '整改措施'];
    const csv = (rows: string[][]) =>
      Buffer.from(
        [[...header, ...more], ...rows]
          .map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(','))
          .join('\r\n'),
      );
    const plain = [
      '1',
      '个别民警工作日午间饮酒。',
      '巡视巡察',
      '工作纪律',
      org.branchA.name,
      memberRef,
    ];
    const assigned = [
      '2',
      '执法记录仪使用不规范，部分警情无录像。',
      '审计',
      '工作纪律',
      org.branchA.name,
      '',
      '周书记',
      org.branchA.name,
      memberRef,
      '20个工作日',
      '执法记录仪全程录像，抽查合格率100%。',
      '执法规范化水平明显提升。',
      '开展执法记录仪专项检查，每周通报。',
    ];
    const upload = async (file: Buffer, query = '') => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'ledger.csv');
      return office('POST', `/api/v1/campaigns/${campaignId}/ledger/import${query}`, form);
    };
    const items = async () =>
      (await office('GET', `/api/v1/items?campaignId=${campaignId}`)).body.items as Array<{
        number: number;
        status: { code: string };
        deadline: string | null;
        starting: boolean;
      }>;

    // Every problem of the file, by row and column; nothing registered.
    const broken = await upload(
      csv([
        plain,
        assigned.map((c, i) => (i === 10 ? '' : c)),
        ['1', '重复的序号。', '巡视巡察', '工作纪律', '不存在的派出所'],
        ['4', '来源不明。', '小道消息', '工作纪律', org.branchA.name],
        [
          '5',
          '整改时限写错。',
          '审计',
          '工作纪律',
          org.branchA.name,
          '',
          '周书记',
          org.branchA.name,
          memberRef,
          '月底前',
          '标准',
          '效果',
          '措施',
        ],
      ]),
    );
    expect(broken.status).toBe(422);
    expect(
      broken.body.problems.map((p: { row: number; column: string }) => `${p.row}!${p.column}`),
    ).toEqual(['3!验收标准', '4!序号', '4!单位', '5!来源', '6!整改时限']);
    expect(await items()).toEqual([]);

    // A dry run counts and writes nothing; the import registers, assigns, and starts every item.
    const file = csv([plain, assigned]);
    const dry = await upload(file, '?dryRun=true');
    expect(dry.body).toMatchObject({ dryRun: true, importId: null, rows: 2, created: 2 });
    expect(await items()).toEqual([]);
    const done = await upload(file);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ dryRun: false, rows: 2, created: 2, unchanged: 0 });
    const status = `/api/v1/campaigns/${campaignId}/ledger/imports/${done.body.importId}`;
    await eventually(
      async () => (await office('GET', status)).body.starting,
      (starting) => starting === 0,
    );
    const running = await eventually(items, (list) => list[1]?.status.code === 'assigned');
    expect(running.map((i) => [i.number, i.status.code, i.starting])).toEqual([
      [1, 'registered', false],
      [2, 'assigned', false],
    ]);
    expect(running[1].deadline).not.toBeNull();

    // The same file again is the same import; a new row next to an imported one adds only it;
    // an imported row changed is refused, naming its 序号.
    const again = await upload(file);
    expect(again.body).toMatchObject({ importId: done.body.importId, created: 2 });
    const next = await upload(
      csv([plain, ['3', '值班记录填写不全。', '审计', '工作纪律', org.branchA.name]]),
    );
    expect(next.body).toMatchObject({ created: 1, unchanged: 1 });
    const changed = await upload(csv([plain.map((c, i) => (i === 1 ? '改过的描述。' : c))]));
    expect([changed.status, changed.body.problems?.[0]]).toMatchObject([
      422,
      { row: 2, column: '序号' },
    ]);
    expect(await items()).toHaveLength(3);

    // Supervisors see where each unit stands: three items of branch A, one of them assigned.
    const standing = await supervisor('GET', `/api/v1/campaigns/${campaignId}/ledger/units`);
    expect(standing.status).toBe(200);
    expect(standing.body.units).toEqual([
      expect.objectContaining({ unitId: org.branchA.id, total: 3, overdue: 0, escalated: 0 }),
    ]);
    const counts = Object.fromEntries(
      standing.body.units[0].byStatus.map((b: any) => [b.status.code, b.count]),
    );
    expect(counts).toMatchObject({ registered: 2, assigned: 1, closed: 0 });

    // Others may not import into this campaign.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'ledger.csv');
    expect(
      (await inspector('POST', `/api/v1/campaigns/${campaignId}/ledger/import`, form)).status,
    ).toBe(403);

    // A registration retried with its Idempotency-Key is the same item, never a second one.
    const body = {
      campaignId,
      unitId: org.branchA.id,
      personIds: [],
      description: '窗口单位服务态度生硬。',
      source: 'tip_off',
      category: 'discipline_mass',
    };
    const headers = { 'idempotency-key': 'register-window-1' };
    const once = await office('POST', '/api/v1/items', body, headers);
    const twice = await office('POST', '/api/v1/items', body, headers);
    expect([once.status, twice.status, twice.body.id]).toEqual([201, 201, once.body.id]);
    const other = await office(
      'POST',
      '/api/v1/items',
      { ...body, description: '另一问题。' },
      headers,
    );
    expect([other.status, other.body.violations?.[0]?.field]).toEqual([422, 'Idempotency-Key']);
    expect(await items()).toHaveLength(4);
  });

  it('moves the deadline only by an approved extension, keeping the original', async () => {
    const campaignId = await launch('2026年教育整顿（延期）');
    const item = await register(campaignId);
    const assigned = await office('POST', `/api/v1/items/${item.id}/assign`, assignment());
    const original = assigned.body.deadline as string;
    const asked = await member('POST', `/api/v1/items/${item.id}/extensions`, {
      newDeadline: dayAhead(90),
      reason: '需协调上级部门，时间不足。',
    });
    expect([asked.status, asked.body.extensions?.[0]?.status]).toEqual([201, 'pending']);
    const pending = await member('POST', `/api/v1/items/${item.id}/extensions`, {
      newDeadline: dayAhead(100),
      reason: '再次申请。',
    });
    expect(pending.status).toBe(409);
    expect((await office('GET', `/api/v1/items/${item.id}`)).body.extensions).toHaveLength(1);

    const eid = asked.body.extensions[0].id as string;
    const approved = await inspector(
      'POST',
      `/api/v1/items/${item.id}/extensions/${eid}/decision`,
      {
        decision: 'approve',
        reason: '情况属实。',
      },
    );
    expect([approved.status, approved.body.message]).toEqual([200, undefined]);
    expect(approved.body.originalDeadline).toBe(original);
    expect(approved.body.deadline).not.toBe(original);
    expect(approved.body.deadline.slice(0, 10)).toBe(dayAhead(90));
    expect(approved.body.cumulativeDelayDays).toBeGreaterThan(0);
    expect(approved.body.extensions[0]).toMatchObject({
      status: 'approved',
      decisionReason: '情况属实。',
    });
    const twice = await inspector('POST', `/api/v1/items/${item.id}/extensions/${eid}/decision`, {
      decision: 'refuse',
    });
    expect(twice.status).toBe(409);
  });

  it('bounds deadlines to the campaign and its horizon on assign, extensions and import (422 naming the last day)', async () => {
    const campaignId = await launch('2026年教育整顿（时限上限）');
    const campaign = await office('GET', `/api/v1/campaigns/${campaignId}`);
    const end = Math.max(
      ...campaign.body.phases.map((p: { endsAt: string }) => Date.parse(p.endsAt)),
    );
    const horizonDays = api.config.ledger.deadlineHorizonDays;
    const latest = new Date(end + horizonDays * 86_400_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    const dayAfter = new Date(Date.parse(`${latest}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const beyond = (res: { status: number; body: any }, field: string) => {
      expect(res.status).toBe(422);
      expect(res.body.violations).toEqual([
        { field, rule: 'deadline_beyond_horizon', message: expect.stringContaining(latest) },
      ]);
    };

    const item = await register(campaignId);
    beyond(
      await office(
        'POST',
        `/api/v1/items/${item.id}/assign`,
        assignment({ deadline: '9999-12-31', deadlineWorkingDays: undefined }),
      ),
      'deadline',
    );
    beyond(
      await office(
        'POST',
        `/api/v1/items/${item.id}/assign`,
        assignment({ deadline: dayAfter, deadlineWorkingDays: undefined }),
      ),
      'deadline',
    );
    const assigned = await office(
      'POST',
      `/api/v1/items/${item.id}/assign`,
      assignment({ deadline: latest, deadlineWorkingDays: undefined }),
    );
    expect([assigned.status, assigned.body.message]).toEqual([200, undefined]);

    beyond(
      await member('POST', `/api/v1/items/${item.id}/extensions`, {
        newDeadline: '9999-12-31',
        reason: '时间不足。',
      }),
      'newDeadline',
    );
    expect((await office('GET', `/api/v1/items/${item.id}`)).body.extensions).toHaveLength(0);
    // An extension asked within the horizon… but approved for another day beyond it.
    const early = await office(
      'POST',
      `/api/v1/items/${(await register(campaignId)).id}/assign`,
      assignment(),
    );
    const asked = await member('POST', `/api/v1/items/${early.body.id}/extensions`, {
      newDeadline: dayAhead(60),
      reason: '需协调上级部门，时间不足。',
    });
    expect(asked.status).toBe(201);
    const eid = asked.body.extensions[0].id as string;
    beyond(
      await inspector('POST', `/api/v1/items/${early.body.id}/extensions/${eid}/decision`, {
        decision: 'approve',
        deadline: '9999-12-31',
      }),
      'deadline',
    );
    expect((await office('GET', `/api/v1/items/${early.body.id}`)).body.extensions[0].status).toBe(
      'pending',
    );

    // The import: its dry run and its real run refuse the row alike, by row and column.
    const [person] = await api.db.dataSource.query(
      `SELECT name, staff_number FROM people WHERE id = $1`,
      [people.member],
    );
    const header = [
      '序号',
      '问题',
      '来源',
      '问题类别',
      '单位',
      '涉及人员',
      '责任领导',
      '责任部门',
      '责任人',
      '整改时限',
      '验收标准',
      '预期效果',
      '整改措施',
    ];
    const row = [
      '1',
      '执法记录仪使用不规范。',
      '审计',
      '工作纪律',
      org.branchA.name,
      '',
      '周书记',
      org.branchA.name,
      `${person.name}（${person.staff_number}）`,
      '9999-12-31',
      '抽查合格率100%。',
      '执法规范化水平提升。',
      '每周通报。',
    ];
    const file = Buffer.from(
      [header, row].map((r) => r.map((c) => `"${c}"`).join(',')).join('\r\n'),
    );
    for (const query of ['?dryRun=true', '']) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'ledger.csv');
      const res = await office(
        'POST',
        `/api/v1/campaigns/${campaignId}/ledger/import${query}`,
        form,
      );
      expect(res.status).toBe(422);
      expect(res.body.problems).toEqual([
        expect.objectContaining({
          row: 2,
          column: '整改时限',
          message: expect.stringContaining(latest),
        }),
      ]);
    }
    expect((await office('GET', `/api/v1/items?campaignId=${campaignId}`)).body.total).toBe(2);
  });

  it('keeps a request whose answer outlived the deadline: the move is made, and decided later', async () => {
    const campaignId = await launch('2026年教育整顿（延期超时）');
    const item = await register(campaignId);
    expect((await office('POST', `/api/v1/items/${item.id}/assign`, assignment())).status).toBe(
      200,
    );
    const ask = { newDeadline: dayAhead(90), reason: '需协调上级部门，时间不足。' };
    // A refusal still takes its row away: a deadline before the one in force is a broken rule.
    const refused = await member('POST', `/api/v1/items/${item.id}/extensions`, {
      ...ask,
      newDeadline: '2020-01-31',
    });
    expect(refused.status).toBe(422);
    expect((await office('GET', `/api/v1/items/${item.id}`)).body.extensions).toEqual([]);

    // An API that waits 1.5 s for Temporal, and no worker to take the request meanwhile.
    const impatient = await startApiTestApp({ TEMPORAL_UPDATE_TIMEOUT_MS: '1500' }, { db: api.db });
    try {
      await worker.stop();
      const late = await impatient.as(await impatient.signIn(org.users.member.username))(
        'POST',
        `/api/v1/items/${item.id}/extensions`,
        ask,
      );
      expect(late.status).toBe(503);
    } finally {
      worker = await startTestWorker(api.config, api.db.dataSource);
      await impatient.close();
    }
    // The update went on in Temporal and the workflow took it once the worker was back.
    await eventually(
      () => office('GET', `/api/v1/items/${item.id}/timeline`),
      (res) => res.body.entries?.some((e: any) => e.kind.code === 'extension_requested'),
    );
    const shown = await office('GET', `/api/v1/items/${item.id}`);
    expect(shown.body.extensions).toMatchObject([{ status: 'pending' }]);
    const decided = await inspector(
      'POST',
      `/api/v1/items/${item.id}/extensions/${shown.body.extensions[0].id}/decision`,
      { decision: 'approve', reason: '情况属实。' },
    );
    expect([decided.status, decided.body.message]).toEqual([200, undefined]);
    expect(decided.body.deadline.slice(0, 10)).toBe(dayAhead(90));
  });

  it('names a parked item in its detail and on /health, and lets the office retry it', async () => {
    const campaignId = await launch('2026年教育整顿（暂停待处理）');
    const item = await register(campaignId);
    expect((await office('POST', `/api/v1/items/${item.id}/assign`, assignment())).status).toBe(
      200,
    );
    expect((await office('GET', `/api/v1/items/${item.id}`)).body.parked).toBeNull();
    expect((await office('POST', `/api/v1/items/${item.id}/retry`)).status).toBe(409);
    // As the worker marks it when a step fails for good (item-workflow.integration-spec).
    await api.db.dataSource.query(
      `UPDATE ledger_items SET parked_at = now(), parked_reason = 'BadData SQLSTATE 23514'
       WHERE id = $1`,
      [item.id],
    );
    const detail = await office('GET', `/api/v1/items/${item.id}`);
    expect(detail.body.parked).toMatchObject({ reason: 'BadData SQLSTATE 23514' });
    const health = await api.request('GET', '/health');
    // Degraded, not down: everything else works, and the retry route must stay reachable.
    expect(health.status).toBe(200);
    expect(health.body.checks.ledger).toMatchObject({ status: 'degraded' });
    expect(health.body.checks.ledger.parkedItems).toBeGreaterThanOrEqual(1);
    expect(health.body.checks.ledger.itemIds).toContain(item.id);
    expect((await inspector('POST', `/api/v1/items/${item.id}/retry`)).status).toBe(403);
    const retried = await office('POST', `/api/v1/items/${item.id}/retry`);
    expect(retried.status).toBe(202);
    // The next step recorded clears the mark (here: the responsible person's report).
    const report = await member('POST', `/api/v1/items/${item.id}/progress`, { text: '已整改。' });
    expect(report.status).toBe(200);
    expect(report.body.parked).toBeNull();
    expect((await api.request('GET', '/health')).body.checks.ledger.itemIds).not.toContain(item.id);
  });

  it('climbs a ladder of notices untouched to accountability, each rung once, in a rehearsal', async () => {
    // A plan may make every rung fire by itself (`decisions: {}`), as campaigns launched before
    // decisions on the ladder do; the seeds' desks are decisions.integration-spec's.
    const template = await office('GET', `/api/v1/plan-templates/${EDUCATION}`);
    const plan = withNoticesLadder(template.body.plan);
    const campaignId = await launch(
      '2026年教育整顿演练（整改台账）',
      { timeScale: LADDER_SCALE, sendEmail: true },
      plan,
    );
    const item = await register(campaignId);
    expect(item.rehearsal).toBe(true);
    const assigned = await office('POST', `/api/v1/items/${item.id}/assign`, assignment());
    expect(assigned.status).toBe(200);

    const register_ = await eventually(
      async () =>
        (await inspector('GET', `/api/v1/accountability?campaignId=${campaignId}&pageSize=100`))
          .body,
      (b) => b.entries?.some((e: any) => e.rung.code === 'accountability'),
      60_000,
    );
    const entries = [...register_.entries].reverse(); // oldest first
    expect(entries.map((e: any) => e.rung.code)).toEqual([
      'reminder',
      'reminder',
      'warning',
      'bulletin',
      'supervision_order',
      'admonishment_talk',
      'stationed_supervision',
      'accountability',
    ]);
    expect(entries.every((e: any) => e.rehearsal && e.itemId === item.id)).toBe(true);
    const order = entries.find((e: any) => e.rung.code === 'supervision_order');
    expect(order.documentNumber).toBe('督〔2026〕1号');
    // Accountability reaches the person, their leader and the first responsible two levels up.
    const accountability = entries.at(-1);
    const reached = accountability.recipients.map((r: any) => r.personId);
    expect(reached).toEqual(
      expect.arrayContaining([
        people.member,
        people.secretary,
        people.countySecretary,
        people.citySecretary,
      ]),
    );
    expect(accountability.accountable).toEqual(expect.arrayContaining([people.member]));
    // Every entry's messages were delivered to the inbox (and queued or sent by mail).
    for (const entry of entries) {
      expect(
        entry.deliveries.some((d: any) => d.channel === 'inbox' && d.status === 'delivered'),
      ).toBe(true);
    }

    const detail = await office('GET', `/api/v1/items/${item.id}`);
    expect(detail.body).toMatchObject({
      rung: { code: 'accountability' },
      warningLevel: { code: 'red' },
      overdue: true,
    });
    // The responsible person got a mail for each reminder and rung, each once.
    const mails = await eventually(
      async () =>
        smtp.received.filter(
          (m) =>
            m.to.includes('member@example.org') &&
            m.text.includes('2026年教育整顿演练（整改台账）') &&
            m.subject.includes('第1项问题'),
        ),
      (m) => m.some((x) => x.subject.includes('问责')),
    );
    const subjects = mails.map((m) => m.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects.every((s) => s.startsWith('【演练】'))).toBe(true);
    // From the office that issued the campaign, under its own name; the warning says 红色预警.
    expect(mails.every((m) => m.from.includes(`${org.countyA.name}活动办`))).toBe(true);
    expect(subjects.some((s) => s.includes('【红色预警】第1项问题“'))).toBe(true);
    // Assigned, two reminders, the red warning, five rungs.
    expect(subjects).toHaveLength(9);

    // The register is scoped: a member has no access, an office is not among its readers.
    expect((await member('GET', '/api/v1/accountability')).status).toBe(403);
    const filtered = await supervisor(
      'GET',
      `/api/v1/accountability?campaignId=${campaignId}&rung=supervision_order`,
    );
    expect(filtered.body.entries).toHaveLength(1);

    // The talk the ladder called for is recorded by the inspector: day, attendees, outcome.
    const talk = await inspector('POST', `/api/v1/items/${item.id}/talks`, {
      heldOn: '2026-05-12',
      attendeeIds: [people.secretary, people.member],
      outcome: '责令限期整改，作出书面检查。',
    });
    expect(talk.status).toBe(200);
    expect(talk.body.reports.at(-1)).toMatchObject({
      kind: 'talk',
      text: '责令限期整改，作出书面检查。',
      details: { heldOn: '2026-05-12', attendeeIds: [people.secretary, people.member] },
    });
  });
});
