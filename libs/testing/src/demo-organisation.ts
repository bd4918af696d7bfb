import type { KeyPersonReason, PersonStatus, Role, UnitKind } from '@campaign/domain';

/**
 * The demo organisation `npm run seed:demo` loads: a city bureau (市局), three county/district
 * bureaus (县区局) with their departments (科室) and party branches (党支部), about two hundred
 * people, each bureau's and branch's leadership, and one sign-in account per role.
 *
 * Pure and deterministic: the same seed always gives the same plan (a small seeded PRNG, never
 * Math.random), so the seed script can be run again and again and match on business keys
 * (unit codes, staff numbers, usernames) without creating anything twice.
 */

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Code of the parent unit; null for the city bureau (the root). */
  parentCode: string | null;
}

export interface DemoPerson {
  staffNumber: string;
  name: string;
  unitCode: string;
  position: string;
  email: string | null;
  phone: string | null;
  isLeader: boolean;
  isKeyPerson: boolean;
  keyPersonReasons: KeyPersonReason[];
  status: PersonStatus;
}

/** The unit's party secretary (第一责任人). */
export interface DemoFirstResponsible {
  unitCode: string;
  staffNumber: string;
}

/** A unit's committee (党委 / 支委) and the areas each member leads (一岗双责). */
export interface DemoCommittee {
  unitCode: string;
  members: Array<{ staffNumber: string; areas: string[] }>;
}

export interface DemoAccount {
  username: string;
  role: Role;
  /** The unit the role is granted on (valid for its whole subtree). */
  unitCode: string;
  /** The person the account signs in as. */
  staffNumber: string;
}

export interface DemoOrganisation {
  /** Parents before children. */
  units: DemoUnit[];
  people: DemoPerson[];
  firstResponsible: DemoFirstResponsible[];
  committees: DemoCommittee[];
  accounts: DemoAccount[];
}

/** Password of the demo accounts unless the operator chooses another (DEMO_PASSWORD). */
export const DEFAULT_DEMO_PASSWORD = 'demo-password';

export const DEMO_SEED = 20_260_401;

export const DEMO_CITY_CODE = 'SJ';
/** The county bureau the office, leader, inspector, supervisor and member accounts work in. */
export const DEMO_COUNTY_CODE = 'SJ-DC';
/** The party branch (under DEMO_COUNTY_CODE) of the member account. */
export const DEMO_BRANCH_CODE = 'SJ-DC-ZB-JG';

/** One account per role, and where each is granted. */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; role: Role; unitCode: string }> = [
  { username: 'demo-admin', role: 'admin', unitCode: DEMO_CITY_CODE },
  { username: 'demo-office', role: 'office', unitCode: DEMO_COUNTY_CODE },
  { username: 'demo-leader', role: 'leader', unitCode: DEMO_COUNTY_CODE },
  { username: 'demo-inspector', role: 'inspector', unitCode: DEMO_COUNTY_CODE },
  { username: 'demo-supervisor', role: 'supervisor', unitCode: DEMO_COUNTY_CODE },
  { username: 'demo-member', role: 'member', unitCode: DEMO_BRANCH_CODE },
];

// ---- the shape of the tree -------------------------------------------------------------------

type DepartmentType = 'political' | 'office' | 'command' | 'discipline' | 'brigade';

interface DepartmentSpec {
  suffix: string;
  name: string;
  type: DepartmentType;
  /** The demo account held by the department's first ordinary member. */
  account?: string;
}

interface BranchSpec {
  suffix: string;
  name: string;
  /** 派出所 / 大队 branches are led by the station's 教导员; 机关 branches by a 民警. */
  secretaryPosition: string;
  account?: string;
}

interface BureauSpec {
  code: string;
  name: string;
  /** Prefix of its people's staff numbers. */
  staffPrefix: string;
  viceDirectors: Array<{ areas: string[] }>;
  /** Title of the bureau's discipline lead: 纪委书记 (city) or 纪检组长 (county). */
  disciplineTitle: string;
  departments: DepartmentSpec[];
  branches: BranchSpec[];
}

const CITY: BureauSpec = {
  code: DEMO_CITY_CODE,
  name: '某市公安局',
  staffPrefix: '01',
  viceDirectors: [{ areas: ['刑侦', '禁毒'] }, { areas: ['治安', '交通'] }],
  disciplineTitle: '纪委书记',
  departments: [
    { suffix: 'ZZB', name: '政治部', type: 'political' },
    { suffix: 'BGS', name: '办公室', type: 'office', account: 'demo-admin' },
    { suffix: 'ZHZX', name: '指挥中心', type: 'command' },
    { suffix: 'JJJC', name: '纪检监察室', type: 'discipline' },
  ],
  branches: [],
};

const COUNTIES: BureauSpec[] = [
  {
    code: DEMO_COUNTY_CODE,
    name: '东城分局',
    staffPrefix: '02',
    viceDirectors: [{ areas: ['刑侦'] }, { areas: ['治安', '交通'] }],
    disciplineTitle: '纪检组长',
    departments: [
      { suffix: 'ZGS', name: '政工室', type: 'political', account: 'demo-office' },
      { suffix: 'BGS', name: '办公室', type: 'office' },
      { suffix: 'XZDD', name: '刑侦大队', type: 'brigade' },
      { suffix: 'DCDD', name: '督察大队', type: 'discipline', account: 'demo-supervisor' },
    ],
    branches: [
      {
        suffix: 'ZB-JG',
        name: '机关党支部',
        secretaryPosition: '党支部书记、民警',
        account: 'demo-member',
      },
      { suffix: 'ZB-XZ', name: '刑侦大队党支部', secretaryPosition: '党支部书记、教导员' },
      { suffix: 'ZB-CG', name: '城关派出所党支部', secretaryPosition: '党支部书记、教导员' },
    ],
  },
  {
    code: 'SJ-XS',
    name: '西山县公安局',
    staffPrefix: '03',
    viceDirectors: [{ areas: ['刑侦', '治安', '交通'] }],
    disciplineTitle: '纪检组长',
    departments: [
      { suffix: 'ZGS', name: '政工室', type: 'political' },
      { suffix: 'XZDD', name: '刑侦大队', type: 'brigade' },
      { suffix: 'ZADD', name: '治安大队', type: 'brigade' },
    ],
    branches: [
      { suffix: 'ZB-JG', name: '机关党支部', secretaryPosition: '党支部书记、民警' },
      { suffix: 'ZB-CG', name: '城关派出所党支部', secretaryPosition: '党支部书记、教导员' },
    ],
  },
  {
    code: 'SJ-NH',
    name: '南湖区公安分局',
    staffPrefix: '04',
    viceDirectors: [{ areas: ['刑侦', '禁毒'] }, { areas: ['治安', '交通'] }],
    disciplineTitle: '纪检组长',
    departments: [
      { suffix: 'BGS', name: '办公室', type: 'office' },
      { suffix: 'XZDD', name: '刑侦大队', type: 'brigade' },
      { suffix: 'ZADD', name: '治安大队', type: 'brigade' },
      { suffix: 'JJS', name: '纪检监察室', type: 'discipline' },
    ],
    branches: [
      { suffix: 'ZB-JG', name: '机关党支部', secretaryPosition: '党支部书记、民警' },
      { suffix: 'ZB-HB', name: '湖滨派出所党支部', secretaryPosition: '党支部书记、教导员' },
      { suffix: 'ZB-JJ', name: '交警中队党支部', secretaryPosition: '党支部书记、指导员' },
    ],
  },
];

/** Posts that make their holder a key person (管钱管物管人管建, or a high-risk post). */
const KEY_POSTS: Record<DepartmentType, Array<{ position: string; reasons: KeyPersonReason[] }>> = {
  political: [{ position: '人事干事', reasons: ['personnel'] }],
  office: [
    { position: '财务科员', reasons: ['money'] },
    { position: '装备管理员', reasons: ['goods'] },
    { position: '后勤基建科员', reasons: ['construction', 'money'] },
  ],
  command: [],
  discipline: [],
  brigade: [
    { position: '涉案财物管理员', reasons: ['goods', 'high_risk_post'] },
    { position: '案件审核民警', reasons: ['high_risk_post'] },
  ],
};

const HEADS: Record<DepartmentType, { head: string; deputy: string; staff: string }> = {
  political: { head: '主任', deputy: '副主任', staff: '科员' },
  office: { head: '主任', deputy: '副主任', staff: '科员' },
  command: { head: '主任', deputy: '副主任', staff: '民警' },
  discipline: { head: '主任', deputy: '副主任', staff: '民警' },
  brigade: { head: '大队长', deputy: '教导员', staff: '民警' },
};

/** What department heads are key persons for: they sign for money, goods, people or cases. */
const HEAD_REASONS: Record<DepartmentType, KeyPersonReason[]> = {
  political: ['personnel'],
  office: ['money', 'goods'],
  command: [],
  discipline: [],
  brigade: ['high_risk_post'],
};

const BRANCH_COMMITTEE: Array<{ position: string; areas: string[] }> = [
  { position: '组织委员、民警', areas: ['组织', '党员教育管理'] },
  { position: '纪检委员、民警', areas: ['纪检监察', '廉政提醒'] },
  { position: '宣传委员、民警', areas: ['宣传', '学习教育'] },
];

// ---- names and contact details ---------------------------------------------------------------

/** Common surnames, most frequent first (the PRNG favours the front of the list). */
const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];

/** Given-name characters, by the name's usual gender (most officers are men). */
const GIVEN_MALE = [
  ...'伟强磊军洋勇杰涛明超刚平建国志文海林东春亮宇辉鹏斌飞波鑫俊峰浩凯健新瑞兵卫忠立德成永宏振庆安福锋阳光旭荣博晨',
];
const GIVEN_FEMALE = [...'芳娜敏静丽艳娟秀霞桂华玉晓红雪倩婷琳颖怡欣嘉思佳涵婧彤雯丹萍'];

const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '158',
  '159',
  '186',
  '187',
];

/** mulberry32: tiny, fast, and good enough to make a demo look varied. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Generator {
  readonly units: DemoUnit[] = [];
  readonly people: DemoPerson[] = [];
  readonly firstResponsible: DemoFirstResponsible[] = [];
  readonly committees: DemoCommittee[] = [];
  readonly accounts = new Map<string, string>();
  /** Ordinary staff who may be marked as having left (no seat, no account, no key post). */
  readonly ordinary: DemoPerson[] = [];
  private readonly names = new Set<string>();
  private readonly sequence = new Map<string, number>();
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = prng(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[], bias = 1): T {
    // bias > 1 favours the front of the list (common surnames are far more common).
    return items[Math.floor(this.random() ** bias * items.length)];
  }

  name(): string {
    for (;;) {
      const surname = this.pick(SURNAMES, 1.8);
      const chars = this.chance(0.75) ? GIVEN_MALE : GIVEN_FEMALE;
      const given = this.chance(0.3) ? this.pick(chars) : this.pick(chars) + this.pick(chars);
      const name = surname + given;
      if (given[0] !== given[1] && !this.names.has(name)) {
        this.names.add(name);
        return name;
      }
    }
  }

  person(
    bureau: BureauSpec,
    unitCode: string,
    position: string,
    flags: { isLeader?: boolean; reasons?: KeyPersonReason[]; auxiliary?: boolean } = {},
  ): DemoPerson {
    const next = (this.sequence.get(bureau.staffPrefix) ?? 0) + 1;
    this.sequence.set(bureau.staffPrefix, next);
    const staffNumber = `${bureau.staffPrefix}${String(next).padStart(4, '0')}`;
    const reasons = flags.reasons ?? [];
    const person: DemoPerson = {
      staffNumber,
      name: this.name(),
      unitCode,
      position,
      // Auxiliary police (辅警) have no work mailbox; a few officers never gave one.
      email: flags.auxiliary || this.chance(0.1) ? null : `${staffNumber}@police.demo.example`,
      phone: this.chance(0.05)
        ? null
        : this.pick(MOBILE_PREFIXES) + String(this.int(0, 99_999_999)).padStart(8, '0'),
      isLeader: flags.isLeader ?? false,
      isKeyPerson: reasons.length > 0,
      keyPersonReasons: [...reasons],
      status: 'active',
    };
    this.people.push(person);
    return person;
  }

  unit(code: string, name: string, kind: UnitKind, parentCode: string | null): void {
    this.units.push({ code, name, kind, parentCode });
  }

  bureau(spec: BureauSpec, kind: UnitKind, parentCode: string | null): void {
    this.unit(spec.code, spec.name, kind, parentCode);
    const secretary = this.person(spec, spec.code, '党委书记、局长', {
      isLeader: true,
      reasons: ['personnel', 'money'],
    });
    const commissar = this.person(spec, spec.code, '党委副书记、政委', {
      isLeader: true,
      reasons: ['personnel'],
    });
    const members = [{ staffNumber: commissar.staffNumber, areas: ['政治工作', '队伍管理'] }];
    for (const vice of spec.viceDirectors) {
      const person = this.person(spec, spec.code, '党委委员、副局长', {
        isLeader: true,
        reasons: vice.areas.includes('刑侦') ? ['high_risk_post'] : [],
      });
      members.push({ staffNumber: person.staffNumber, areas: vice.areas });
    }
    const discipline = this.person(spec, spec.code, `党委委员、${spec.disciplineTitle}`, {
      isLeader: true,
    });
    members.push({ staffNumber: discipline.staffNumber, areas: ['纪检监察'] });
    this.firstResponsible.push({ unitCode: spec.code, staffNumber: secretary.staffNumber });
    this.committees.push({ unitCode: spec.code, members });
    if (spec.code === DEMO_COUNTY_CODE) {
      this.accounts.set('demo-leader', secretary.staffNumber);
      this.accounts.set('demo-inspector', discipline.staffNumber);
    }

    for (const department of spec.departments) this.department(spec, department);
    for (const branch of spec.branches) this.branch(spec, branch);
  }

  department(bureau: BureauSpec, spec: DepartmentSpec): void {
    const code = `${bureau.code}-${spec.suffix}`;
    this.unit(code, `${bureau.name}${spec.name}`, 'department', bureau.code);
    const titles = HEADS[spec.type];
    this.person(bureau, code, titles.head, { isLeader: true, reasons: HEAD_REASONS[spec.type] });
    this.person(bureau, code, titles.deputy, { isLeader: true });
    // The demo account's holder comes first: an ordinary officer, never a key post.
    const first = this.person(bureau, code, titles.staff);
    if (spec.account) this.accounts.set(spec.account, first.staffNumber);
    else this.ordinary.push(first);
    for (const post of KEY_POSTS[spec.type]) {
      if (this.chance(0.45)) this.person(bureau, code, post.position, { reasons: post.reasons });
    }
    const staff = this.int(3, 6);
    for (let i = 0; i < staff; i++) {
      const auxiliary = this.chance(0.25);
      // Front-line officers handle cases and seized property: a few count as high-risk posts.
      const highRisk = !auxiliary && spec.type === 'brigade' && this.chance(0.1);
      const person = this.person(bureau, code, auxiliary ? '辅警' : titles.staff, {
        auxiliary,
        reasons: highRisk ? ['high_risk_post'] : [],
      });
      if (!highRisk) this.ordinary.push(person);
    }
  }

  branch(bureau: BureauSpec, spec: BranchSpec): void {
    const code = `${bureau.code}-${spec.suffix}`;
    this.unit(code, `${bureau.name}${spec.name}`, 'party_branch', bureau.code);
    const secretary = this.person(bureau, code, spec.secretaryPosition, { isLeader: true });
    this.firstResponsible.push({ unitCode: code, staffNumber: secretary.staffNumber });
    const seats = BRANCH_COMMITTEE.slice(0, this.int(2, 3));
    const members = seats.map((seat) => ({
      staffNumber: this.person(bureau, code, seat.position).staffNumber,
      areas: seat.areas,
    }));
    this.committees.push({ unitCode: code, members });
    const count = this.int(3, 6);
    for (let i = 0; i < count; i++) {
      const person = this.person(bureau, code, '民警');
      if (i === 0 && spec.account) this.accounts.set(spec.account, person.staffNumber);
      else this.ordinary.push(person);
    }
  }
}

/** The demo organisation for `seed` (the default gives the plan `npm run seed:demo` loads). */
export function demoOrganisation(seed: number = DEMO_SEED): DemoOrganisation {
  const g = new Generator(seed);
  g.bureau(CITY, 'city_bureau', null);
  for (const county of COUNTIES) g.bureau(county, 'county_bureau', CITY.code);

  // A couple of people have left: they stay on the rolls, marked as gone.
  for (let left = 0; left < 2;) {
    const person = g.ordinary[g.int(0, g.ordinary.length - 1)];
    if (person.status === 'left') continue;
    person.status = 'left';
    left++;
  }

  const accounts = DEMO_ACCOUNTS.map((account) => {
    const staffNumber = g.accounts.get(account.username);
    if (!staffNumber) throw new Error(`no demo person for ${account.username}`);
    return { ...account, staffNumber };
  });
  return {
    units: g.units,
    people: g.people,
    firstResponsible: g.firstResponsible,
    committees: g.committees,
    accounts,
  };
}

/** The demo accounts with their unit's and person's names, as the seed script prints them. */
export function demoAccountRows(
  plan: DemoOrganisation,
): Array<{ username: string; role: Role; unitCode: string; unitName: string; person: string }> {
  const units = new Map(plan.units.map((u) => [u.code, u]));
  const people = new Map(plan.people.map((p) => [p.staffNumber, p]));
  return plan.accounts.map((account) => {
    const person = people.get(account.staffNumber);
    return {
      username: account.username,
      role: account.role,
      unitCode: account.unitCode,
      unitName: units.get(account.unitCode)?.name ?? account.unitCode,
      person: person ? `${person.name}（${person.position}）` : account.staffNumber,
    };
  });
}
