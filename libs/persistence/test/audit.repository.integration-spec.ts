import { randomUUID } from 'node:crypto';

import {
  type AuditEntry,
  AuditRepository,
  type PersonEntity,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling } from './fixtures.js';

describe('AuditRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let audit: AuditRepository;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let lookalike: UnitEntity;
  let atCounty: PersonEntity;
  let atBranch: PersonEntity;
  let beside: PersonEntity;

  const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
    eventKey: randomUUID(),
    at: new Date(),
    actorPersonId: null,
    action: 'statement.read',
    subjectType: 'statement',
    subjectId: randomUUID(),
    reason: null,
    details: { fields: ['answers'], 说明: '查阅' },
    source: 'api',
    ...overrides,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    audit = new AuditRepository(db.dataSource);
    const f = new OrgFactory(db.dataSource);
    const city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    atCounty = await f.person(countyA);
    atBranch = await f.person(branchA);
    beside = await f.person(lookalike);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('appends concurrent entries into one unbroken chain, each event once', async () => {
    const retried = entry();
    const seqs = await Promise.all([
      ...Array.from({ length: 8 }, () => audit.append(entry())),
      audit.append(retried),
      audit.append(retried),
    ]);
    // The retried event has one position, whichever call wrote it.
    expect(seqs[8]).toBe(seqs[9]);
    expect(new Set(seqs).size).toBe(9);
    expect(await audit.verify(3)).toEqual({ checked: 9, firstBroken: null });
    expect(await audit.forSubject('statement', retried.subjectId)).toHaveLength(1);
  });

  it('shows a unit’s readers only what people strictly below them did, newest first', async () => {
    const subjectType = `tip_off-${randomUUID().slice(0, 8)}`;
    const byCounty = await audit.append(entry({ subjectType, actorPersonId: atCounty.id }));
    const byBranch = await audit.append(entry({ subjectType, actorPersonId: atBranch.id }));
    const byBeside = await audit.append(entry({ subjectType, actorPersonId: beside.id }));
    const bySystem = await audit.append(entry({ subjectType }));
    const read = async (
      scope: Parameters<AuditRepository['list']>[0]['scope'],
      page = 1,
      pageSize = 10,
    ) => {
      const { items, total } = await audit.list({ scope, subjectType, page, pageSize });
      return { seqs: items.map((i) => i.seq), total };
    };

    expect(await read({ all: false, abovePaths: [countyA.path] })).toEqual({
      seqs: [byBranch],
      total: 1,
    });
    expect(await read({ all: false, abovePaths: [lookalike.path] })).toEqual({
      seqs: [],
      total: 0,
    });
    expect(await read({ all: true })).toEqual({
      seqs: [bySystem, byBeside, byBranch, byCounty],
      total: 4,
    });
    expect(await read({ all: true }, 2, 3)).toEqual({ seqs: [byCounty], total: 4 });
    const [first] = (await audit.list({ scope: { all: true }, subjectType, page: 1, pageSize: 1 }))
      .items;
    expect(first.details).toEqual({ fields: ['answers'], 说明: '查阅' });
  });
});
