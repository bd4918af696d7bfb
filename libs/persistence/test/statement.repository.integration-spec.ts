import { randomBytes, randomUUID } from 'node:crypto';

import type { StatementAnswer } from '@campaign/domain';
import {
  type CampaignEntity,
  ConfidentialCipher,
  type Scope,
  StatementRepository,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling, recordCampaign } from './fixtures.js';

/** The six clarifications, the third disclosing `text`, sent in no particular order. */
const answers = (text: string): StatementAnswer[] => [
  { item: 4, nothingToReport: true },
  { item: 3, disclosure: text },
  { item: 1, nothingToReport: true },
  { item: 6, nothingToReport: true },
  { item: 2, nothingToReport: true },
  { item: 5, nothingToReport: true },
];

describe('StatementRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let statements: StatementRepository;
  let f: OrgFactory;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let campaign: CampaignEntity;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });
  const submit = (personId: string, unit: UnitEntity, at: string, text = '与老板聚餐') =>
    statements.submit({
      campaignId: campaign.id,
      personId,
      unitId: unit.id,
      answers: answers(text),
      submittedAt: new Date(at),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    statements = new StatementRepository(
      db.dataSource,
      new ConfidentialCipher([{ id: 'k1', key: randomBytes(32) }]),
    );
    f = new OrgFactory(db.dataSource);
    const city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    campaign = await recordCampaign(db.dataSource, city);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('numbers a person’s versions 1, 2, 3… even when submitted at once', async () => {
    const person = await f.person(branchA);
    const submitted = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        submit(person.id, branchA, `2026-04-0${i + 1}T02:00:00Z`),
      ),
    );
    expect(submitted.map((s) => s.version).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await statements.versions(campaign.id, person.id)).map((s) => s.version)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('keeps the answers sealed, opened in item order', async () => {
    const person = await f.person(branchA);
    const marker = `CANARY-${randomUUID()}`;
    const statement = await submit(person.id, branchA, '2026-04-01T02:00:00Z', marker);
    const [{ found }]: Array<{ found: number }> = await db.dataSource.query(
      `SELECT count(*)::int AS found FROM statements WHERE position(convert_to($1, 'UTF8') IN answers) > 0`,
      [marker],
    );
    expect(found).toBe(0);
    const opened = await statements.open(statement.id);
    expect(opened.map((a) => a.item)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(opened[2]).toEqual({ item: 3, disclosure: marker });
  });

  it('finds the version a person had submitted at an instant', async () => {
    const person = await f.person(countyB);
    await submit(person.id, countyB, '2026-04-01T02:00:00Z');
    await submit(person.id, countyB, '2026-04-10T02:00:00Z');
    const at = async (iso: string) =>
      (await statements.latestAt(campaign.id, person.id, new Date(iso)))?.version ?? null;
    expect(await at('2026-03-31T00:00:00Z')).toBeNull();
    expect(await at('2026-04-01T02:00:00Z')).toBe(1);
    expect(await at('2026-04-09T00:00:00Z')).toBe(1);
    expect(await at('2026-05-01T00:00:00Z')).toBe(2);
  });

  it('tells an office who in its scope has submitted, each person’s latest version once', async () => {
    const [inBranch, inCounty, beside] = await Promise.all([
      f.person(branchA),
      f.person(countyA),
      f.person(lookalike),
    ]);
    const own = await recordCampaign(db.dataSource, countyA);
    const submitOwn = (personId: string, unit: UnitEntity, at: string) =>
      statements.submit({
        campaignId: own.id,
        personId,
        unitId: unit.id,
        answers: answers('无'),
        submittedAt: new Date(at),
      });
    await submitOwn(inBranch.id, branchA, '2026-04-01T02:00:00Z');
    await submitOwn(inBranch.id, branchA, '2026-04-02T02:00:00Z');
    await submitOwn(inCounty.id, countyA, '2026-04-03T02:00:00Z');
    await submitOwn(beside.id, lookalike, '2026-04-04T02:00:00Z');
    const who = async (scope: Scope) =>
      (await statements.submitted(own.id, scope))
        .map((s) => [s.personId, s.version])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

    expect(await who(scopeOf(countyA))).toEqual(
      [
        [inBranch.id, 2],
        [inCounty.id, 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(await who(scopeOf(branchA))).toEqual([[inBranch.id, 2]]);
    expect(await who(scopeOf(lookalike))).toEqual([[beside.id, 1]]);
    expect(await who({ all: true })).toHaveLength(3);
  });
});
