import {
  eventually,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
/** Four campaign days a second: a month's dispatch every seven or eight seconds. */
const SCALE = 4 * 86_400;

/** `2026-03`: the Shanghai month of an instant. */
const shanghaiMonth = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 7);
/** `2026-Q1`: its quarter. */
const shanghaiQuarter = (iso: string) => {
  const [year, month] = shanghaiMonth(iso).split('-').map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
};

/**
 * The ledger's cadence through the API only, on the real dev server: a rehearsal of 教育整顿
 * with an item left to pass its deadline shows up in the month's dispatch and in the quarter's
 * bulletin, named with the rung that named it; each reader sees the figures of their own units.
 */
describe('monthly dispatches and quarterly bulletins through the API', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];
  let supervisor: ApiTestApp['request'];
  let member: ApiTestApp['request'];
  let otherBranchLeader: ApiTestApp['request'];
  let otherCountyOffice: ApiTestApp['request'];
  let secretary: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    const f = org.factory;
    secretary = (await f.person(org.branchA, { name: '周书记', isLeader: true })).id;
    await f.org.setFirstResponsible(org.branchA.id, secretary);
    const branchA2 = await f.unit(org.countyA, 'party_branch', '东城分局第二党支部');
    const leader2 = await f.account(branchA2, [{ role: 'leader', unit: branchA2 }]);
    const officeB = await f.account(org.countyB, [{ role: 'office', unit: org.countyB }]);
    office = api.as(await api.signIn(org.users.office.username));
    supervisor = api.as(await api.signIn(org.users.supervisor.username));
    member = api.as(await api.signIn(org.users.member.username));
    otherBranchLeader = api.as(await api.signIn(leader2.username));
    otherCountyOffice = api.as(await api.signIn(officeB.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('shows an overdue item in the dispatch and names it in the bulletin with its rung', async () => {
    const launched = await office('POST', '/api/v1/campaigns', {
      title: '2026年教育整顿演练（月调度）',
      templateId: EDUCATION,
      coveredUnitId: org.countyA.id,
      startsAt: '2026-03-02T00:00:00+08:00',
      rehearsal: { timeScale: SCALE },
    });
    expect(launched.status).toBe(201);
    const campaignId = launched.body.id as string;
    const item = await office('POST', '/api/v1/items', {
      campaignId,
      unitId: org.branchA.id,
      personIds: [org.users.member.person.id],
      description: '个别民警上班时间玩手机，工作纪律松弛。',
      source: 'inspection',
      category: 'discipline_work',
    });
    expect(item.status).toBe(201);
    const assigned = await office('POST', `/api/v1/items/${item.body.id}/assign`, {
      responsibleLeaderId: secretary,
      responsibleUnitId: org.branchA.id,
      responsiblePersonId: org.users.member.person.id,
      deadlineWorkingDays: 10,
      acceptanceStandard: '全体民警签订承诺书，连续一个月抽查无违规。',
      expectedEffect: '工作纪律明显好转。',
      measures: '开展专项教育，每周抽查在岗情况。',
      mode: 'by_deadline',
    });
    expect(assigned.status).toBe(200);

    // The deadline passes untouched: the overdue warning, then "named in the next bulletin".
    const register = await eventually(
      async () =>
        (await supervisor('GET', `/api/v1/accountability?campaignId=${campaignId}&pageSize=100`))
          .body,
      (b) => b.entries?.some((e: any) => e.rung.code === 'bulletin'),
      60_000,
    );
    const overdueAt = register.entries.find((e: any) => e.reason?.code === 'overdue').at;
    const namedAt = register.entries.find((e: any) => e.rung.code === 'bulletin').at;
    const month = shanghaiMonth(overdueAt);
    const quarter = shanghaiQuarter(namedAt);

    // That month's dispatch, due at its end in campaign time: seconds later in a rehearsal.
    const dispatches = await eventually(
      async () => (await office('GET', `/api/v1/campaigns/${campaignId}/dispatches`)).body,
      (b) => b.dispatches?.some((d: any) => d.period === month),
      60_000,
    );
    expect(dispatches.dispatches[0]).toMatchObject({
      kind: { code: 'dispatch', label: '月调度' },
      period: '2026-03',
      periodLabel: '2026年3月',
      periodStart: '2026-03-01T16:00:00.000Z',
      periodEnd: '2026-03-31T16:00:00.000Z',
      rehearsal: true,
    });
    expect(dispatches.dispatches[0].totals).toMatchObject({ total: 1, new: 1 });
    const dispatch = dispatches.dispatches.find((d: any) => d.period === month);
    expect(dispatch.totals).toEqual({
      total: 1,
      new: month === '2026-03' ? 1 : 0,
      inProgress: 1,
      submitted: 0,
      closed: 0,
      overdue: 1,
      escalated: Date.parse(namedAt) < Date.parse(dispatch.periodEnd) ? 1 : 0,
      sentBack: 0,
    });
    const branch = dispatch.units.find((u: any) => u.unitId === org.branchA.id);
    expect(branch).toMatchObject({ unitName: '东城分局第一党支部', figures: { overdue: 1 } });
    // Every covered unit reports, those without items with zeros.
    expect(dispatch.units.find((u: any) => u.unitId === org.countyA.id).figures.total).toBe(0);
    expect(dispatches.figureLabels).toMatchObject({ overdue: '逾期未改', new: '本期新增' });

    // The quarter's bulletin names the item with the rung that named it.
    const bulletins = await eventually(
      async () => (await supervisor('GET', `/api/v1/campaigns/${campaignId}/bulletins`)).body,
      (b) => b.bulletins?.some((x: any) => x.period === quarter),
      60_000,
    );
    const q = bulletins.bulletins.find((x: any) => x.period === quarter);
    expect(q).toMatchObject({
      kind: { code: 'bulletin', label: '季通报' },
      totals: { total: 1, overdue: 1 },
      namedUnits: [
        { unitId: org.branchA.id, unitName: '东城分局第一党支部', items: 1, overdue: 1 },
      ],
    });
    expect(q.namedItems).toHaveLength(1);
    const [named] = q.namedItems;
    expect(named).toMatchObject({ itemId: item.body.id, number: 1 });
    expect(named.reasons.map((r: any) => r.code)).toEqual(['overdue', 'escalated']);
    expect(named.rungs[0]).toMatchObject({
      rung: { code: 'bulletin', label: '通报' },
      reason: { code: 'overdue' },
      at: namedAt,
    });

    // In English on request; the stored report reads the same later.
    const en = await office('GET', `/api/v1/campaigns/${campaignId}/bulletins`, undefined, {
      'accept-language': 'en',
    });
    expect(en.body.bulletins[0]).toMatchObject({
      kind: { code: 'bulletin', label: 'Quarterly bulletin' },
      periodLabel: 'Q1 2026',
    });
    const qEn = en.body.bulletins.find((x: any) => x.period === quarter);
    expect(qEn.totals).toEqual(q.totals);
    expect(qEn.namedItems[0].rungs[0].rung.label).toBe('Named in the bulletin');
    const later = await office('GET', `/api/v1/campaigns/${campaignId}/dispatches`);
    expect(later.body.dispatches.find((d: any) => d.period === month)).toEqual(dispatch);

    // At mid-year, the half-year analysis (半年分析, 年中查账): the half's figures, and the
    // item still overdue named as a bulletin names it.
    const analyses = await eventually(
      async () => (await supervisor('GET', `/api/v1/campaigns/${campaignId}/analyses`)).body,
      (b) => b.analyses?.some((x: any) => x.period === '2026-H1'),
      120_000,
    );
    const h1 = analyses.analyses.find((x: any) => x.period === '2026-H1');
    expect(h1).toMatchObject({
      kind: { code: 'analysis', label: '半年分析（年中查账）' },
      periodLabel: '2026年上半年',
      periodStart: '2026-03-01T16:00:00.000Z',
      periodEnd: '2026-06-30T16:00:00.000Z',
      totals: { total: 1, new: 1, overdue: 1 },
    });
    expect(h1.namedItems.map((i: any) => i.itemId)).toEqual([item.body.id]);

    // The office and the supervisors over the campaign are told it is there, with its figures;
    // an office of another county is not.
    const told = async (as: ApiTestApp['request']) =>
      (await as('GET', '/api/v1/me/notifications?pageSize=100')).body.items.filter(
        (n: any) => n.campaignId === campaignId && n.templateKey === 'analysis_produced',
      );
    for (const reader of [office, supervisor]) {
      const [notice] = await eventually(
        () => told(reader),
        (found: any[]) => found.length > 0,
      );
      expect(notice.subject).toBe(
        '【演练】【半年分析】“2026年教育整顿演练（月调度）”2026年上半年分析已形成',
      );
      expect(notice.body).toContain('截至2026年6月30日，问题清单累计1项（本期新增1项）');
      expect(notice.body).toContain('逾期未改1项');
      expect(notice.body).toContain('点名通报问题1项');
      expect(await told(reader)).toHaveLength(1);
    }
    expect(await told(otherCountyOffice)).toEqual([]);

    // The exported ledger carries the analyses on a sheet of their own, Chinese headers.
    const response = await fetch(api.url(`/api/v1/campaigns/${campaignId}/ledger.xlsx`), {
      headers: { authorization: `Bearer ${await api.signIn(org.users.office.username)}` },
    });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['整改台账', '半年分析']);
    const rows = book
      .getWorksheet('半年分析')!
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(String(rows[0][0])).toBe('【演练】2026年教育整顿演练（月调度） 半年分析（年中查账）');
    expect(rows[1]).toEqual([
      '时段',
      '单位',
      '累计问题',
      '本期新增',
      '整改中',
      '待验收',
      '已销号',
      '逾期未改',
      '升级督办',
      '本期退回',
      '点名通报',
    ]);
    const firstHalf = rows.filter((r) => r[0] === '2026年上半年');
    expect(firstHalf.find((r) => r[1] === '东城分局第一党支部')).toEqual([
      '2026年上半年',
      '东城分局第一党支部',
      1,
      1,
      expect.any(Number),
      0,
      0,
      1,
      1,
      0,
      1,
    ]);
    expect(firstHalf.at(-1)?.slice(0, 4)).toEqual(['2026年上半年', '合计', 1, 1]);

    // Scoped like every list: another branch's leader sees the campaign but only their units;
    // a member may not read it; an office of another county does not know it exists.
    const narrow = await otherBranchLeader('GET', `/api/v1/campaigns/${campaignId}/bulletins`);
    expect(narrow.status).toBe(200);
    const narrowQ = narrow.body.bulletins.find((x: any) => x.period === quarter);
    expect(narrowQ.namedItems).toEqual([]);
    expect(narrowQ.namedUnits).toEqual([]);
    expect(narrowQ.totals.total).toBe(0);
    expect(narrowQ.units.map((u: any) => u.unitId)).toEqual([expect.any(String)]);
    expect(narrowQ.units[0].unitId).not.toBe(org.branchA.id);
    expect((await member('GET', `/api/v1/campaigns/${campaignId}/dispatches`)).status).toBe(403);
    expect(
      (await otherCountyOffice('GET', `/api/v1/campaigns/${campaignId}/dispatches`)).status,
    ).toBe(404);
    expect((await office('GET', `/api/v1/campaigns/${crypto.randomUUID()}/bulletins`)).status).toBe(
      404,
    );
  });
});
