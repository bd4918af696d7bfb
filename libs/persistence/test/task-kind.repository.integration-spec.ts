import { type PersonEntity, TaskKindRepository, type UnitEntity } from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling } from './fixtures.js';

describe('TaskKindRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let kinds: TaskKindRepository;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let office: PersonEntity;

  const create = (owner: UnitEntity, name: string) =>
    kinds.create({
      ownerUnitId: owner.id,
      name: { 'zh-CN': name, en: name },
      needsAttendance: false,
      needsEvidence: true,
      needsAnswers: false,
      createdByPersonId: office.id,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    kinds = new TaskKindRepository(db.dataSource);
    const f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    office = await f.person(city);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('offers a scope the kinds owned within it or above it, newest first, by status', async () => {
    const ofCity = await create(city, '市局专题学习');
    const ofCounty = await create(countyA, '分局警示教育');
    const ofBranch = await create(branchA, '支部廉政谈话');
    const ofSibling = await create(countyB, '县局读书班');
    const ofLookalike = await create(lookalike, '相似路径单位');
    await db.dataSource.transaction((tx) =>
      kinds.retire(ofBranch.id, { at: new Date(), byPersonId: office.id }, tx),
    );
    const ids = async (paths: UnitEntity[], status?: 'active' | 'retired') =>
      (await kinds.list({ all: false, paths: paths.map((u) => u.path) }, undefined, status)).map(
        (k) => k.id,
      );

    expect(await ids([countyA])).toEqual([ofBranch.id, ofCounty.id, ofCity.id]);
    expect(await ids([countyA], 'active')).toEqual([ofCounty.id, ofCity.id]);
    expect(await ids([countyA], 'retired')).toEqual([ofBranch.id]);
    expect(await ids([lookalike])).toEqual([ofLookalike.id, ofCity.id]);
    expect(await ids([countyB])).toEqual([ofSibling.id, ofCity.id]);
    const some = await kinds.list({ all: true }, [ofCounty.id, ofSibling.id]);
    expect(some.map((k) => k.id).sort()).toEqual([ofCounty.id, ofSibling.id].sort());
  });

  it('locks a kind for a change, so two retirements cannot both find it in use', async () => {
    const kind = await create(countyA, '分局专题党课');
    expect((await kinds.find(kind.id))!.ownerPath).toBe(countyA.path);
    const retire = () =>
      db.dataSource.transaction(async (tx) => {
        const found = (await kinds.find(kind.id, tx))!;
        if (found.retiredAt) return false;
        await kinds.retire(kind.id, { at: new Date(), byPersonId: office.id }, tx);
        return true;
      });
    const outcomes = await Promise.all([retire(), retire(), retire()]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const updated = await db.dataSource.transaction((tx) =>
      kinds.update(kind.id, { needsAttendance: true }, tx),
    );
    expect([updated.needsAttendance, updated.needsEvidence]).toEqual([true, true]);
  });
});
