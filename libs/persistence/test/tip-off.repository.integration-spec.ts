import { randomBytes, randomUUID } from 'node:crypto';

import {
  ConfidentialCipher,
  ConfidentialIntegrityError,
  type PersonEntity,
  type Scope,
  TipOffRepository,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { lookalikeSibling } from './fixtures.js';

describe('TipOffRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let tipOffs: TipOffRepository;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let inspector: PersonEntity;
  let received = 0;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });
  const submit = (unit: UnitEntity, text = '某民警违规接受宴请', reporter = true) => {
    received += 1;
    return tipOffs.submit({
      receiptCode: `R${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      passphraseHash: '$argon2id$test',
      unitId: unit.id,
      category: 'discipline_integrity',
      subjectName: '王某某',
      text,
      reporter: reporter ? { name: '李举报', phone: '13800000000' } : null,
      receivedAt: new Date(Date.parse('2026-05-01T02:00:00Z') + received * 60_000),
    });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    tipOffs = new TipOffRepository(
      db.dataSource,
      new ConfidentialCipher([{ id: 'k1', key: randomBytes(32) }]),
    );
    const f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    inspector = await f.person(city);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps what a tip-off says sealed in its row, opened only where it was sealed', async () => {
    const marker = `CANARY-${randomUUID()}`;
    const tipOff = await submit(countyA, `举报内容 ${marker}`);
    const other = await submit(countyB);
    const [{ found }]: Array<{ found: number }> = await db.dataSource.query(
      `SELECT count(*)::int AS found FROM tip_offs
        WHERE position(convert_to($1, 'UTF8') IN text) > 0
           OR position(convert_to($1, 'UTF8') IN subject_name) > 0
           OR position(convert_to('李举报', 'UTF8') IN reporter) > 0`,
      [marker],
    );
    expect(found).toBe(0);
    expect((await tipOffs.open([tipOff.id])).get(tipOff.id)?.text).toBe(`举报内容 ${marker}`);
    expect(await tipOffs.openReporter(tipOff.id)).toEqual({ name: '李举报', phone: '13800000000' });

    // Copied into another tip-off's row, the text does not open there.
    await db.dataSource.query(
      'UPDATE tip_offs SET text = (SELECT text FROM tip_offs WHERE id = $1) WHERE id = $2',
      [tipOff.id, other.id],
    );
    await expect(tipOffs.open([other.id])).rejects.toBeInstanceOf(ConfidentialIntegrityError);
  });

  it('lets no more guesses through than allowed, however many arrive at once', async () => {
    const tipOff = await submit(branchA);
    const admitted = await Promise.all(
      Array.from({ length: 10 }, () => tipOffs.beginAttempt(tipOff.id, 5)),
    );
    expect(admitted.filter(Boolean)).toHaveLength(5);
    // The fifth wrong passphrase locks the receipt: nothing is checked while it is locked.
    expect(await tipOffs.attemptFailed(tipOff.id, 5, 60_000)).toBe(true);
    expect(await tipOffs.beginAttempt(tipOff.id, 5)).toBe(false);
    expect((await tipOffs.findReceipt(await receiptOf(tipOff.id)))!.lockedUntil).toBeInstanceOf(
      Date,
    );

    // The lock has run out: the count starts again.
    await db.dataSource.query(
      `UPDATE tip_offs SET locked_until = now() - interval '1 second' WHERE id = $1`,
      [tipOff.id],
    );
    expect(await tipOffs.beginAttempt(tipOff.id, 5)).toBe(true);
    // A wrong guess below the limit does not lock; a right one forgives the count.
    expect(await tipOffs.attemptFailed(tipOff.id, 5, 60_000)).toBe(false);
    await tipOffs.attemptSucceeded(tipOff.id);
    const again = await Promise.all(
      Array.from({ length: 6 }, () => tipOffs.beginAttempt(tipOff.id, 5)),
    );
    expect(again.filter(Boolean)).toHaveLength(5);
  });

  async function receiptOf(id: string): Promise<string> {
    const [{ receipt_code }]: Array<{ receipt_code: string }> = await db.dataSource.query(
      'SELECT receipt_code FROM tip_offs WHERE id = $1',
      [id],
    );
    return receipt_code;
  }

  it('lists the tip-offs about units in scope, newest first, with totals and pages', async () => {
    // Units of their own, so other tests' tip-offs stay out of the counts.
    const f = new OrgFactory(db.dataSource);
    const county = await f.unit(city, 'county_bureau', '南湖分局');
    const branch = await f.unit(county, 'party_branch', '南湖分局党支部');
    const beside = await lookalikeSibling(db.dataSource, county);
    const first = await submit(county);
    const second = await submit(branch, '匿名举报', false);
    const third = await submit(beside);
    const handled = await submit(branch);
    await db.dataSource.transaction((tx) =>
      tipOffs.markHandled(
        handled.id,
        { status: 'not_pursued', problemId: null, byPersonId: inspector.id, at: new Date() },
        tx,
      ),
    );
    const list = async (q: Partial<Parameters<TipOffRepository['list']>[0]>) => {
      const { items, total } = await tipOffs.list({
        scope: scopeOf(county),
        page: 1,
        pageSize: 10,
        ...q,
      });
      return { ids: items.map((t) => t.id), total };
    };

    expect(await list({})).toEqual({ ids: [handled.id, second.id, first.id], total: 3 });
    expect(await list({ status: 'received' })).toEqual({ ids: [second.id, first.id], total: 2 });
    expect(await list({ scope: scopeOf(beside) })).toEqual({ ids: [third.id], total: 1 });
    expect(await list({ scope: { all: true }, unitId: branch.id })).toEqual({
      ids: [handled.id, second.id],
      total: 2,
    });
    expect(await list({ page: 2, pageSize: 2 })).toEqual({ ids: [first.id], total: 3 });
    expect((await tipOffs.find(second.id))!.anonymous).toBe(true);
  });

  it('records a tip-off’s handling once, whoever comes second being told', async () => {
    const tipOff = await submit(lookalike);
    const handle = (status: 'triaged' | 'not_pursued') =>
      db.dataSource.transaction((tx) =>
        tipOffs.markHandled(
          tipOff.id,
          { status, problemId: null, byPersonId: inspector.id, at: new Date() },
          tx,
        ),
      );
    const outcomes = await Promise.all([handle('triaged'), handle('not_pursued')]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const stored = (await tipOffs.find(tipOff.id))!;
    expect(stored.status).toBe(outcomes[0] ? 'triaged' : 'not_pursued');
  });

  it('keeps the messages on a tip-off in order, opened by author', async () => {
    const tipOff = await submit(countyB);
    await tipOffs.addMessage({
      tipOffId: tipOff.id,
      author: 'reporter',
      authorPersonId: null,
      text: '补充：时间是五月一日',
    });
    await tipOffs.addMessage({
      tipOffId: tipOff.id,
      author: 'inspector',
      authorPersonId: inspector.id,
      text: '已收到，正在核查',
    });
    await tipOffs.addMessage({
      tipOffId: tipOff.id,
      author: 'reporter',
      authorPersonId: null,
      text: '再补充：地点在某酒店',
    });
    expect((await tipOffs.messages(tipOff.id)).map((m) => m.author)).toEqual([
      'reporter',
      'inspector',
      'reporter',
    ]);
    expect((await tipOffs.openMessages(tipOff.id, 'reporter')).map((m) => m.text)).toEqual([
      '补充：时间是五月一日',
      '再补充：地点在某酒店',
    ]);
  });
});
