import { randomUUID } from 'node:crypto';

import type { UnitKind } from '@campaign/domain';
import { OrgRepository, type UnitEntity } from '@campaign/persistence';
import {
  type OrgFactory,
  type StandardOrganisation,
  standardOrganisation,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

type Call = ApiTestApp['request'];
type Res = Awaited<ReturnType<Call>>;

/** Asserts the status, showing the body when it differs (so a failure says why). */
function expectStatus(res: Res, status: number): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
}

/** Asserts a 2xx, showing the body when it is not. */
function expectOk(res: Res): void {
  const ok = res.status >= 200 && res.status < 300;
  expect({ ok, status: res.status, body: res.body }).toMatchObject({ ok: true });
}

/** Every unit id in a nested `GET /units` answer, parents first. */
function treeIds(nodes: any[]): string[] {
  return nodes.flatMap((n) => [n.id as string, ...treeIds(n.children)]);
}

/** A node anywhere in a nested `GET /units` answer. */
function findNode(nodes: any[], id: string): any {
  for (const n of nodes) {
    if (n.id === id) return n;
    const found = findNode(n.children, id);
    if (found) return found;
  }
  return undefined;
}

const ids = (items: Array<{ id: string }>) => items.map((i) => i.id).sort();
const q = (s: string) => encodeURIComponent(s);

describe('organisation API (units, people, grants, me) against real PostgreSQL', () => {
  let api: ApiTestApp;
  let org: StandardOrganisation;
  let f: OrgFactory;
  let repo: OrgRepository;
  let admin: Call;
  let office: Call;
  const tag = randomUUID().slice(0, 6);
  let seq = 0;
  const code = (prefix: string) => `${prefix}-${tag}-${++seq}`;

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    f = org.factory;
    repo = new OrgRepository(api.db.dataSource);
    admin = api.as(await api.signIn(org.users.admin.username));
    office = api.as(await api.signIn(org.users.office.username));
  });

  afterAll(async () => {
    await api?.close();
  });

  /** A chain of units, each under the previous one. */
  async function chain(parent: UnitEntity, kinds: UnitKind[]): Promise<UnitEntity[]> {
    const units: UnitEntity[] = [];
    for (const kind of kinds) units.push(await f.unit(units.at(-1) ?? parent, kind));
    return units;
  }

  const personBody = (unitId: string, fields: Record<string, unknown> = {}) => ({
    staffNumber: code('S'),
    name: '王建国',
    unitId,
    position: '副大队长',
    email: 'wang@example.cn',
    phone: '0871-1234567',
    isLeader: false,
    isKeyPerson: false,
    keyPersonReasons: [],
    ...fields,
  });

  const peopleCount = async () =>
    Number((await api.db.dataSource.query('SELECT count(*)::int AS n FROM people'))[0].n);

  // ---- subtrees ----------------------------------------------------------------------------

  describe('subtree queries on a deep tree', () => {
    // city → countyA → dept → squad → team → group → cell (7 levels), plus a second squad under
    // dept, a sibling dept, and county B on the other side.
    let dept: UnitEntity;
    let squad: UnitEntity;
    let team: UnitEntity;
    let group: UnitEntity;
    let cell: UnitEntity;
    let squad2: UnitEntity;
    let otherDept: UnitEntity;

    beforeAll(async () => {
      [dept, squad, team, group, cell] = await chain(org.countyA, [
        'department',
        'department',
        'party_branch',
        'party_branch',
        'party_branch',
      ]);
      squad2 = await f.unit(dept, 'party_branch');
      otherDept = await f.unit(org.countyA, 'department');
    });

    it('OrgRepository.subtree returns exactly the unit and all its descendants, parents first', async () => {
      const units = await repo.subtree(dept.id);
      expect(ids(units)).toEqual(ids([dept, squad, team, group, cell, squad2]));
      expect(units[0].id).toBe(dept.id);
      const position = new Map(units.map((u, i) => [u.id, i]));
      for (const u of units.slice(1))
        expect(position.get(u.parentId!)).toBeLessThan(position.get(u.id)!);

      expect((await repo.subtree(cell.id)).map((u) => u.id)).toEqual([cell.id]);
      expect(ids(await repo.subtree(team.id))).toEqual(ids([team, group, cell]));
      expect(await repo.subtree(randomUUID())).toEqual([]);
    });

    it('GET /units?rootId= answers exactly that subtree, nested, with depths', async () => {
      const res = await admin('GET', `/api/v1/units?rootId=${dept.id}`);
      expectStatus(res, 200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0].id).toBe(dept.id);
      expect(treeIds(res.body).sort()).toEqual(ids([dept, squad, team, group, cell, squad2]));
      expect(res.body[0].children.map((c: any) => c.id).sort()).toEqual(ids([squad, squad2]));
      const cellNode = findNode(res.body, cell.id);
      expect(cellNode).toMatchObject({ parentId: group.id, depth: 6, children: [] });
      expect(findNode(res.body, team.id).children.map((c: any) => c.id)).toEqual([group.id]);
      expect(treeIds(res.body)).not.toContain(otherDept.id);
      expect(treeIds(res.body)).not.toContain(org.countyA.id);

      const whole = await admin('GET', '/api/v1/units');
      expectStatus(whole, 200);
      expect(treeIds(whole.body)).toEqual(
        expect.arrayContaining([org.city.id, org.countyB.id, otherDept.id, cell.id]),
      );
    });

    it('GET /people?unitId= returns exactly the people of the subtree', async () => {
      const inside = [
        await f.person(dept, { name: '科室民警' }),
        await f.person(team, { name: '中队民警' }),
        await f.person(cell, { name: '最深层民警' }),
        await f.person(cell, { name: '最深层辅警' }),
        await f.person(squad2, { name: '二中队民警' }),
      ];
      await f.person(otherDept, { name: '旁边科室民警' });
      await f.person(org.countyA, { name: '分局机关民警' });
      await f.person(org.branchB, { name: '西山民警' });

      const res = await admin('GET', `/api/v1/people?unitId=${dept.id}&pageSize=200`);
      expectStatus(res, 200);
      expect(ids(res.body.items)).toEqual(ids(inside));
      expect(res.body.total).toBe(inside.length);

      const deep = await admin('GET', `/api/v1/people?unitId=${group.id}&pageSize=200`);
      expect(ids(deep.body.items)).toEqual(ids(inside.slice(2, 4)));
    });
  });

  // ---- moving ------------------------------------------------------------------------------

  describe('moving a unit', () => {
    it('moves the whole subtree: depths and paths follow, people are found under the new ancestor only', async () => {
      const [mover, child, grandchild] = await chain(org.countyA, [
        'department',
        'party_branch',
        'party_branch',
      ]);
      const person = await f.person(grandchild, { name: '随迁民警' });
      const before = await admin('GET', `/api/v1/people?unitId=${org.countyA.id}&pageSize=200`);
      expect(ids(before.body.items)).toContain(person.id);

      const res = await admin('POST', `/api/v1/units/${mover.id}/move`, {
        parentId: org.branchB.id,
      });
      expectOk(res);
      expect(res.body).toMatchObject({ id: mover.id, parentId: org.branchB.id, depth: 3 });

      // Descendants keep their parents but sit deeper, under branch B's path.
      const branchB = (await repo.findUnit(org.branchB.id))!;
      for (const [unit, depth, parentId] of [
        [child, 4, mover.id],
        [grandchild, 5, child.id],
      ] as const) {
        const got = await admin('GET', `/api/v1/units/${unit.id}`);
        expect(got.body).toMatchObject({ parentId, depth });
        const stored = (await repo.findUnit(unit.id))!;
        expect(stored.path.startsWith(`${branchB.path}.`)).toBe(true);
      }
      expect(ids(await repo.subtree(org.countyB.id))).toEqual(
        expect.arrayContaining(ids([mover, child, grandchild])),
      );
      expect((await repo.subtree(org.countyA.id)).map((u) => u.id)).not.toContain(grandchild.id);

      const underB = await admin('GET', `/api/v1/people?unitId=${org.countyB.id}&pageSize=200`);
      expect(ids(underB.body.items)).toContain(person.id);
      const underA = await admin('GET', `/api/v1/people?unitId=${org.countyA.id}&pageSize=200`);
      expect(ids(underA.body.items)).not.toContain(person.id);

      const treeB = await admin('GET', `/api/v1/units?rootId=${org.countyB.id}`);
      expect(findNode(treeB.body, grandchild.id)).toMatchObject({ depth: 5 });
    });

    it('refuses to move a unit under itself or its own descendant with 422 on parentId, changing nothing', async () => {
      const [mover, child, grandchild] = await chain(org.countyA, [
        'department',
        'party_branch',
        'party_branch',
      ]);
      const snapshot = async () =>
        (await repo.subtree(mover.id)).map((u) => ({
          id: u.id,
          path: u.path,
          parentId: u.parentId,
        }));
      const before = await snapshot();
      expect(before).toHaveLength(3);

      for (const target of [mover, child, grandchild]) {
        const res = await admin('POST', `/api/v1/units/${mover.id}/move`, { parentId: target.id });
        expectStatus(res, 422);
        expect(res.body.violations).toEqual([
          expect.objectContaining({ field: 'parentId', rule: 'unit_cycle' }),
        ]);
      }
      // The office, within its own county, is refused the same way.
      const byOffice = await office('POST', `/api/v1/units/${child.id}/move`, {
        parentId: grandchild.id,
      });
      expectStatus(byOffice, 422);

      expect(await snapshot()).toEqual(before);
      expect((await repo.findUnit(mover.id))!.parentId).toBe(org.countyA.id);
    });
  });

  // ---- responsibility ----------------------------------------------------------------------

  describe('who is responsible, from leadership set through the API', () => {
    // city → county → dept → squad → team → group
    let county: UnitEntity;
    let dept: UnitEntity;
    let squad: UnitEntity;
    let team: UnitEntity;
    let group: UnitEntity;
    const p: Record<string, string> = {};

    const leadership = async (
      unit: UnitEntity,
      firstResponsiblePersonId: string | null,
      committee: Array<{ personId: string; areas: string[] }>,
    ) => {
      const res = await admin('PUT', `/api/v1/units/${unit.id}/leadership`, {
        firstResponsiblePersonId,
        committee,
      });
      expectStatus(res, 200);
      return res;
    };

    const responsible = async (unit: UnitEntity, area?: string) => {
      const res = await admin(
        'GET',
        `/api/v1/units/${unit.id}/responsible${area === undefined ? '' : `?area=${q(area)}`}`,
      );
      expectStatus(res, 200);
      return res.body;
    };

    beforeAll(async () => {
      [county, dept, squad, team, group] = await chain(org.city, [
        'county_bureau',
        'department',
        'department',
        'party_branch',
        'party_branch',
      ]);
      for (const [key, unit] of [
        ['countySecretary', county],
        ['countyTeam', county],
        ['countyDiscipline', county],
        ['deptLogistics', dept],
        ['squadSecretary', squad],
      ] as const)
        p[key] = (await f.person(unit)).id;

      const res = await leadership(county!, p['countySecretary'], [
        { personId: p['countyTeam'], areas: ['队伍管理', '宣传'] },
        { personId: p['countyDiscipline'], areas: ['纪检监察'] },
      ]);
      expect(res.body.firstResponsiblePersonId).toBe(p['countySecretary']);
      expect(res.body.committee).toHaveLength(2);
      await leadership(dept!, null, [{ personId: p['deptLogistics'], areas: ['后勤保障'] }]);
      await leadership(squad!, p['squadSecretary'], []);
    });

    it('first responsible climbs to the nearest unit that names one', async () => {
      expect((await responsible(group)).firstResponsible).toEqual({
        personId: p['squadSecretary'],
        unitId: squad.id,
      });
      expect((await responsible(squad)).firstResponsible).toEqual({
        personId: p['squadSecretary'],
        unitId: squad.id,
      });
      expect((await responsible(dept)).firstResponsible).toEqual({
        personId: p['countySecretary'],
        unitId: county.id,
      });
      // Nobody above the county names one (the city has no secretary here).
      expect((await responsible(org.city)).firstResponsible).toBeNull();
    });

    it('the area leader is the nearest committee member for that area, else the first responsible', async () => {
      expect((await responsible(group, '队伍管理')).responsibleLeader).toEqual({
        personId: p['countyTeam'],
        unitId: county.id,
      });
      expect((await responsible(team, '后勤保障')).responsibleLeader).toEqual({
        personId: p['deptLogistics'],
        unitId: dept.id,
      });
      // Whitespace around the area does not matter.
      expect((await responsible(group, ' 纪检监察 ')).responsibleLeader).toEqual({
        personId: p['countyDiscipline'],
        unitId: county.id,
      });
      // Nobody leads 装备财务: the first responsible person answers.
      expect((await responsible(team, '装备财务')).responsibleLeader).toEqual({
        personId: p['squadSecretary'],
        unitId: squad.id,
      });
      // Without an area there is no area leader.
      expect((await responsible(team)).responsibleLeader).toBeNull();
    });

    it('twoLevelsUp gives the parent and grandparent leaders, skipping a level that names nobody', async () => {
      // team: parent squad (named), grandparent dept (names nobody → skipped, not the county).
      expect((await responsible(team)).twoLevelsUp).toEqual([
        { level: 1, unitId: squad.id, personId: p['squadSecretary'] },
      ]);
      // group: parent team names nobody; grandparent squad.
      expect((await responsible(group)).twoLevelsUp).toEqual([
        { level: 2, unitId: squad.id, personId: p['squadSecretary'] },
      ]);
      // squad: parent dept names nobody; grandparent county.
      expect((await responsible(squad)).twoLevelsUp).toEqual([
        { level: 2, unitId: county.id, personId: p['countySecretary'] },
      ]);
      // dept → county, city (the city names nobody).
      expect((await responsible(dept)).twoLevelsUp).toEqual([
        { level: 1, unitId: county.id, personId: p['countySecretary'] },
      ]);
    });

    it('setting leadership again replaces the committee and the first responsible person', async () => {
      const teamSecretary = (await f.person(team)).id;
      await leadership(team, teamSecretary, []);
      expect((await responsible(group)).twoLevelsUp).toEqual([
        { level: 1, unitId: team.id, personId: teamSecretary },
        { level: 2, unitId: squad.id, personId: p['squadSecretary'] },
      ]);
      await leadership(dept, null, []);
      const afterDept = await admin('GET', `/api/v1/units/${dept.id}`);
      expect(afterDept.body.committee).toEqual([]);
      // Nobody leads 后勤保障 any more: the first responsible person (now team's) answers.
      expect((await responsible(group, '后勤保障')).responsibleLeader).toEqual({
        personId: teamSecretary,
        unitId: team.id,
      });
      await leadership(team, null, []);
      expect((await responsible(group)).firstResponsible).toEqual({
        personId: p['squadSecretary'],
        unitId: squad.id,
      });
    });
    it('someone who has left no longer answers for a unit: the question climbs past them', async () => {
      const secretary = await f.person(team);
      await leadership(team, secretary.id, [{ personId: secretary.id, areas: ['装备财务'] }]);
      expect((await responsible(group, '装备财务')).responsibleLeader.personId).toBe(secretary.id);
      expectStatus(await admin('PATCH', `/api/v1/people/${secretary.id}`, { status: 'left' }), 200);
      const after = await responsible(group, '装备财务');
      expect(after.firstResponsible).toEqual({ personId: p['squadSecretary'], unitId: squad.id });
      expect(after.responsibleLeader).toEqual({ personId: p['squadSecretary'], unitId: squad.id });
      await leadership(team, null, []);
    });

    it('a person sits on a committee once: a repeated seat is a 422 naming it, and nothing changes', async () => {
      const before = (await admin('GET', `/api/v1/units/${county.id}`)).body.committee;
      const res = await admin('PUT', `/api/v1/units/${county.id}/leadership`, {
        firstResponsiblePersonId: p['countySecretary'],
        committee: [
          { personId: p['countyTeam'], areas: ['队伍管理'] },
          { personId: p['countyTeam'], areas: ['宣传'] },
        ],
      });
      expect(res.status).toBe(422);
      expect(res.body.violations.map((v: any) => v.field)).toEqual(['committee.1.personId']);
      expect((await admin('GET', `/api/v1/units/${county.id}`)).body.committee).toEqual(before);
    });
  });

  // ---- people ------------------------------------------------------------------------------

  describe('people', () => {
    it('an office cannot change someone whose roles reach beyond its own (an admin sitting in its branch)', async () => {
      const adminHere = await f.person(org.branchA, { name: '钱卫东' });
      await repo.grant(adminHere.id, 'admin', org.city.id, null);
      const patch = await office('PATCH', `/api/v1/people/${adminHere.id}`, { status: 'left' });
      expect(patch.status).toBe(403);
      const csv =
        '工号 Staff number,姓名 Name,单位编码 Unit code,状态 Status\n' +
        `${adminHere.staffNumber},钱卫东,${org.branchA.code},已离开\n`;
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'people.csv');
      const imported = await office('POST', '/api/v1/import?sheet=people', form);
      expect(imported.status).toBe(422);
      expect(imported.body.problems).toEqual([
        expect.objectContaining({ row: 2, message: expect.stringContaining('beyond your reach') }),
      ]);
      // Nothing changed: the admin is still active, and an admin may still edit them.
      expect((await repo.findPerson(adminHere.id))!.status).toBe('active');
      expect(
        (await admin('PATCH', `/api/v1/people/${adminHere.id}`, { position: '副局长' })).status,
      ).toBe(200);
    });

    it('blanking a required field in an edit is a 400 naming it, not a server error', async () => {
      const person = await f.person(org.branchA);
      const res = await office('PATCH', `/api/v1/people/${person.id}`, {
        name: null,
        unitId: null,
        status: null,
        isKeyPerson: null,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: any) => e.field).sort()).toEqual([
        'isKeyPerson',
        'name',
        'status',
        'unitId',
      ]);
    });

    it('creates a person (201) labelled in zh-CN by default and in English on request', async () => {
      const body = personBody(org.branchA.id, {
        name: '欧阳建华',
        isLeader: true,
        isKeyPerson: true,
        keyPersonReasons: ['money', 'high_risk_post'],
      });
      const res = await office('POST', '/api/v1/people', body);
      expectStatus(res, 201);
      expect(res.body).toMatchObject({
        staffNumber: body.staffNumber,
        name: '欧阳建华',
        unitId: org.branchA.id,
        email: 'wang@example.cn',
        isLeader: true,
        isKeyPerson: true,
        flags: [
          { code: 'leader', label: '领导干部' },
          { code: 'key_person', label: '重点人员' },
        ],
        keyPersonReasons: [
          { code: 'money', label: '管钱' },
          { code: 'high_risk_post', label: '廉政风险岗位' },
        ],
        status: { code: 'active', label: '在职' },
        leftAt: null,
      });

      const en = await office(
        'POST',
        '/api/v1/people',
        personBody(org.branchA.id, { isKeyPerson: true, keyPersonReasons: ['goods'] }),
        { 'accept-language': 'en' },
      );
      expectStatus(en, 201);
      expect(en.body).toMatchObject({
        flags: [{ code: 'key_person', label: 'Key person' }],
        keyPersonReasons: [{ code: 'goods', label: 'Manages goods' }],
        status: { code: 'active', label: 'Active' },
      });

      const read = await office('GET', `/api/v1/people/${res.body.id}`, undefined, {
        'accept-language': 'en-GB',
      });
      expectStatus(read, 200);
      expect(read.body.flags.map((l: any) => l.label)).toEqual(['Leader', 'Key person']);
    });

    it('refuses a duplicate staff number with 409 and creates nothing', async () => {
      const first = await office('POST', '/api/v1/people', personBody(org.branchA.id));
      expectStatus(first, 201);
      const count = await peopleCount();
      const again = await office(
        'POST',
        '/api/v1/people',
        personBody(org.branchA.id, { staffNumber: first.body.staffNumber, name: '重复的人' }),
      );
      expectStatus(again, 409);
      expect(again.body.message).toContain(first.body.staffNumber);
      expect(await peopleCount()).toBe(count);
      const found = await office('GET', `/api/v1/people?q=${q(first.body.staffNumber)}`);
      expect(found.body.items.map((i: any) => i.name)).toEqual(['王建国']);
    });

    it('rejects unknown fields, a bad email and bad flags with 400 naming each field, creating nothing', async () => {
      const count = await peopleCount();
      const res = await office('POST', '/api/v1/people', {
        ...personBody(org.branchA.id),
        nickname: '老王',
        email: 'not-an-email',
        isLeader: 'yes',
        isKeyPerson: 1,
        keyPersonReasons: ['bribery'],
      });
      expectStatus(res, 400);
      const fields = res.body.errors.map((e: any) => e.field).sort();
      expect(fields).toEqual(
        ['email', 'isKeyPerson', 'isLeader', 'keyPersonReasons', 'nickname'].sort(),
      );
      for (const field of fields) expect(res.body.message).toContain(field);
      expect(await peopleCount()).toBe(count);

      const patch = await office('PATCH', `/api/v1/people/${org.personA.id}`, {
        staffNumber: 'X1',
        email: '@',
      });
      expectStatus(patch, 400);
      expect(patch.body.errors.map((e: any) => e.field).sort()).toEqual(['email', 'staffNumber']);
    });

    it('requires a reason for a key person (422 on keyPersonReasons), on create and on edit', async () => {
      const count = await peopleCount();
      const res = await office(
        'POST',
        '/api/v1/people',
        personBody(org.branchA.id, { isKeyPerson: true, keyPersonReasons: [] }),
      );
      expectStatus(res, 422);
      expect(res.body.violations).toEqual([
        expect.objectContaining({ field: 'keyPersonReasons', rule: 'key_person_reason_required' }),
      ]);
      expect(await peopleCount()).toBe(count);

      const person = await f.person(org.branchA);
      const patch = await office('PATCH', `/api/v1/people/${person.id}`, { isKeyPerson: true });
      expectStatus(patch, 422);
      expect((await repo.findPerson(person.id))!.isKeyPerson).toBe(false);
    });

    it('marks someone who left without deleting them; they are found with status=left', async () => {
      const unit = await f.unit(org.countyA, 'party_branch');
      const leaving = await f.person(unit, { name: '调离民警' });
      const staying = await f.person(unit, { name: '留任民警' });
      const started = Date.now();

      const res = await office('PATCH', `/api/v1/people/${leaving.id}`, { status: 'left' });
      expectStatus(res, 200);
      expect(res.body.status).toEqual({ code: 'left', label: '已调离' });
      expect(res.body.name).toBe('调离民警');
      expect(Date.parse(res.body.leftAt)).toBeGreaterThanOrEqual(started - 5_000);
      expect(Date.parse(res.body.leftAt)).toBeLessThanOrEqual(Date.now() + 5_000);

      const read = await office('GET', `/api/v1/people/${leaving.id}`);
      expectStatus(read, 200);
      expect(read.body.leftAt).toBe(res.body.leftAt);

      const left = await office('GET', `/api/v1/people?unitId=${unit.id}&status=left`);
      expect(ids(left.body.items)).toEqual([leaving.id]);
      const active = await office('GET', `/api/v1/people?unitId=${unit.id}&status=active`);
      expect(ids(active.body.items)).toEqual([staying.id]);

      // An unrelated edit keeps the departure date; coming back clears it.
      const edited = await office('PATCH', `/api/v1/people/${leaving.id}`, { position: '原民警' });
      expect(edited.body.leftAt).toBe(res.body.leftAt);
      const back = await office('PATCH', `/api/v1/people/${leaving.id}`, { status: 'active' });
      expect(back.body).toMatchObject({ status: { code: 'active' }, leftAt: null });
    });

    describe('search', () => {
      let unit: UnitEntity;
      let leader: string;
      let key: string;
      let plain: string;
      let leaderStaff: string;

      beforeAll(async () => {
        unit = await f.unit(org.countyA, 'party_branch');
        const a = await f.person(unit, { name: '司马明远', isLeader: true });
        const b = await f.person(unit, {
          name: '司马静',
          isKeyPerson: true,
          keyPersonReasons: ['personnel'],
        });
        const c = await f.person(unit, { name: '欧阳明' });
        [leader, key, plain, leaderStaff] = [a.id, b.id, c.id, a.staffNumber];
        // Namesakes outside the unit and outside the office's county.
        await f.person(org.branchB, { name: '司马明远', isLeader: true });
      });

      const search = async (query: string) => {
        const res = await office('GET', `/api/v1/people?unitId=${unit.id}&${query}`);
        expectStatus(res, 200);
        return res.body;
      };

      it('finds people by a fragment of a Chinese name', async () => {
        expect(ids((await search(`q=${q('司马')}`)).items)).toEqual([leader, key].sort());
        expect(ids((await search(`q=${q('明')}`)).items)).toEqual([leader, plain].sort());
        expect((await search(`q=${q('诸葛')}`)).total).toBe(0);
        // The office's own search never reaches county B's namesake.
        const all = await office('GET', `/api/v1/people?q=${q('司马明远')}&pageSize=200`);
        expect(ids(all.body.items)).toEqual([leader]);
      });

      it('finds people by staff number, treating % and _ literally', async () => {
        expect(ids((await search(`q=${q(leaderStaff)}`)).items)).toEqual([leader]);
        expect(ids((await search(`q=${q(leaderStaff.toLowerCase())}`)).items)).toEqual([leader]);
        expect((await search(`q=${q('%')}`)).total).toBe(0);
        expect((await search(`q=${q('_')}`)).total).toBe(0);
      });

      it('filters by the leader and key person flags', async () => {
        expect(ids((await search('leader=true')).items)).toEqual([leader]);
        expect(ids((await search('leader=false')).items)).toEqual([key, plain].sort());
        expect(ids((await search('keyPerson=true')).items)).toEqual([key]);
        const both = await search('keyPerson=false&leader=false');
        expect(ids(both.items)).toEqual([plain]);
      });

      it('paginates with page, pageSize and the total, in staff number order', async () => {
        const pageUnit = await f.unit(org.countyA, 'party_branch');
        const people = [];
        for (let i = 0; i < 5; i++) people.push(await f.person(pageUnit, { name: `分页${i}` }));
        const expected = people.map((p) => p.staffNumber).sort();

        const pages = [];
        for (const page of [1, 2, 3, 4]) {
          const res = await office(
            'GET',
            `/api/v1/people?unitId=${pageUnit.id}&page=${page}&pageSize=2`,
          );
          expectStatus(res, 200);
          expect(res.body).toMatchObject({ page, pageSize: 2, total: 5 });
          pages.push(res.body.items.map((i: any) => i.staffNumber));
        }
        expect(pages.map((p) => p.length)).toEqual([2, 2, 1, 0]);
        expect(pages.flat()).toEqual(expected);

        const bad = await office('GET', `/api/v1/people?page=0&pageSize=500`);
        expectStatus(bad, 400);
        expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['page', 'pageSize']);
      });
    });
  });

  // ---- units -------------------------------------------------------------------------------

  describe('units', () => {
    it('refuses a duplicate unit code with 409 and creates nothing', async () => {
      const unitCode = code('DUP');
      const first = await office('POST', '/api/v1/units', {
        code: unitCode,
        name: '刑侦大队',
        kind: 'department',
        parentId: org.countyA.id,
      });
      expectStatus(first, 201);
      const again = await office('POST', '/api/v1/units', {
        code: unitCode,
        name: '另一个刑侦大队',
        kind: 'department',
        parentId: org.countyA.id,
      });
      expectStatus(again, 409);
      const rows = await api.db.dataSource.query('SELECT name FROM units WHERE code = $1', [
        unitCode,
      ]);
      expect(rows).toEqual([{ name: '刑侦大队' }]);
    });

    it('renames a unit, keeping its code and place', async () => {
      const unit = await f.unit(org.countyA, 'department', '治安大队');
      const res = await office('PATCH', `/api/v1/units/${unit.id}`, { name: '治安管理大队' });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        id: unit.id,
        name: '治安管理大队',
        code: unit.code,
        parentId: org.countyA.id,
        kind: { code: 'department', label: '科室' },
      });
      const read = await office('GET', `/api/v1/units/${unit.id}`, undefined, {
        'accept-language': 'en',
      });
      expect(read.body).toMatchObject({
        name: '治安管理大队',
        kind: { code: 'department', label: 'Department' },
      });
    });

    it('only an admin creates a root unit: the office gets 403 and nothing is created', async () => {
      const body = () => ({
        code: code('ROOT'),
        name: '另一市公安局',
        kind: 'city_bureau',
        parentId: null,
      });
      const refused = body();
      const res = await office('POST', '/api/v1/units', refused);
      expectStatus(res, 403);
      expect(await repo.findUnitByCode(refused.code)).toBeNull();

      const allowed = body();
      const created = await admin('POST', '/api/v1/units', allowed);
      expectStatus(created, 201);
      expect(created.body).toMatchObject({
        code: allowed.code,
        parentId: null,
        depth: 0,
        kind: { code: 'city_bureau', label: '市局' },
      });
      const roots = await admin('GET', '/api/v1/units');
      expect(roots.body.map((n: any) => n.id)).toEqual(
        expect.arrayContaining([org.city.id, created.body.id]),
      );
    });
  });

  // ---- grants ------------------------------------------------------------------------------

  describe('grants', () => {
    it('an office grants supervisor in its subtree; the grantee reads people there until revoked', async () => {
      const grantee = await f.account(org.branchA, []);
      const token = await api.signIn(grantee.username);
      const asGrantee = api.as(token);
      const peopleOfBranchA = `/api/v1/people?unitId=${org.branchA.id}&pageSize=200`;

      expectStatus(await asGrantee('GET', peopleOfBranchA), 403);

      const granted = await office('POST', '/api/v1/grants', {
        personId: grantee.person.id,
        role: 'supervisor',
        unitId: org.branchA.id,
      });
      expectStatus(granted, 201);
      expect(granted.body).toMatchObject({
        personId: grantee.person.id,
        unitId: org.branchA.id,
        role: { code: 'supervisor', label: '督查问效组' },
      });

      // The same token works at once: grants are loaded per request.
      const read = await asGrantee('GET', peopleOfBranchA);
      expectStatus(read, 200);
      expect(ids(read.body.items)).toEqual(
        expect.arrayContaining([org.personA.id, grantee.person.id]),
      );
      // Only that subtree.
      expectStatus(await asGrantee('GET', `/api/v1/people/${org.personB.id}`), 404);
      // A supervisor may not write.
      expectStatus(await asGrantee('POST', '/api/v1/people', personBody(org.branchA.id)), 403);

      // Granting the same again returns the same grant.
      const again = await office('POST', '/api/v1/grants', {
        personId: grantee.person.id,
        role: 'supervisor',
        unitId: org.branchA.id,
      });
      expectOk(again);
      expect(again.body.id).toBe(granted.body.id);
      const listed = await office('GET', `/api/v1/grants?personId=${grantee.person.id}`);
      expectStatus(listed, 200);
      expect(listed.body.map((g: any) => g.id)).toEqual([granted.body.id]);

      const revoked = await office('DELETE', `/api/v1/grants/${granted.body.id}`);
      expectStatus(revoked, 204);
      // The very next request with the same token is refused.
      expectStatus(await asGrantee('GET', peopleOfBranchA), 403);
      expect((await office('GET', `/api/v1/grants?personId=${grantee.person.id}`)).body).toEqual(
        [],
      );
      expectStatus(await office('DELETE', `/api/v1/grants/${granted.body.id}`), 404);
    });

    it('an office may not grant admin (403), and nothing is granted', async () => {
      const person = await f.person(org.branchA);
      const res = await office('POST', '/api/v1/grants', {
        personId: person.id,
        role: 'admin',
        unitId: org.branchA.id,
      });
      expectStatus(res, 403);
      expect(await repo.grantsOf(person.id)).toEqual([]);
    });

    it('an office may not revoke an admin grant (403), and the grant stays', async () => {
      const person = await f.person(org.branchA);
      const grant = await repo.grant(person.id, 'admin', org.branchA.id, null);
      expectStatus(await office('DELETE', `/api/v1/grants/${grant.id}`), 403);
      expect((await repo.grantsOf(person.id)).map((g) => g.id)).toEqual([grant.id]);
    });
  });

  // ---- me ----------------------------------------------------------------------------------

  describe('GET /me', () => {
    it('returns my person, my unit and my grants with role labels', async () => {
      const res = await office('GET', '/api/v1/me');
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        username: org.users.office.username,
        person: {
          id: org.users.office.person.id,
          staffNumber: org.users.office.person.staffNumber,
          status: { code: 'active', label: '在职' },
        },
        unit: {
          id: org.countyA.id,
          name: '东城分局',
          kind: { code: 'county_bureau', label: '县区局' },
        },
        grants: [{ role: { code: 'office', label: '活动办' }, unitId: org.countyA.id }],
      });
      expect(res.body.grants).toHaveLength(1);

      const en = await office('GET', '/api/v1/me', undefined, { 'accept-language': 'en' });
      expect(en.body.grants[0].role.label).toBe('Campaign office');
      expect(en.body.unit.kind.label).toBe('County or district bureau');
    });

    it('lists every grant of a person holding several', async () => {
      const account = await f.account(org.branchA, [
        { role: 'member', unit: org.branchA },
        { role: 'inspector', unit: org.countyA },
      ]);
      const me = await api.as(await api.signIn(account.username))('GET', '/api/v1/me');
      expectStatus(me, 200);
      expect(me.body.person.id).toBe(account.person.id);
      expect(me.body.unit.id).toBe(org.branchA.id);
      expect(me.body.grants.map((g: any) => [g.role.code, g.role.label, g.unitId]).sort()).toEqual(
        [
          ['inspector', '纪检监察干部', org.countyA.id],
          ['member', '党员干部', org.branchA.id],
        ].sort(),
      );
    });
  });
});
