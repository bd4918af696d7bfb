import { AccountRepository, OrgRepository, type UnitEntity } from '@campaign/persistence';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { hashPassword } from '../src/auth/passwords.js';
import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const UNIT_HEADERS = [
  '单位编码 Unit code',
  '单位名称 Unit name',
  '单位类型 Unit kind',
  '上级单位编码 Parent unit code',
  '第一责任人工号 First responsible staff number',
  '班子成员 Committee members',
];
const PEOPLE_HEADERS = [
  '工号 Staff number',
  '姓名 Name',
  '单位编码 Unit code',
  '职务 Position',
  '电子邮箱 Email',
  '联系电话 Phone',
  '领导干部 Leader',
  '重点人员 Key person',
  '重点人员类别 Key person reasons',
  '状态 Status',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PASSWORD = 'import-test-密码-123';

/** A workbook as an office would fill in the template. */
async function workbook(units: string[][], people: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const unitSheet = book.addWorksheet('单位 Units');
  unitSheet.addRow(UNIT_HEADERS);
  for (const row of units) unitSheet.addRow(row);
  const peopleSheet = book.addWorksheet('人员 People');
  peopleSheet.addRow(PEOPLE_HEADERS);
  for (const row of people) peopleSheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function csv(rows: string[][]): Buffer {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`);
}

describe('org import (.xlsx / .csv) against real PostgreSQL', () => {
  let api: ApiTestApp;
  let org: OrgRepository;
  let token: string;
  let city: UnitEntity;
  let county: UnitEntity;
  let otherCounty: UnitEntity;

  beforeAll(async () => {
    api = await startApiTestApp();
    org = new OrgRepository(api.db.dataSource);
    city = await org.createUnit({
      code: 'SGAJ',
      name: '市公安局',
      kind: 'city_bureau',
      parentId: null,
    });
    county = await org.createUnit({
      code: 'CGFJ',
      name: '城关分局',
      kind: 'county_bureau',
      parentId: city.id,
    });
    otherCounty = await org.createUnit({
      code: 'KFQFJ',
      name: '开发区分局',
      kind: 'county_bureau',
      parentId: city.id,
    });
    const officer = await org.createPerson({
      staffNumber: 'OFFICE-1',
      name: '陈静',
      unitId: county.id,
      position: '活动办主任',
      email: null,
      phone: null,
      isLeader: false,
      isKeyPerson: false,
      keyPersonReasons: [],
      status: 'active',
    });
    await org.createPerson({
      staffNumber: 'KFQ-001',
      name: '赵强',
      unitId: otherCounty.id,
      position: '民警',
      email: null,
      phone: null,
      isLeader: false,
      isKeyPerson: false,
      keyPersonReasons: [],
      status: 'active',
    });
    await new AccountRepository(api.db.dataSource).upsert({
      username: 'import-office',
      passwordHash: await hashPassword(PASSWORD),
      personId: officer.id,
    });
    await org.grant(officer.id, 'office', county.id, null);
    const login = await api.request('POST', '/api/v1/auth/login', {
      username: 'import-office',
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    token = login.body.accessToken;
  });

  afterAll(async () => {
    await api?.close();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });

  async function upload(
    file: Buffer,
    name: string,
    query = '',
  ): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), name);
    const response = await fetch(api.url(`/api/v1/import${query}`), {
      method: 'POST',
      headers: auth(),
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }

  async function counts() {
    const [row] = await api.db.dataSource.query(
      `SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM people)::int AS people,
              (SELECT count(*) FROM unit_committee_members)::int AS committee,
              (SELECT max(updated_at) FROM units) AS units_at, (SELECT max(updated_at) FROM people) AS people_at`,
    );
    return row;
  }

  const unit = async (code: string) =>
    (
      await api.db.dataSource.query('SELECT *, path::text AS path FROM units WHERE code = $1', [
        code,
      ])
    )[0];
  const person = async (staffNumber: string) =>
    (
      await api.db.dataSource.query('SELECT * FROM people WHERE staff_number = $1', [staffNumber])
    )[0];
  const label = (id: string) => id.replaceAll('-', '');

  // A small tree under the office's county: a brigade with a party branch, and four people.
  const TREE_UNITS = [
    [
      'CGFJ-XZDD',
      '刑侦大队',
      '科室',
      'CGFJ',
      'CG-1001',
      'CG-1002:队伍建设、党风廉政;CG-1003:刑事侦查',
    ],
    ['CGFJ-XZDD-DZB', '刑侦大队党支部', 'party_branch', 'CGFJ-XZDD', '', ''],
  ];
  const TREE_PEOPLE = [
    [
      'CG-1001',
      '王建国',
      'CGFJ-XZDD',
      '大队长',
      'wangjg@example.com',
      '13800138001',
      '是',
      '是',
      '管人、廉政风险岗位',
      '在职',
    ],
    ['CG-1002', '李秀英', 'CGFJ-XZDD', '教导员', '', '', 'yes', 'no', '', 'active'],
    ['CG-1003', '刘洋', 'CGFJ-XZDD', '副大队长', '', '', '1', '0', '', ''],
    [
      'CG-1004',
      '孙丽',
      'CGFJ-XZDD-DZB',
      '民警',
      '',
      '0571-87654321',
      '否',
      'true',
      'money, Manages goods',
      '已离开',
    ],
  ];

  it('GET /import/template returns the workbook with both sheets and bilingual headers', async () => {
    const response = await fetch(api.url('/api/v1/import/template'), { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[^"]+\.xlsx"/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const units = book.getWorksheet('单位 Units')!;
    const people = book.getWorksheet('人员 People')!;
    expect((units.getRow(1).values as unknown[]).slice(1)).toEqual(UNIT_HEADERS);
    expect((people.getRow(1).values as unknown[]).slice(1)).toEqual(PEOPLE_HEADERS);
    expect(units.getRow(2).getCell(2).value).toBe('刑侦支队');
    expect(people.getRow(2).getCell(2).value).toBe('张伟');
    expect(units.getColumn(2).width).toBeGreaterThanOrEqual(20);
  });

  it('GET /import/template?format=csv&sheet=people returns that sheet as UTF-8 CSV', async () => {
    const response = await fetch(api.url('/api/v1/import/template?format=csv&sheet=people'), {
      headers: auth(),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/filename="[^"]+\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, example] = bytes.toString('utf8').slice(1).split('\r\n');
    expect(header).toBe(PEOPLE_HEADERS.join(','));
    expect(example).toContain('张伟');

    const noSheet = await fetch(api.url('/api/v1/import/template?format=csv'), { headers: auth() });
    expect(noSheet.status).toBe(400);
  });

  it('refuses callers who are not signed in', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await workbook([], []))]), 'roster.xlsx');
    const response = await fetch(api.url('/api/v1/import'), { method: 'POST', body: form });
    expect(response.status).toBe(401);
  });

  it('answers 400 for a file that is neither .xlsx nor CSV, and 413 above 10 MB', async () => {
    expect((await upload(Buffer.from('%PDF-1.7'), 'roster.pdf')).status).toBe(400);
    expect((await upload(Buffer.from('PK\x03\x04 not a zip'), 'roster.xlsx')).status).toBe(400);
    const big = await upload(Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), 'big.csv');
    expect(big.status).toBe(413);
  });

  it('imports a tree of units and people: parents, paths, leadership and flags', async () => {
    const file = await workbook(TREE_UNITS, TREE_PEOPLE);
    const res = await upload(file, 'roster.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: false,
      units: { created: 2, updated: 0, unchanged: 0 },
      people: { created: 4, updated: 0, unchanged: 0 },
    });

    const brigade = await unit('CGFJ-XZDD');
    const branch = await unit('CGFJ-XZDD-DZB');
    expect(brigade).toMatchObject({ name: '刑侦大队', kind: 'department', parent_id: county.id });
    expect(brigade.path).toBe(`${county.path}.${label(brigade.id)}`);
    expect(branch).toMatchObject({ kind: 'party_branch', parent_id: brigade.id });
    expect(branch.path).toBe(`${brigade.path}.${label(branch.id)}`);

    const chief = await person('CG-1001');
    expect(chief).toMatchObject({
      unit_id: brigade.id,
      position: '大队长',
      email: 'wangjg@example.com',
      phone: '13800138001',
      is_leader: true,
      is_key_person: true,
      key_person_reasons: ['personnel', 'high_risk_post'],
      status: 'active',
      left_at: null,
    });
    expect(await person('CG-1002')).toMatchObject({ is_leader: true, is_key_person: false });
    const left = await person('CG-1004');
    expect(left).toMatchObject({
      unit_id: branch.id,
      phone: '0571-87654321',
      key_person_reasons: ['money', 'goods'],
      status: 'left',
    });
    expect(left.left_at).not.toBeNull();

    expect(brigade.first_responsible_person_id).toBe(chief.id);
    const committee = await org.committeeOf([brigade.id]);
    const deputy = await person('CG-1003');
    const instructor = await person('CG-1002');
    expect(committee).toEqual(
      expect.arrayContaining([
        { unitId: brigade.id, personId: instructor.id, areas: ['队伍建设', '党风廉政'] },
        { unitId: brigade.id, personId: deputy.id, areas: ['刑事侦查'] },
      ]),
    );
    expect(committee).toHaveLength(2);
  });

  it('re-importing the same file changes nothing, not even updated_at', async () => {
    const before = await counts();
    const rows = await api.db.dataSource.query(
      "SELECT code, updated_at FROM units WHERE code LIKE 'CGFJ-%' ORDER BY code",
    );
    const res = await upload(await workbook(TREE_UNITS, TREE_PEOPLE), 'roster.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: false,
      units: { created: 0, updated: 0, unchanged: 2 },
      people: { created: 0, updated: 0, unchanged: 4 },
    });
    expect(await counts()).toEqual(before);
    expect(
      await api.db.dataSource.query(
        "SELECT code, updated_at FROM units WHERE code LIKE 'CGFJ-%' ORDER BY code",
      ),
    ).toEqual(rows);
  });

  it('lists every problem of a bad file with its row and column, and writes nothing', async () => {
    const before = await counts();
    const file = await workbook(
      [
        ['CGFJ-ZAK', '治安科', '科室', 'CGFJ', '', ''],
        ['CGFJ-ZAK', '治安科二', '科室', 'CGFJ', '', ''],
        ['bad code!', '坏编码', '科室', 'CGFJ', '', ''],
        ['CGFJ-JJK', '', '飞机', 'CGFJ', 'NOBODY', ''],
        ['CGFJ-BAK', '巡特警大队', '科室', 'NOPE', '', ''],
      ],
      [
        ['', '无工号', 'CGFJ-ZAK'],
        ['CG-2001', '周杰', 'NOPE', '', 'not-an-email'],
        ['CG-2001', '周杰', 'CGFJ-ZAK'],
        ['CG-2002', '吴敏', 'CGFJ-ZAK', '', '', '', 'maybe', '', '', '出差'],
      ],
    );
    const res = await upload(file, 'roster.xlsx');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'rule_broken' });
    expect(typeof res.body.message).toBe('string');
    const where = res.body.problems.map((e: any) => [e.sheet, e.row, e.column]);
    expect(where).toEqual([
      ['单位 Units', 3, '单位编码 Unit code'],
      ['单位 Units', 4, '单位编码 Unit code'],
      ['单位 Units', 5, '单位名称 Unit name'],
      ['单位 Units', 5, '单位类型 Unit kind'],
      ['单位 Units', 5, '第一责任人工号 First responsible staff number'],
      ['单位 Units', 6, '上级单位编码 Parent unit code'],
      ['人员 People', 2, '工号 Staff number'],
      ['人员 People', 3, '单位编码 Unit code'],
      ['人员 People', 3, '电子邮箱 Email'],
      ['人员 People', 4, '工号 Staff number'],
      ['人员 People', 5, '领导干部 Leader'],
      ['人员 People', 5, '状态 Status'],
    ]);
    const messages = res.body.problems.map((e: any) => e.message).join('\n');
    expect(messages).toContain('unit code CGFJ-ZAK appears more than once (first at row 2)');
    expect(messages).toContain('unknown parent unit code NOPE');
    expect(messages).toContain('unknown unit code NOPE');
    expect(messages).toContain('unknown staff number NOBODY');
    // No one's name in any message.
    for (const name of ['周杰', '吴敏', '无工号']) expect(messages).not.toContain(name);
    expect(await counts()).toEqual(before);
  });

  it('a dry run reports the counts and writes nothing', async () => {
    const before = await counts();
    const file = await workbook(
      [
        [
          'CGFJ-XZDD',
          '刑侦大队（更名）',
          '科室',
          'CGFJ',
          'CG-1001',
          'CG-1002:队伍建设、党风廉政;CG-1003:刑事侦查',
        ],
      ],
      [
        ['CG-3001', '郑浩', 'CGFJ-XZDD', '民警'],
        ['CG-1002', '李秀英', 'CGFJ-XZDD', '政委', '', '', '是', '否', '', '在职'],
      ],
    );
    const res = await upload(file, 'roster.xlsx', '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: true,
      units: { created: 0, updated: 1, unchanged: 0 },
      people: { created: 1, updated: 1, unchanged: 0 },
    });
    expect(await counts()).toEqual(before);
    expect((await unit('CGFJ-XZDD')).name).toBe('刑侦大队');
    expect(await person('CG-3001')).toBeUndefined();
  });

  it('reports units and people outside the caller’s scope exactly like unknown ones', async () => {
    const before = await counts();
    const file = await workbook(
      [
        ['CGFJ-A', '甲科', '科室', 'KFQFJ', '', ''],
        ['CGFJ-B', '乙科', '科室', 'NO-SUCH', '', ''],
        ['CGFJ-C', '丙科', '科室', 'CGFJ', 'KFQ-001', ''],
      ],
      [
        ['CG-4001', '冯刚', 'KFQFJ'],
        ['CG-4002', '冯强', 'NO-SUCH'],
      ],
    );
    const res = await upload(file, 'roster.xlsx');
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      {
        sheet: '单位 Units',
        row: 2,
        column: '上级单位编码 Parent unit code',
        message: 'unknown parent unit code KFQFJ',
      },
      {
        sheet: '单位 Units',
        row: 3,
        column: '上级单位编码 Parent unit code',
        message: 'unknown parent unit code NO-SUCH',
      },
      {
        sheet: '单位 Units',
        row: 4,
        column: '第一责任人工号 First responsible staff number',
        message: 'unknown staff number KFQ-001',
      },
      {
        sheet: '人员 People',
        row: 2,
        column: '单位编码 Unit code',
        message: 'unknown unit code KFQFJ',
      },
      {
        sheet: '人员 People',
        row: 3,
        column: '单位编码 Unit code',
        message: 'unknown unit code NO-SUCH',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports people from a CSV: creates new ones and updates changed ones only', async () => {
    const before = await person('CG-1003');
    const untouched = await person('CG-1002');
    const file = csv([
      PEOPLE_HEADERS,
      [
        'CG-1003',
        '刘洋',
        'CGFJ-XZDD-DZB',
        '支部书记',
        'liuyang@example.com',
        '',
        '是',
        '否',
        '',
        '在职',
      ],
      ['CG-1002', '李秀英', 'CGFJ-XZDD', '教导员', '', '', '是', '否', '', '在职'],
      [
        'CG-5001',
        '何静',
        'CGFJ-XZDD',
        '民警',
        '',
        '',
        '',
        '是',
        'Manages money；high_risk_post',
        '',
      ],
    ]);
    const res = await upload(file, 'people.csv', '?sheet=people');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dryRun: false,
      units: { created: 0, updated: 0, unchanged: 0 },
      people: { created: 1, updated: 1, unchanged: 1 },
    });
    const moved = await person('CG-1003');
    expect(moved).toMatchObject({
      id: before.id,
      unit_id: (await unit('CGFJ-XZDD-DZB')).id,
      position: '支部书记',
      email: 'liuyang@example.com',
    });
    expect(moved.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect((await person('CG-1002')).updated_at).toEqual(untouched.updated_at);
    expect(await person('CG-5001')).toMatchObject({
      is_key_person: true,
      key_person_reasons: ['money', 'high_risk_post'],
    });
  });

  it('enforces the key person reason rules', async () => {
    const file = csv([
      PEOPLE_HEADERS,
      ['CG-6001', '甲', 'CGFJ-XZDD', '', '', '', '', '是', '', ''],
      ['CG-6002', '乙', 'CGFJ-XZDD', '', '', '', '', '否', '管钱', ''],
      ['CG-6003', '丙', 'CGFJ-XZDD', '', '', '', '', '', '管建', ''],
      ['CG-6004', '丁', 'CGFJ-XZDD', '', '', '', '', 'yes', '管钱、炒股', ''],
      ['CG-6005', '戊', 'CGFJ-XZDD', '', '', '', '', 'yes', 'construction、管物', ''],
    ]);
    const res = await upload(file, 'people.csv', '?sheet=people');
    expect(res.status).toBe(422);
    expect(res.body.problems.map((e: any) => [e.row, e.column])).toEqual([
      [2, '重点人员类别 Key person reasons'],
      [3, '重点人员类别 Key person reasons'],
      [4, '重点人员类别 Key person reasons'],
      [5, '重点人员类别 Key person reasons'],
    ]);
    expect(res.body.problems[0].message).toMatch(/required for a key person/);
    expect(res.body.problems[1].message).toMatch(/must be empty unless/);
    expect(res.body.problems[3].message).toMatch(/unknown key person reason "炒股"/);
    expect(await person('CG-6005')).toBeUndefined();
  });

  it('moves a unit when its parent changes; its subtree follows', async () => {
    const file = await workbook(
      [
        [
          'CGFJ-XZDD',
          '刑侦大队',
          '科室',
          'CGFJ',
          'CG-1001',
          'CG-1002:队伍建设、党风廉政;CG-1003:刑事侦查',
        ],
        ['CGFJ-ZHK', '指挥科', '科室', 'CGFJ', '', ''],
        ['CGFJ-XZDD-DZB', '刑侦大队党支部', '党支部', 'CGFJ-ZHK', '', ''],
      ],
      [],
    );
    const res = await upload(file, 'roster.xlsx');
    expect(res.status).toBe(200);
    expect(res.body.units).toEqual({ created: 1, updated: 1, unchanged: 1 });
    const command = await unit('CGFJ-ZHK');
    const branch = await unit('CGFJ-XZDD-DZB');
    expect(branch.parent_id).toBe(command.id);
    expect(branch.path).toBe(`${county.path}.${label(command.id)}.${label(branch.id)}`);
  });
});
