import type { Scope } from '@campaign/persistence';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { matchColumn, matchSheet, PEOPLE_SHEET, UNITS_SHEET } from './import-columns.js';
import { cellText, parseCsv, readCsv, readXlsx } from './import-read.js';
import { templateCsv, templateWorkbook } from './import-template.js';
import {
  type OrgSnapshot,
  parseCommittee,
  parseRoster,
  parseYesNo,
  planImport,
  type SnapshotPerson,
  type SnapshotUnit,
} from './import-validate.js';

const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');

const UNIT_HEADER =
  '单位编码 Unit code,单位名称 Unit name,单位类型 Unit kind,上级单位编码 Parent unit code,第一责任人工号 First responsible staff number,班子成员 Committee members';
const PEOPLE_HEADER =
  '工号 Staff number,姓名 Name,单位编码 Unit code,职务 Position,电子邮箱 Email,联系电话 Phone,领导干部 Leader,重点人员 Key person,重点人员类别 Key person reasons,状态 Status';

function label(id: string) {
  return id.replaceAll('-', '');
}

/** A stored tree: CITY → COUNTY → DEPT, and OTHER (a second county, outside an office's scope). */
function storedTree() {
  const city: SnapshotUnit = {
    id: '00000000-0000-4000-8000-000000000001',
    code: 'CITY',
    name: '市公安局',
    kind: 'city_bureau',
    parentId: null,
    path: label('00000000-0000-4000-8000-000000000001'),
    firstResponsiblePersonId: null,
  };
  const county: SnapshotUnit = {
    id: '00000000-0000-4000-8000-000000000002',
    code: 'COUNTY',
    name: '城关分局',
    kind: 'county_bureau',
    parentId: city.id,
    path: `${city.path}.${label('00000000-0000-4000-8000-000000000002')}`,
    firstResponsiblePersonId: null,
  };
  const dept: SnapshotUnit = {
    id: '00000000-0000-4000-8000-000000000003',
    code: 'DEPT',
    name: '刑侦大队',
    kind: 'department',
    parentId: county.id,
    path: `${county.path}.${label('00000000-0000-4000-8000-000000000003')}`,
    firstResponsiblePersonId: null,
  };
  const other: SnapshotUnit = {
    id: '00000000-0000-4000-8000-000000000004',
    code: 'OTHER',
    name: '开发区分局',
    kind: 'county_bureau',
    parentId: city.id,
    path: `${city.path}.${label('00000000-0000-4000-8000-000000000004')}`,
    firstResponsiblePersonId: null,
  };
  return { city, county, dept, other };
}

function snapshotOf(units: SnapshotUnit[], people: SnapshotPerson[] = []): OrgSnapshot {
  return {
    unitsByCode: new Map(units.map((u) => [u.code, u])),
    unitPaths: new Map(units.map((u) => [u.id, u.path])),
    peopleByStaffNumber: new Map(people.map((p) => [p.staffNumber, p])),
    committees: new Map(),
  };
}

let seq = 0;
const newId = () => `10000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

describe('headers and sheets', () => {
  it('accepts the bilingual header, its Chinese part or its English part, ignoring case and spaces', () => {
    expect(matchColumn(UNITS_SHEET, '单位编码 Unit code')).toBe('code');
    expect(matchColumn(UNITS_SHEET, ' 单位编码 ')).toBe('code');
    expect(matchColumn(UNITS_SHEET, 'UNIT  CODE')).toBe('code');
    expect(matchColumn(UNITS_SHEET, 'unitcode')).toBe('code');
    expect(matchColumn(PEOPLE_SHEET, 'Key person reasons')).toBe('keyPersonReasons');
    expect(matchColumn(PEOPLE_SHEET, '备注')).toBeUndefined();
    expect(matchSheet('单位 Units')).toBe('units');
    expect(matchSheet('people')).toBe('people');
    expect(matchSheet('人员')).toBe('people');
    expect(matchSheet('Sheet1')).toBeUndefined();
  });
});

describe('reading', () => {
  it('parses RFC 4180 CSV: quotes, doubled quotes, line breaks in fields, CRLF', () => {
    expect(parseCsv('a,"b,1","say ""hi"""\r\n"x\ny",,z\n')).toEqual([
      ['a', 'b,1', 'say "hi"'],
      ['x\ny', '', 'z'],
    ]);
    expect(parseCsv('a;b\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('turns exceljs cell values into text', () => {
    expect(cellText(100001)).toBe('100001');
    expect(cellText({ richText: [{ text: '刑侦' }, { text: '支队' }] })).toBe('刑侦支队');
    expect(cellText({ text: 'a@example.com', hyperlink: 'mailto:a@example.com' })).toBe(
      'a@example.com',
    );
    expect(cellText({ formula: 'A1', result: 'X' })).toBe('X');
    expect(cellText(null)).toBe('');
  });

  it('reads a CSV with a BOM, numbers rows as the spreadsheet does and skips blank rows', () => {
    const roster = readCsv(csv([PEOPLE_HEADER, '1,张三,DEPT', '', '2,李四,DEPT']));
    expect(roster.problems).toEqual([]);
    expect(roster.people!.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(roster.people!.rows[0].cells.name).toBe('张三');
  });

  it('reports a missing required column', () => {
    const roster = readCsv(csv(['工号,姓名', '1,张三']), 'people');
    expect(roster.problems).toEqual([
      {
        sheet: '人员 People',
        row: 1,
        column: '单位编码 Unit code',
        message: 'required column is missing from the header row',
      },
    ]);
  });

  it('refuses a CSV that is not UTF-8', () => {
    expect(() => readCsv(Buffer.from([0xb9, 0xa4, 0xba, 0xc5, 0x0a]), 'people')).toThrow(/UTF-8/);
  });

  it('reads the template back: both sheets, one example row each', async () => {
    const roster = await readXlsx(await templateWorkbook(), 2 ** 20);
    expect(roster.problems).toEqual([]);
    expect(roster.units!.rows).toHaveLength(1);
    expect(roster.units!.rows[0].cells).toMatchObject({ code: 'SGAJ-XZZD', name: '刑侦支队' });
    expect(roster.people!.rows[0].cells).toMatchObject({ staffNumber: '100001', isLeader: '是' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateWorkbook()) as any);
    expect(workbook.getWorksheet('单位 Units')!.getColumn(2).width).toBeGreaterThan(10);
    const people = readCsv(templateCsv('people'));
    expect(people.problems).toEqual([]);
    expect(people.people!.rows).toHaveLength(1);
  });
});

describe('values', () => {
  it('reads yes/no in both languages; empty is no', () => {
    expect(['是', 'YES', 'true', '1'].map(parseYesNo)).toEqual([true, true, true, true]);
    expect(['否', 'no', 'False', '0', ''].map(parseYesNo)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(parseYesNo('maybe')).toBeUndefined();
  });

  it('parses committees: members by ;, areas by 、 or ,', () => {
    expect(parseCommittee('100002:队伍建设、党风廉政； 100003：刑事侦查,治安').members).toEqual([
      { staffNumber: '100002', areas: ['队伍建设', '党风廉政'] },
      { staffNumber: '100003', areas: ['刑事侦查', '治安'] },
    ]);
    expect(parseCommittee('100002:a;100002:b').errors).toEqual([
      'staff number 100002 is listed twice in the committee',
    ]);
  });
});

describe('planImport', () => {
  const { city, county, dept, other } = storedTree();
  const officeScope = { all: false as const, paths: [county.path] };

  function plan(
    units: string[],
    people: string[],
    snapshot: OrgSnapshot,
    scope: Scope = officeScope,
  ) {
    const raw = readCsv(csv([UNIT_HEADER, ...units]), 'units');
    const rawPeople = readCsv(csv([PEOPLE_HEADER, ...people]), 'people');
    const parsed = parseRoster({ units: raw.units, people: rawPeople.people, problems: [] });
    return planImport(parsed, snapshot, scope, newId);
  }

  it('creates new units under a unit in scope, parents first, and counts', () => {
    const outcome = plan(
      ['B,二级,科室,A,,', 'A,一级,department,COUNTY,,'],
      ['P1,张三,B,民警,,,否,否,,在职'],
      snapshotOf([city, county, dept, other]),
    );
    if (!('plan' in outcome)) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.plan.units.map((u) => u.code)).toEqual(['A', 'B']);
    expect(outcome.plan.units[0].parentId).toBe(county.id);
    expect(outcome.plan.units[1].parentId).toBe(outcome.plan.units[0].id);
    expect(outcome.plan.counts).toEqual({
      units: { created: 2, updated: 0, unchanged: 0 },
      people: { created: 1, updated: 0, unchanged: 0 },
    });
  });

  it('reports units out of scope exactly like unknown ones', () => {
    const outcome = plan(
      ['A,一级,科室,OTHER,,', 'B,二级,科室,NOPE,,'],
      ['P1,张三,OTHER', 'P2,李四,NOPE'],
      snapshotOf([city, county, dept, other]),
    );
    expect('problems' in outcome && outcome.problems.map((p) => [p.row, p.message])).toEqual([
      [2, 'unknown parent unit code OTHER'],
      [3, 'unknown parent unit code NOPE'],
      [2, 'unknown unit code OTHER'],
      [3, 'unknown unit code NOPE'],
    ]);
  });

  it('lets an office keep its own top unit where it is, but not add a top-level unit', () => {
    const outcome = plan(
      ['COUNTY,城关分局,县区局,CITY,,', 'TOP,新局,市局,,,'],
      [],
      snapshotOf([city, county]),
    );
    expect('problems' in outcome && outcome.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '上级单位编码 Parent unit code'],
    ]);
  });

  it('finds a unit made its own ancestor, through stored units too', () => {
    // COUNTY moves under DEPT, which is stored under COUNTY.
    const outcome = plan(['COUNTY,城关分局,县区局,DEPT,,'], [], snapshotOf([city, county, dept]), {
      all: true,
    });
    expect('problems' in outcome && outcome.problems.map((p) => p.message)).toEqual([
      'unit COUNTY would become its own ancestor',
    ]);
    const loop = plan(['X,甲,科室,Y,,', 'Y,乙,科室,X,,'], [], snapshotOf([city]), { all: true });
    expect('problems' in loop && loop.problems).toHaveLength(2);
  });

  it('applies the key person rules', () => {
    const outcome = plan(
      [],
      ['P1,张三,DEPT,,,,,是,,', 'P2,李四,DEPT,,,,,否,管钱,', 'P3,王五,DEPT,,,,,是,管钱、飞行,'],
      snapshotOf([city, county, dept]),
    );
    expect('problems' in outcome && outcome.problems.map((p) => [p.row, p.message])).toEqual([
      [2, expect.stringContaining('key person reasons are required')],
      [3, 'key person reasons must be empty unless the person is a key person'],
      [4, expect.stringContaining('unknown key person reason "飞行"')],
    ]);
  });

  it('refuses to touch stored units and people outside the scope, without saying more', () => {
    const stranger: SnapshotPerson = {
      id: '20000000-0000-4000-8000-000000000009',
      staffNumber: 'X1',
      name: '赵强',
      unitId: other.id,
      position: '',
      email: null,
      phone: null,
      isLeader: false,
      isKeyPerson: false,
      keyPersonReasons: [],
      status: 'active',
    };
    const outcome = plan(
      ['OTHER,开发区分局,县区局,CITY,,'],
      ['X1,赵强,DEPT'],
      snapshotOf([city, county, dept, other], [stranger]),
    );
    expect('problems' in outcome && outcome.problems.map((p) => [p.row, p.message])).toEqual([
      [2, 'unit code OTHER is not available'],
      [2, 'staff number X1 is not available'],
    ]);
    for (const problem of 'problems' in outcome ? outcome.problems : []) {
      expect(problem.message).not.toContain('赵强');
    }
  });

  it('finds nothing to change when the file matches the database', () => {
    const person: SnapshotPerson = {
      id: '20000000-0000-4000-8000-000000000001',
      staffNumber: 'P1',
      name: '张三',
      unitId: dept.id,
      position: '民警',
      email: null,
      phone: '13800138000',
      isLeader: true,
      isKeyPerson: true,
      keyPersonReasons: ['personnel', 'money'],
      status: 'active',
    };
    const outcome = plan(
      ['DEPT,刑侦大队,科室,COUNTY,,'],
      ['P1,张三,DEPT,民警,,13800138000,是,是,管钱、Manages personnel,active'],
      snapshotOf([city, county, dept], [person]),
    );
    if (!('plan' in outcome)) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.plan.counts).toEqual({
      units: { created: 0, updated: 0, unchanged: 1 },
      people: { created: 0, updated: 0, unchanged: 1 },
    });
  });
});
