import { randomUUID } from 'node:crypto';

import { OrgRepository, type Scope, type UnitEntity } from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling } from './fixtures.js';

describe('OrgRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let org: OrgRepository;
  let f: OrgFactory;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });

  /** A city with two counties, a branch under the first, and a lookalike of the first. */
  async function tree() {
    const city = await f.unit(null, 'city_bureau', '某市公安局');
    const countyA = await f.unit(city, 'county_bureau', '东城分局');
    const branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    const countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    const lookalike = await lookalikeSibling(db.dataSource, countyA);
    return { city, countyA, branchA, countyB, lookalike };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    org = new OrgRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('gives a subtree and the units in scope in tree order, never a lookalike path', async () => {
    const { city, countyA, branchA, countyB, lookalike } = await tree();
    expect((await org.subtree(countyA.id)).map((u) => u.id)).toEqual([countyA.id, branchA.id]);
    expect((await org.listUnits(scopeOf(countyA))).map((u) => u.id)).toEqual([
      countyA.id,
      branchA.id,
    ]);
    expect((await org.listUnits(scopeOf(lookalike))).map((u) => u.id)).toEqual([lookalike.id]);
    expect((await org.listUnits(scopeOf(countyB), city.id)).map((u) => u.id)).toEqual([countyB.id]);
    expect((await org.listUnits({ all: true }, city.id)).map((u) => u.id).sort()).toEqual(
      [city.id, countyA.id, branchA.id, countyB.id, lookalike.id].sort(),
    );
  });

  it('moves a unit with its whole subtree, and nothing beside it', async () => {
    const { countyA, branchA, countyB, lookalike } = await tree();
    const team = await f.unit(branchA, 'department', '东城分局第一党支部一组');
    await org.moveUnit(countyA.id, countyB.id);

    const moved = await org.subtree(countyB.id);
    expect(moved.map((u) => u.id)).toEqual([countyB.id, countyA.id, branchA.id, team.id]);
    const path = (id: string) => moved.find((u) => u.id === id)!.path;
    expect(path(team.id)).toBe(`${path(branchA.id)}.${team.path.split('.').at(-1)}`);
    expect((await org.findUnit(countyA.id))!.parentId).toBe(countyB.id);
    expect((await org.findUnit(branchA.id))!.parentId).toBe(countyA.id);
    // The lookalike's path began with the mover's: it stays where it was.
    expect((await org.findUnit(lookalike.id))!.path).toBe(lookalike.path);
  });

  it('grants once: granting again answers the existing grant', async () => {
    const { countyA } = await tree();
    const officer = await f.person(countyA);
    const first = await org.grant(officer.id, 'office', countyA.id, null);
    const again = await org.grant(officer.id, 'office', countyA.id, null);
    expect(again.id).toBe(first.id);
    expect(await org.grantsOf(officer.id)).toHaveLength(1);
  });

  it('names those holding a role beyond a scope: an admin, or a grant outside it', async () => {
    const { city, countyA, branchA, lookalike } = await tree();
    const [inside, admin, outside, plain] = await Promise.all(
      [1, 2, 3, 4].map(() => f.person(branchA)),
    );
    await org.grant(inside.id, 'office', branchA.id, null);
    await org.grant(admin.id, 'admin', branchA.id, null);
    await org.grant(outside.id, 'member', branchA.id, null);
    await org.grant(outside.id, 'inspector', lookalike.id, null);
    const beyond = await org.holdingGrantsBeyond(
      [inside.id, admin.id, outside.id, plain.id],
      scopeOf(countyA),
    );
    expect(beyond).toEqual(new Set([admin.id, outside.id]));
    expect(await org.holdingGrantsBeyond([outside.id], scopeOf(city))).toEqual(new Set());
  });

  it('finds the nearest active holders of a role above a unit', async () => {
    const { city, countyA, branchA } = await tree();
    const [cityInspector, countyInspector, countyInspector2, gone] = await Promise.all(
      [1, 2, 3, 4].map(() => f.person(city)),
    );
    await org.grant(cityInspector.id, 'inspector', city.id, null);
    await org.grant(countyInspector.id, 'inspector', countyA.id, null);
    await org.grant(countyInspector2.id, 'inspector', countyA.id, null);
    await org.grant(gone.id, 'inspector', branchA.id, null);
    await org.updatePerson(gone.id, { status: 'left' });

    expect(await org.nearestRoleHolders(branchA.id, 'inspector')).toEqual({
      unitId: countyA.id,
      personIds: [countyInspector.id, countyInspector2.id].sort(),
    });
    expect(await org.nearestRoleHolders(city.id, 'inspector')).toEqual({
      unitId: city.id,
      personIds: [cityInspector.id],
    });
    expect(await org.nearestRoleHolders(branchA.id, 'supervisor')).toBeNull();
  });

  it('reads a unit’s lineage with empty seats where the holder has left', async () => {
    const { city, countyA, branchA } = await tree();
    const chief = await f.person(city);
    const former = await f.person(countyA, { status: 'left' });
    const member = await f.person(countyA);
    await org.setFirstResponsible(city.id, chief.id);
    await org.setFirstResponsible(countyA.id, former.id);
    await org.setCommittee(countyA.id, [
      { personId: former.id, areas: ['discipline'] },
      { personId: member.id, areas: ['study'] },
    ]);
    // Setting the committee again replaces it.
    await org.setCommittee(countyA.id, [
      { personId: former.id, areas: ['discipline'] },
      { personId: member.id, areas: ['discipline', 'study'] },
    ]);
    const lineage = await org.lineageForTree(branchA.id);
    const byId = new Map(lineage.map((u) => [u.id, u]));
    expect([...byId.keys()].sort()).toEqual([city.id, countyA.id, branchA.id].sort());
    expect(byId.get(city.id)!.firstResponsiblePersonId).toBe(chief.id);
    expect(byId.get(countyA.id)!.firstResponsiblePersonId).toBeNull();
    expect(byId.get(countyA.id)!.committee).toEqual([
      { personId: member.id, areas: ['discipline', 'study'] },
    ]);
    expect(await org.committeeOf([countyA.id])).toHaveLength(2);
  });

  it('searches people in scope with text taken literally, paged by staff number', async () => {
    const { countyA, branchA, countyB, lookalike } = await tree();
    const tag = randomUUID().slice(0, 8);
    let n = 0;
    const make = (unit: UnitEntity, name: string) =>
      f.person(unit, { name, staffNumber: `S-${tag}-${(n += 1)}` });
    const a1 = await make(countyA, '张_三');
    const a2 = await make(branchA, '张X三');
    const a3 = await make(branchA, '100%李四');
    await make(countyB, '张_三');
    await make(lookalike, '张_三');
    const search = async (
      scope: Scope,
      q: Partial<Parameters<OrgRepository['searchPeople']>[1]>,
    ) => {
      const { items, total } = await org.searchPeople(scope, { offset: 0, limit: 10, ...q });
      return { ids: items.map((p) => p.id), total };
    };

    // `_` is a character, not a wildcard.
    expect(await search(scopeOf(countyA), { text: '张_' })).toEqual({ ids: [a1.id], total: 1 });
    expect(await search(scopeOf(countyA), { text: '%' })).toEqual({ ids: [a3.id], total: 1 });
    expect(await search(scopeOf(countyA), { text: '张' })).toEqual({
      ids: [a1.id, a2.id],
      total: 2,
    });
    expect(await search({ all: true }, { unitId: branchA.id })).toEqual({
      ids: [a2.id, a3.id],
      total: 2,
    });
    expect(await search(scopeOf(countyA), { offset: 1, limit: 1 })).toEqual({
      ids: [a2.id],
      total: 3,
    });
    expect(await search(scopeOf(countyA), { text: '张_', status: 'left' })).toEqual({
      ids: [],
      total: 0,
    });
  });
});
