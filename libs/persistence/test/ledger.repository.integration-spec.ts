import { randomUUID } from 'node:crypto';

import {
  type CampaignEntity,
  LedgerRepository,
  type NewLedgerItem,
  NotificationRepository,
  type PersonEntity,
  type Scope,
  type UnitEntity,
} from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DAY, lookalikeSibling, recordCampaign } from './fixtures.js';

describe('LedgerRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let ledger: LedgerRepository;
  let city: UnitEntity;
  let countyA: UnitEntity;
  let branchA: UnitEntity;
  let countyB: UnitEntity;
  let lookalike: UnitEntity;
  let officer: PersonEntity;
  let campaign: CampaignEntity;

  const scopeOf = (...units: UnitEntity[]): Scope => ({
    all: false,
    paths: units.map((u) => u.path),
  });

  const newItem = (
    unit: UnitEntity,
    overrides: Partial<NewLedgerItem> = {},
    on: CampaignEntity = campaign,
  ): NewLedgerItem => ({
    id: randomUUID(),
    campaignId: on.id,
    unitId: unit.id,
    personIds: [],
    description: `${unit.name}：工作纪律松弛`,
    source: 'inspection',
    sourceRound: null,
    category: 'discipline_work',
    registeredByPersonId: officer.id,
    registeredAt: new Date(),
    rehearsal: on.rehearsal,
    ...overrides,
  });

  const register = (items: NewLedgerItem[]) =>
    db.dataSource.transaction((tx) => ledger.insertItems(items, tx));

  /** A campaign of its own with one item per unit given, for the reading queries. */
  async function campaignWith(...units: UnitEntity[]) {
    const own = await recordCampaign(db.dataSource, city);
    const items = units.map((u) => newItem(u, {}, own));
    await register(items);
    return { campaign: own, ids: items.map((i) => i.id) };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = new LedgerRepository(db.dataSource);
    const f = new OrgFactory(db.dataSource);
    city = await f.unit(null, 'city_bureau', '某市公安局');
    countyA = await f.unit(city, 'county_bureau', '东城分局');
    branchA = await f.unit(countyA, 'party_branch', '东城分局第一党支部');
    countyB = await f.unit(city, 'county_bureau', '西山县公安局');
    lookalike = await lookalikeSibling(db.dataSource, countyA);
    officer = await f.person(city, { name: '赵敏' });
    campaign = await recordCampaign(db.dataSource, city);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('numbers each campaign’s items 1, 2, 3… in order, across calls, per campaign', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const other = await recordCampaign(db.dataSource, city);
    const first = [newItem(countyA, {}, own), newItem(countyB, {}, own)];
    const second = [newItem(branchA, {}, own), newItem(countyA, {}, other)];
    await register(first);
    await register(second);

    const numbers = async (c: CampaignEntity) =>
      (
        await ledger.list({ scope: { all: true }, campaignId: c.id, page: 1, pageSize: 10 })
      ).items.map((i) => [i.id, i.number]);
    expect(await numbers(own)).toEqual([
      [first[0].id, 1],
      [first[1].id, 2],
      [second[0].id, 3],
    ]);
    expect(await numbers(other)).toEqual([[second[1].id, 1]]);
  });

  it('gives concurrent registrations on one campaign distinct numbers, none lost', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const batches = Array.from({ length: 4 }, () =>
      Array.from({ length: 3 }, () => newItem(branchA, {}, own)),
    );
    await Promise.all(batches.map((batch) => register(batch)));

    const { items, total } = await ledger.list({
      scope: { all: true },
      campaignId: own.id,
      page: 1,
      pageSize: 50,
    });
    expect(total).toBe(12);
    expect(items.map((i) => i.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Each call's items keep their order among themselves.
    for (const batch of batches) {
      const mine = batch.map((b) => items.find((i) => i.id === b.id)!.number);
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
  });

  it('lists only the items within the scope’s subtrees, never a lookalike path’s', async () => {
    const { campaign: own, ids } = await campaignWith(countyA, branchA, countyB, lookalike);
    const [inA, inBranchA, inB, inLookalike] = ids;
    const listed = async (scope: Scope, unitId?: string) =>
      (await ledger.list({ scope, campaignId: own.id, page: 1, pageSize: 10, unitId })).items.map(
        (i) => i.id,
      );

    expect(await listed(scopeOf(countyA))).toEqual([inA, inBranchA]);
    expect(await listed(scopeOf(branchA))).toEqual([inBranchA]);
    expect(await listed(scopeOf(lookalike))).toEqual([inLookalike]);
    expect(await listed(scopeOf(branchA, countyB))).toEqual([inBranchA, inB]);
    expect(await listed({ all: true }, countyA.id)).toEqual([inA, inBranchA]);
    // The unit filter narrows the scope, never widens it.
    expect(await listed(scopeOf(countyB), countyA.id)).toEqual([]);
    expect(await listed({ all: true })).toEqual([inA, inBranchA, inB, inLookalike]);
  });

  it('pages in number order with the total of every match, also past the last page', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const items = Array.from({ length: 5 }, () => newItem(countyA, {}, own));
    await register(items);
    const page = (n: number) =>
      ledger.list({ scope: { all: true }, campaignId: own.id, page: n, pageSize: 2 });

    const pages = await Promise.all([1, 2, 3, 4].map(page));
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((p) => p.items.map((i) => i.number))).toEqual([[1, 2], [3, 4], [5], []]);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(items.map((i) => i.id));
  });

  it('filters by status, overdue, escalation, supervision, warning and a person’s part', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const responsible = await new OrgFactory(db.dataSource).person(countyA, { name: '钱程' });
    const [plain, late, escalated, concerned] = [
      newItem(countyA, {}, own),
      newItem(countyA, {}, own),
      newItem(countyB, {}, own),
      newItem(countyB, { personIds: [responsible.id] }, own),
    ];
    await register([plain, late, escalated, concerned]);
    // What an item's workflow steps would have written.
    await db.dataSource.query(
      `UPDATE ledger_items SET status = 'in_progress', overdue = true, warning_level = 'yellow',
         responsible_person_id = $2, mode = 'by_deadline' WHERE id = $1`,
      [late.id, responsible.id],
    );
    await db.dataSource.query(
      `UPDATE ledger_items SET status = 'in_progress', rung = 'supervision_order',
         warning_level = 'red', supervising_leader_id = $2 WHERE id = $1`,
      [escalated.id, officer.id],
    );
    const ids = async (filters: Partial<Parameters<LedgerRepository['list']>[0]>) =>
      (
        await ledger.list({
          scope: { all: true },
          campaignId: own.id,
          page: 1,
          pageSize: 10,
          ...filters,
        })
      ).items.map((i) => i.id);

    expect(await ids({ status: 'in_progress' })).toEqual([late.id, escalated.id]);
    expect(await ids({ status: 'registered' })).toEqual([plain.id, concerned.id]);
    expect(await ids({ overdue: true })).toEqual([late.id]);
    expect(await ids({ overdue: false })).toEqual([plain.id, escalated.id, concerned.id]);
    expect(await ids({ escalated: true })).toEqual([escalated.id]);
    expect(await ids({ escalated: false })).toEqual([plain.id, late.id, concerned.id]);
    expect(await ids({ supervised: true })).toEqual([escalated.id]);
    expect(await ids({ warningLevel: 'red' })).toEqual([escalated.id]);
    expect(await ids({ mode: 'by_deadline' })).toEqual([late.id]);
    expect(await ids({ responsiblePersonId: responsible.id })).toEqual([late.id]);
    // Their own: responsible for one, concerned in another.
    expect(await ids({ personId: responsible.id })).toEqual([late.id, concerned.id]);
    expect(await ids({ status: 'in_progress', scope: scopeOf(countyB) })).toEqual([escalated.id]);
  });

  it('counts per unit in one query what the list shows, within the scope only', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const items = [
      newItem(countyA, {}, own),
      newItem(countyA, {}, own),
      newItem(branchA, {}, own),
      newItem(lookalike, {}, own),
      newItem(countyB, {}, own),
    ];
    await register(items);
    await db.dataSource.query(
      `UPDATE ledger_items SET status = 'closed', overdue = true, rung = 'reminder', warning_level = 'yellow'
       WHERE id = $1`,
      [items[1].id],
    );

    const counts = await ledger.unitCounts(own.id, scopeOf(countyA));
    expect(counts.map((c) => [c.unitId, c.total])).toEqual([
      [countyA.id, 2],
      [branchA.id, 1],
    ]);
    const a = counts[0];
    expect(a.byStatus.registered).toBe(1);
    expect(a.byStatus.closed).toBe(1);
    expect([a.overdue, a.escalated, a.yellow, a.red, a.supervised]).toEqual([1, 1, 1, 0, 0]);
    expect(Object.values(a.byStatus).reduce((s, n) => s + n, 0)).toBe(a.total);

    // Every unit's count agrees with what the list gives for it.
    const everywhere = await ledger.unitCounts(own.id, { all: true });
    expect(everywhere).toHaveLength(4);
    const listed = await ledger.list({
      scope: { all: true },
      campaignId: own.id,
      page: 1,
      pageSize: 10,
    });
    for (const unit of everywhere) {
      expect(listed.items.filter((i) => i.unitId === unit.unitId)).toHaveLength(unit.total);
    }
  });

  it('tracks unconfirmed workflow starts: marked once, the first confirmation kept', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const items = [newItem(countyA, {}, own), newItem(countyB, {}, own)];
    await register(items);
    const ids = items.map((i) => i.id);
    const later = new Date(Date.now() + DAY);
    const unstarted = async () =>
      (await ledger.unstartedItemIds(later, 1000)).filter((id) => ids.includes(id));

    expect(await unstarted()).toEqual(ids);
    // Registered after the cut-off: not yet the reconciler's business.
    expect(
      (await ledger.unstartedItemIds(new Date(Date.now() - DAY), 1000)).filter((id) =>
        ids.includes(id),
      ),
    ).toEqual([]);

    await ledger.markStarted([ids[0]]);
    const first = (await ledger.findItem(ids[0]))!.workflowStartedAt;
    expect(first).toBeInstanceOf(Date);
    expect(await unstarted()).toEqual([ids[1]]);
    await ledger.markStarted(ids);
    expect((await ledger.findItem(ids[0]))!.workflowStartedAt).toEqual(first);
    expect(await unstarted()).toEqual([]);
  });

  it('parks an item keeping the first instant and the latest reason; the count covers all', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const items = [newItem(countyA, {}, own), newItem(countyA, {}, own), newItem(countyA, {}, own)];
    await register(items);
    const before = await ledger.parked(1);

    await ledger.park(items[0].id, 'deadlock detected');
    const firstAt = (await ledger.findItem(items[0].id))!.parkedAt;
    await ledger.park(items[1].id, 'timeout');
    await ledger.park(items[0].id, 'still failing');

    const parked = (await ledger.findItem(items[0].id))!;
    expect(parked.parkedAt).toEqual(firstAt);
    expect(parked.parkedReason).toBe('still failing');
    const now = await ledger.parked(1);
    expect(now.count).toBe(before.count + 2);
    expect(now.itemIds).toHaveLength(1);
    const all = await ledger.parkedItemIds();
    expect(all.indexOf(items[0].id)).toBeLessThan(all.indexOf(items[1].id));
    expect(all).not.toContain(items[2].id);
  });

  it('knows which items may still run: every item but the confirmed, in number order', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const items = [newItem(countyA, {}, own), newItem(countyA, {}, own), newItem(countyA, {}, own)];
    await register(items);
    await db.dataSource.query(`UPDATE ledger_items SET status = 'confirmed' WHERE id = $1`, [
      items[1].id,
    ]);
    expect(await ledger.openItemIds(own.id)).toEqual([items[0].id, items[2].id]);
  });

  describe('the accountability register', () => {
    let own: CampaignEntity;
    let itemA: NewLedgerItem;
    let itemB: NewLedgerItem;
    const recipient = randomUUID();

    const entry = (
      item: NewLedgerItem,
      key: string,
      at: string,
      rung: 'reminder' | 'supervision_order' | 'bulletin' = 'reminder',
      recipients = [{ personId: recipient, role: 'responsible_leader' }],
    ) => ({
      key,
      itemId: item.id,
      campaignId: item.campaignId,
      unitId: item.unitId,
      kind: 'rung' as const,
      rung,
      level: null,
      reason: 'stalled' as const,
      at: Date.parse(at),
      recipients,
      accountable: [],
      respondBy: null,
      rehearsal: false,
    });
    const registerEntry = (e: ReturnType<typeof entry>) =>
      db.dataSource.transaction((tx) => ledger.registerEntry(e, tx));

    beforeAll(async () => {
      own = await recordCampaign(db.dataSource, city);
      itemA = newItem(countyA, {}, own);
      itemB = newItem(countyB, {}, own);
      await register([itemA, itemB]);
    });

    it('records an entry once per key: a retried step leaves the first as it was', async () => {
      const key = `item-${itemA.id}:rung:reminder:1`;
      await registerEntry(entry(itemA, key, '2026-03-02T02:00:00Z'));
      await registerEntry(entry(itemA, key, '2026-03-09T02:00:00Z'));
      const entries = (await ledger.entriesOf(itemA.id)).filter((e) => e.key === key);
      expect(entries).toHaveLength(1);
      expect(entries[0].at.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    });

    it('numbers supervision orders per campaign and Beijing year, a retry taking no number', async () => {
      const orders = [
        ['so-1', '2026-04-01T02:00:00Z'],
        ['so-2', '2026-05-01T02:00:00Z'],
        // 17:30 UTC on 31 December is 01:30 on 1 January in Beijing: next year's first.
        ['so-3', '2026-12-31T17:30:00Z'],
        ['so-4', '2027-01-05T02:00:00Z'],
      ] as const;
      for (const [key, at] of orders) {
        await registerEntry(entry(itemB, `${itemB.id}:${key}`, at, 'supervision_order'));
      }
      await registerEntry(
        entry(itemB, `${itemB.id}:so-2`, '2026-05-01T02:00:00Z', 'supervision_order'),
      );

      const numbers = (await ledger.entriesOf(itemB.id))
        .filter((e) => e.rung === 'supervision_order')
        .map((e) => [e.key.split(':')[1], e.documentNumber]);
      expect(numbers).toEqual([
        ['so-1', '督〔2026〕1号'],
        ['so-2', '督〔2026〕2号'],
        ['so-3', '督〔2027〕1号'],
        ['so-4', '督〔2027〕2号'],
      ]);
      // Another campaign's orders have numbers of their own.
      const other = await recordCampaign(db.dataSource, city);
      const item = newItem(countyB, {}, other);
      await register([item]);
      await registerEntry(
        entry(item, `${item.id}:so-1`, '2026-06-01T02:00:00Z', 'supervision_order'),
      );
      expect((await ledger.entriesOf(item.id))[0].documentNumber).toBe('督〔2026〕1号');
    });

    it('reads the register in scope, newest first, by rung, recipient and time window', async () => {
      const other = randomUUID();
      const base = `${own.id}:read`;
      await registerEntry(entry(itemA, `${base}:1`, '2026-06-01T00:00:00Z', 'bulletin'));
      await registerEntry(
        entry(itemB, `${base}:2`, '2026-06-02T00:00:00Z', 'bulletin', [
          { personId: other, role: 'first_responsible' },
        ]),
      );
      await registerEntry(entry(itemA, `${base}:3`, '2026-06-03T00:00:00Z', 'bulletin'));
      const read = async (q: Partial<Parameters<LedgerRepository['accountability']>[0]>) => {
        const { entries, total } = await ledger.accountability({
          scope: { all: true },
          campaignId: own.id,
          rung: 'bulletin',
          page: 1,
          pageSize: 10,
          ...q,
        });
        return { keys: entries.map((e) => e.key.slice(base.length + 1)), total };
      };

      expect(await read({})).toEqual({ keys: ['3', '2', '1'], total: 3 });
      expect(await read({ scope: scopeOf(countyA) })).toEqual({ keys: ['3', '1'], total: 2 });
      expect(await read({ scope: scopeOf(lookalike) })).toEqual({ keys: [], total: 0 });
      expect(await read({ unitId: countyB.id })).toEqual({ keys: ['2'], total: 1 });
      expect(await read({ personId: other })).toEqual({ keys: ['2'], total: 1 });
      expect(
        await read({
          from: new Date('2026-06-02T00:00:00Z'),
          to: new Date('2026-06-03T00:00:00Z'),
        }),
      ).toEqual({ keys: ['2'], total: 1 });
      expect(await read({ pageSize: 2, page: 2 })).toEqual({ keys: ['1'], total: 3 });
      expect(await read({ pageSize: 2, page: 3 })).toEqual({ keys: [], total: 3 });
    });

    it('shows a rehearsal campaign’s register only the entries marked as rehearsed', async () => {
      const rehearsal = await recordCampaign(db.dataSource, city, { rehearsal: true });
      const item = newItem(countyA, {}, rehearsal);
      await register([item]);
      // An entry marked real on a rehearsal campaign does not belong to either view.
      await registerEntry({ ...entry(item, `${item.id}:real`, '2026-06-01T00:00:00Z') });
      await registerEntry({
        ...entry(item, `${item.id}:rehearsed`, '2026-06-02T00:00:00Z'),
        rehearsal: true,
      });
      const { entries, total } = await ledger.accountability({
        scope: { all: true },
        campaignId: rehearsal.id,
        page: 1,
        pageSize: 10,
      });
      expect([entries.map((e) => e.key), total]).toEqual([[`${item.id}:rehearsed`], 1]);
    });

    it('finds each entry’s deliveries by its key alone, `_` and `%` taken literally', async () => {
      const person = await new OrgFactory(db.dataSource).person(countyA);
      const notifications = new NotificationRepository(db.dataSource);
      const mail = (dedupeKey: string) => ({
        dedupeKey,
        recipientPersonId: person.id,
        templateKey: 'task_reminder',
        params: {
          taskName: '廉政承诺书',
          campaignTitle: '测试',
          dueAt: '2026-12-01T10:00:00Z',
          timeLeft: 'P3D',
        },
        campaignId: own.id,
        rehearsal: false,
        channels: ['inbox' as const, 'email' as const],
        urgency: 'escalation' as const,
      });
      const tag = randomUUID().slice(0, 8);
      await notifications.enqueue(
        [
          mail(`${tag}:rung_1:${person.id}`),
          // Would match `rung_1` if `_` were a wildcard, `rung:1` if the key were a prefix alone.
          mail(`${tag}:rungX1:${person.id}`),
          mail(`${tag}:rung:10:${person.id}`),
          mail(`${tag}:rung:1:${person.id}`),
        ],
        `batch-${tag}`,
      );
      const deliveries = await ledger.deliveries([`${tag}:rung_1`, `${tag}:rung:1`, `${tag}:none`]);
      expect(deliveries.get(`${tag}:rung_1`)!.map((d) => [d.dedupeKey, d.channel])).toEqual([
        [`${tag}:rung_1:${person.id}`, 'email'],
        [`${tag}:rung_1:${person.id}`, 'inbox'],
      ]);
      expect(deliveries.get(`${tag}:rung:1`)!.map((d) => d.dedupeKey)).toEqual([
        `${tag}:rung:1:${person.id}`,
        `${tag}:rung:1:${person.id}`,
      ]);
      expect(deliveries.get(`${tag}:none`)).toEqual([]);
      expect(deliveries.get(`${tag}:rung_1`)![1].status).toBe('delivered');
    });
  });

  it('gives each item its latest report, however many it has', async () => {
    const own = await recordCampaign(db.dataSource, city);
    const items = [newItem(countyA, {}, own), newItem(countyB, {}, own), newItem(countyB, {}, own)];
    await register(items);
    const report = (itemId: string, text: string, at: string) =>
      ledger.insertReport({
        id: randomUUID(),
        itemId,
        kind: 'progress',
        text,
        link: null,
        files: [],
        reportedByPersonId: officer.id,
        reportedAt: new Date(at),
      });
    await report(items[0].id, '第二次进展', '2026-05-02T00:00:00Z');
    await report(items[0].id, '第一次进展', '2026-05-01T00:00:00Z');
    await report(items[1].id, '唯一进展', '2026-05-03T00:00:00Z');

    const latest = await ledger.latestReports(items.map((i) => i.id));
    expect(Object.fromEntries(latest)).toEqual({
      [items[0].id]: '第二次进展',
      [items[1].id]: '唯一进展',
    });
    expect((await ledger.reports(items[0].id)).map((r) => r.text)).toEqual([
      '第一次进展',
      '第二次进展',
    ]);
  });
});
