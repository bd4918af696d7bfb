import { randomUUID } from 'node:crypto';

import type { NotificationRequest } from '@campaign/contracts';
import { DomainError } from '@campaign/domain';
import { NotificationRepository, type PersonEntity, type UnitEntity } from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

describe('NotificationRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let notifications: NotificationRepository;
  let f: OrgFactory;
  let unit: UnitEntity;

  const reminder = (
    person: PersonEntity,
    dedupeKey = `task-${randomUUID()}:reminder:P3D`,
    overrides: Partial<NotificationRequest> = {},
  ): NotificationRequest => ({
    dedupeKey,
    recipientPersonId: person.id,
    templateKey: 'task_reminder',
    params: {
      taskName: { 'zh-CN': '廉政承诺书', en: 'Integrity pledge' },
      campaignTitle: '全市公安队伍教育整顿',
      dueAt: '2026-12-01T10:00:00Z',
      timeLeft: 'P3D',
    },
    campaignId: null,
    rehearsal: false,
    channels: ['inbox', 'email'],
    urgency: 'reminder',
    ...overrides,
  });
  const batch = () => `batch-${randomUUID()}`;
  const person = (fields: Parameters<OrgFactory['person']>[1] = {}) =>
    f.person(unit, { email: `p${randomUUID().slice(0, 8)}@example.cn`, ...fields });
  /** The e-mail row of a message. */
  const email = async (dedupeKey: string) =>
    (await notifications.findByDedupeKey(dedupeKey)).find((n) => n.channel === 'email')!;

  beforeAll(async () => {
    db = await createTestDatabase();
    notifications = new NotificationRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
    unit = await f.unit(null, 'county_bureau', '东城分局');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('stores a message once per channel: enqueued again, nothing new is created', async () => {
    const reader = await person();
    const request = reminder(reader);
    const key = batch();
    expect(await notifications.enqueue([request, request], key)).toEqual({ created: 2 });
    expect(await notifications.enqueue([request], batch())).toEqual({ created: 0 });

    const rows = await notifications.findByDedupeKey(request.dedupeKey);
    expect(rows.map((r) => [r.channel, r.status, r.batchKey])).toEqual([
      ['email', 'pending', key],
      ['inbox', 'delivered', key],
    ]);
  });

  it('refuses a call with one bad request whole, naming it, storing nothing', async () => {
    const reader = await person();
    const good = reminder(reader);
    const bad = reminder(reader, '', { channels: ['fax' as never] });
    const refused = await notifications.enqueue([good, bad], batch()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).violations.map((v) => v.field)).toEqual([
      'items.1.dedupeKey',
      'items.1.channels',
    ]);
    expect(await notifications.findByDedupeKey(good.dedupeKey)).toEqual([]);
  });

  it('lets concurrent senders claim disjoint e-mails, and the sweep wait out the grace', async () => {
    const readers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => person()));
    const key = batch();
    await notifications.enqueue(
      readers.map((r) => reminder(r)),
      key,
    );
    // Fresh mail is its batch's delivery's to send: the sweep leaves it for now.
    const swept = await notifications.claimEmails({ due: true }, 100, 60_000);
    expect(swept.filter((c) => readers.some((r) => r.id === c.recipientPersonId))).toEqual([]);

    const claims = await Promise.all(
      [1, 2, 3].map(() => notifications.claimEmails({ batchKey: key }, 4, 60_000)),
    );
    const ids = claims.flat().map((c) => c.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect(claims.flat().every((c) => c.attempt === 1)).toBe(true);
    expect(await notifications.batchCounts(key)).toEqual({ sending: 6 });
    expect(await notifications.claimEmails({ batchKey: key }, 10, 60_000)).toEqual([]);
  });

  it('fences an outcome by its attempt: a stale sender cannot undo a newer claim', async () => {
    const reader = await person();
    const request = reminder(reader);
    const key = batch();
    await notifications.enqueue([request], key);
    const [first] = await notifications.claimEmails({ batchKey: key }, 1, 60_000);

    // The first sender's lease runs out; the row goes back and is claimed again.
    await db.dataSource.query(
      `UPDATE notifications SET lease_until = now() - interval '1 second' WHERE id = $1`,
      [first.id],
    );
    expect(await notifications.releaseExpiredLeases()).toBeGreaterThanOrEqual(1);
    expect((await email(request.dedupeKey)).status).toBe('pending');
    const [second] = await notifications.claimEmails({ batchKey: key }, 1, 60_000);
    expect(second.attempt).toBe(2);

    await notifications.recordAttempt(second, new Date(), {
      outcome: 'sent',
      messageId: '<second@example.cn>',
      smtpCode: 250,
      smtpResponse: '250 OK',
    });
    // The first sender wakes up and reports a failure: the mail stays sent.
    await notifications.recordAttempt(first, new Date(), {
      outcome: 'failed',
      errorClass: 'SmtpError',
      smtpCode: 550,
      smtpResponse: '550 no',
    });
    const row = await email(request.dedupeKey);
    expect([row.status, row.messageId, row.attempts]).toEqual(['sent', '<second@example.cn>', 2]);
    const attempts = await notifications.attemptsOf(row.id);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.errorClass])).toEqual([
      [1, 'failed', 'SmtpError'],
      [2, 'sent', null],
    ]);
  });

  it('counts a late success of a released mail, so it is not sent twice', async () => {
    const reader = await person();
    const request = reminder(reader);
    const key = batch();
    await notifications.enqueue([request], key);
    const [claim] = await notifications.claimEmails({ batchKey: key }, 1, 60_000);
    await db.dataSource.query(
      `UPDATE notifications SET lease_until = now() - interval '1 second' WHERE id = $1`,
      [claim.id],
    );
    await notifications.releaseExpiredLeases();
    await notifications.recordAttempt(claim, new Date(), {
      outcome: 'sent',
      messageId: '<late@example.cn>',
      smtpCode: 250,
      smtpResponse: null,
    });
    expect((await email(request.dedupeKey)).status).toBe('sent');
    expect(await notifications.claimEmails({ batchKey: key }, 1, 60_000)).toEqual([]);
    // The released attempt's record now says what became of it.
    const [attempt] = await notifications.attemptsOf(claim.id);
    expect([attempt.attempt, attempt.outcome]).toEqual([1, 'sent']);
  });

  it('settles what is not to be sent now: no address, left, digest readers', async () => {
    const noAddress = await person({ email: null });
    const gone = await person({ status: 'left' });
    const digestReader = await person();
    const plain = await person();
    await notifications.setPreferences(digestReader.id, {
      language: 'en',
      reminderDelivery: 'daily_digest',
    });
    const key = batch();
    const requests = [
      reminder(noAddress),
      reminder(gone),
      reminder(digestReader),
      // Escalations and rehearsals never wait for a digest.
      reminder(digestReader, undefined, { urgency: 'escalation' }),
      reminder(digestReader, undefined, { rehearsal: true }),
      reminder(plain),
    ];
    await notifications.enqueue(requests, key);
    await notifications.settleUnsendable({ batchKey: key }, true);

    const statuses = await Promise.all(
      requests.map(async (r) => {
        const row = await email(r.dedupeKey);
        const attempts = await notifications.attemptsOf(row.id);
        return [row.status, attempts.map((a) => a.errorClass)];
      }),
    );
    expect(statuses).toEqual([
      ['skipped', ['NoAddress']],
      ['skipped', ['RecipientLeft']],
      ['held', []],
      ['pending', []],
      ['pending', []],
      ['pending', []],
    ]);
    expect(await notifications.batchCounts(key)).toEqual({ skipped: 2, held: 1, pending: 3 });
    const claimed = await notifications.claimEmails({ batchKey: key }, 10, 60_000);
    expect(claimed.filter((c) => c.recipientPersonId === digestReader.id)[0].language).toBe('en');
    expect(claimed.find((c) => c.recipientPersonId === plain.id)!.language).toBe('zh-CN');

    // With e-mail off, every pending mail is skipped as such.
    const off = batch();
    const another = reminder(plain);
    await notifications.enqueue([another], off);
    await notifications.settleUnsendable({ batchKey: off }, false);
    const row = await email(another.dedupeKey);
    expect(row.status).toBe('skipped');
    expect((await notifications.attemptsOf(row.id))[0].errorClass).toBe('EmailDisabled');
  });

  it('gathers held reminders into one digest per reader and day, once', async () => {
    const reader = await person();
    await notifications.setPreferences(reader.id, {
      language: 'zh-CN',
      reminderDelivery: 'daily_digest',
    });
    const hold = async (count: number) => {
      const key = batch();
      const requests = Array.from({ length: count }, () => reminder(reader));
      await notifications.enqueue(requests, key);
      await notifications.settleUnsendable({ batchKey: key }, true);
      return requests;
    };
    const morning = await hold(2);
    const first = await notifications.buildDigests('2026-12-08');
    const digests = async (date: string) =>
      (await notifications.findByDedupeKey(`digest:${reader.id}:${date}`)).filter(
        (n) => n.channel === 'email',
      );
    const [digest] = await digests('2026-12-08');
    expect(first.batchKey).toBe('digest:2026-12-08');
    expect(first.created).toBeGreaterThanOrEqual(1);
    expect((await notifications.digestEntries(digest.id)).length).toBe(2);
    expect((await email(morning[0].dedupeKey)).status).toBe('digested');

    // Held after the day's digest was built: a retry attaches nothing, the next day takes it.
    const evening = await hold(1);
    await notifications.buildDigests('2026-12-08');
    expect(await digests('2026-12-08')).toHaveLength(1);
    expect((await notifications.digestEntries(digest.id)).length).toBe(2);
    expect((await email(evening[0].dedupeKey)).status).toBe('held');
    await notifications.buildDigests('2026-12-09');
    const [next] = await digests('2026-12-09');
    expect((await notifications.digestEntries(next.id)).length).toBe(1);
  });

  it('reads an inbox unread first then newest, paged, and marks only its owner’s entries', async () => {
    const reader = await person();
    const stranger = await person();
    const requests = Array.from({ length: 5 }, (_, i) =>
      reminder(reader, `inbox-${reader.id}-${i}`, { channels: ['inbox'] }),
    );
    await notifications.enqueue(requests, batch());
    await notifications.enqueue([reminder(stranger, undefined, { channels: ['inbox'] })], batch());
    const rows = await Promise.all(
      requests.map(async (r) => (await notifications.findByDedupeKey(r.dedupeKey))[0]),
    );
    const order = async (q: { unreadOnly?: boolean; offset?: number; limit?: number } = {}) => {
      const { items, total } = await notifications.inbox(reader.id, {
        offset: 0,
        limit: 10,
        ...q,
      });
      return { items: items.map((n) => rows.findIndex((r) => r.id === n.id)), total };
    };
    expect(await order()).toEqual({ items: [4, 3, 2, 1, 0], total: 5 });

    // Another's entry cannot be marked by this reader.
    expect(await notifications.markRead(stranger.id, rows[3].id)).toBeNull();
    const read = await notifications.markRead(reader.id, rows[3].id);
    expect(read?.readAt).toBeInstanceOf(Date);
    const again = await notifications.markRead(reader.id, rows[3].id);
    expect(again?.readAt).toEqual(read?.readAt);

    expect(await order()).toEqual({ items: [4, 2, 1, 0, 3], total: 5 });
    expect(await order({ unreadOnly: true })).toEqual({ items: [4, 2, 1, 0], total: 4 });
    expect(await order({ offset: 2, limit: 2 })).toEqual({ items: [1, 0], total: 5 });
    expect(await notifications.markAllRead(reader.id)).toBe(4);
    expect(await notifications.markAllRead(reader.id)).toBe(0);
    expect(
      (await notifications.inbox(stranger.id, { unreadOnly: true, offset: 0, limit: 10 })).total,
    ).toBe(1);
  });

  it('joins a burst of notices into the one still pending, and opens none once it is sent', async () => {
    const inspector = await person();
    const burst = {
      templateKeys: ['tip_off_received', 'tip_offs_received'],
      batchPrefix: 'tip_off_received-',
      burstTemplate: 'tip_offs_received',
    };
    const join = () =>
      db.dataSource.transaction((tx) => notifications.joinBurst(inspector.id, burst, tx));
    expect(await join()).toBe(false);

    const first = reminder(inspector, `tip-${randomUUID()}`, {
      templateKey: 'tip_off_received',
      params: { unitName: '东城分局', category: '违反工作纪律' },
      urgency: 'escalation',
    });
    const key = `tip_off_received-${randomUUID()}`;
    await notifications.enqueue([first], key);
    const [inbox] = (await notifications.findByDedupeKey(first.dedupeKey)).filter(
      (n) => n.channel === 'inbox',
    );
    await notifications.markRead(inspector.id, inbox.id);

    expect(await join()).toBe(true);
    expect(await join()).toBe(true);
    const rows = await notifications.findByDedupeKey(first.dedupeKey);
    expect(rows.map((r) => [r.channel, r.templateKey, r.params, r.readAt])).toEqual([
      ['email', 'tip_offs_received', { count: 3 }, null],
      ['inbox', 'tip_offs_received', { count: 3 }, null],
    ]);

    // Once a sender holds the e-mail, the next event opens a notice of its own.
    await notifications.claimEmails({ batchKey: key }, 1, 60_000);
    expect(await join()).toBe(false);
  });

  it('counts the e-mails still to send over every batch', async () => {
    const before = await notifications.undeliveredCount();
    const reader = await person();
    const key = batch();
    await notifications.enqueue([reminder(reader), reminder(reader)], key);
    expect(await notifications.undeliveredCount()).toBe(before + 2);
    const [claim] = await notifications.claimEmails({ batchKey: key }, 1, 60_000);
    // In a sender's hands is still undelivered.
    expect(await notifications.undeliveredCount()).toBe(before + 2);
    await notifications.recordAttempt(claim, new Date(), {
      outcome: 'sent',
      messageId: '<x@example.cn>',
      smtpCode: 250,
      smtpResponse: null,
    });
    expect(await notifications.undeliveredCount()).toBe(before + 1);
  });
});
