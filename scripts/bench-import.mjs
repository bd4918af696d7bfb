// npm run bench:import: measures the roster import (apps/api/src/org-import) on this machine
// against a fresh embedded PostgreSQL in a temporary folder:
//   1. generates an .xlsx of 100 units (市公安局 -> 9 分局 -> 科室/大队) and 10,000 people with
//      realistic Chinese names, leaders, key persons, committees;
//   2. imports it through OrgImportService (read + check + one transaction), as POST /import does;
//   3. imports the same file again (everything unchanged: nothing written);
// and prints seconds and rows per second for each. The budget is 30 s for the first import.
// Options: --people N (default 10000), --units N (default 100), --no-build.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('people', 10_000);
const UNITS = Math.max(2, arg('units', 100));
const BUDGET_SECONDS = 30;
const say = (line) => console.log(`[bench:import] ${line}`);

ensureDependencies();
if (!process.argv.includes('--no-build')) await build({ bundle: false });
const tooling = await import(join(root, 'dist/libs/testing/src/index.js'));
const persistence = await import(join(root, 'dist/libs/persistence/src/index.js'));
const { OrgImportService } = await import(
  join(root, 'dist/apps/api/src/org-import/org-import.service.js')
);
const ExcelJS = (await import('exceljs')).default;

/** Deterministic pseudo-random numbers (mulberry32), so every run imports the same roster. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20261122);
const pick = (list) => list[Math.floor(rnd() * list.length)];

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强海燕文博浩宇子涵欣怡雨轩思远振华晓东晓燕雪梅春梅国庆卫东立新建军丽娟丹凤亮斌鹏飞宏伟晨阳俊杰嘉怡梓萱',
];
const COUNTIES = [
  '城关分局',
  '开发区分局',
  '高新区分局',
  '东城分局',
  '西城分局',
  '南湖分局',
  '北山分局',
  '临江县公安局',
  '青山县公安局',
];
const DEPARTMENTS = [
  '刑侦大队',
  '治安大队',
  '巡特警大队',
  '交警大队',
  '经侦大队',
  '禁毒大队',
  '网安大队',
  '法制大队',
  '警务保障室',
  '政工室',
  '指挥中心',
  '出入境管理大队',
  '户政科',
  '看守所',
  '派出所',
];
const POSITIONS = [
  '民警',
  '民警',
  '民警',
  '辅警',
  '科员',
  '副大队长',
  '大队长',
  '教导员',
  '所长',
  '副所长',
  '科长',
];
const AREAS = [
  '队伍建设',
  '党风廉政',
  '刑事侦查',
  '治安管理',
  '交通管理',
  '后勤保障',
  '法制工作',
  '宣传教育',
];
const REASONS = ['管钱', '管物', '管人', '管建', '廉政风险岗位'];

function chineseName() {
  return pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : '');
}

/** 市公安局 -> counties -> departments, UNITS in all; people spread over the departments. */
function roster() {
  const units = [{ code: 'SGAJ', name: '市公安局', kind: '市局', parent: '' }];
  const counties = Math.min(COUNTIES.length, Math.max(1, Math.round((UNITS - 1) / 11)));
  for (let c = 0; c < counties; c += 1) {
    units.push({
      code: `SGAJ-${String(c + 1).padStart(2, '0')}`,
      name: COUNTIES[c],
      kind: '县区局',
      parent: 'SGAJ',
    });
  }
  for (let d = 0; units.length < UNITS; d += 1) {
    const county = units[1 + (d % counties)];
    const name = DEPARTMENTS[Math.floor(d / counties) % DEPARTMENTS.length];
    units.push({
      code: `${county.code}-${String(d + 1).padStart(3, '0')}`,
      name,
      kind: rnd() < 0.15 ? '党支部' : '科室',
      parent: county.code,
    });
  }
  const people = [];
  for (let i = 0; i < PEOPLE; i += 1) {
    const unit = units[1 + (i % (units.length - 1))];
    const key = rnd() < 0.08;
    people.push({
      staffNumber: `JH${String(100000 + i)}`,
      name: chineseName(),
      unitCode: unit.code,
      position: pick(POSITIONS),
      email: rnd() < 0.5 ? `jh${100000 + i}@police.example.com` : '',
      phone: rnd() < 0.7 ? `13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}` : '',
      leader: rnd() < 0.1 ? '是' : '否',
      key: key ? '是' : '否',
      reasons: key ? [...new Set([pick(REASONS), pick(REASONS)])].join('、') : '',
      status: rnd() < 0.02 ? '已离开' : '在职',
    });
  }
  // Each unit: its first responsible person and two committee members, from its own people.
  const byUnit = new Map();
  for (const p of people) byUnit.set(p.unitCode, [...(byUnit.get(p.unitCode) ?? []), p]);
  for (const unit of units) {
    const own = byUnit.get(unit.code) ?? [];
    unit.firstResponsible = own[0]?.staffNumber ?? '';
    unit.committee = own
      .slice(1, 3)
      .map(
        (p, i) => `${p.staffNumber}:${AREAS[i % AREAS.length]}、${AREAS[(i + 3) % AREAS.length]}`,
      )
      .join(';');
  }
  return { units, people };
}

async function workbook({ units, people }) {
  const book = new ExcelJS.Workbook();
  const u = book.addWorksheet('单位 Units');
  u.addRow([
    '单位编码 Unit code',
    '单位名称 Unit name',
    '单位类型 Unit kind',
    '上级单位编码 Parent unit code',
    '第一责任人工号 First responsible staff number',
    '班子成员 Committee members',
  ]);
  for (const x of units)
    u.addRow([x.code, x.name, x.kind, x.parent, x.firstResponsible, x.committee]);
  const p = book.addWorksheet('人员 People');
  p.addRow([
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
  ]);
  for (const x of people) {
    p.addRow([
      x.staffNumber,
      x.name,
      x.unitCode,
      x.position,
      x.email,
      x.phone,
      x.leader,
      x.key,
      x.reasons,
      x.status,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const scratch = mkdtempSync(join(tmpdir(), 'campaign-bench-import-'));
const cleanups = [];
try {
  const database = await tooling.startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await tooling.freePort(),
    database: 'campaigns',
  });
  cleanups.push(() => database.stop());
  const dataSource = persistence.createDataSource(database.url);
  await dataSource.initialize();
  cleanups.push(() => dataSource.destroy());
  await persistence.migrate(dataSource);

  const data = roster();
  const file = await workbook(data);
  const rows = data.units.length + data.people.length;
  say(
    `${data.units.length} units + ${data.people.length} people, ${(file.length / 1024).toFixed(0)} KiB .xlsx, ${cpus().length} cores`,
  );

  const service = new OrgImportService(new persistence.OrgRepository(dataSource));
  const upload = {
    buffer: file,
    originalname: 'roster.xlsx',
    mimetype: 'application/octet-stream',
  };
  const admin = { all: true };

  const run = async (label) => {
    const started = performance.now();
    const result = await service.import(upload, admin, { dryRun: false });
    const seconds = (performance.now() - started) / 1000;
    say(
      `${label}: ${seconds.toFixed(2)} s, ${(rows / seconds).toFixed(0)} rows/s — units ${JSON.stringify(result.units)}, people ${JSON.stringify(result.people)}`,
    );
    return { seconds, result };
  };
  const first = await run('first import (creates everything)');
  if (
    first.result.people.created !== data.people.length ||
    first.result.units.created !== data.units.length
  ) {
    throw new Error('the first import did not create every row');
  }
  const again = await run('re-import of the same file (nothing changes)');
  if (again.result.people.unchanged !== data.people.length)
    throw new Error('the re-import changed rows');
  const [stored] = await dataSource.query(
    'SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM people)::int AS people, (SELECT count(*) FROM unit_committee_members)::int AS committee',
  );
  say(
    `stored: ${stored.units} units, ${stored.people} people, ${stored.committee} committee seats`,
  );

  const result = {
    date: new Date().toISOString(),
    units: data.units.length,
    people: data.people.length,
    cores: cpus().length,
    firstImportSeconds: Number(first.seconds.toFixed(2)),
    firstImportRowsPerSecond: Math.round(rows / first.seconds),
    reimportSeconds: Number(again.seconds.toFixed(2)),
    budgetSeconds: BUDGET_SECONDS,
    withinBudget: first.seconds < BUDGET_SECONDS,
  };
  console.log(`\n${JSON.stringify(result)}`);
  if (!result.withinBudget) {
    say(`over budget: ${result.firstImportSeconds} s > ${BUDGET_SECONDS} s`);
    process.exitCode = 1;
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(e.message));
  rmSync(scratch, { recursive: true, force: true });
}
