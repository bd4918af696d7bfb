import type { NotificationRequest } from '@campaign/contracts';
import { NotificationRepository, type PersonEntity } from '@campaign/persistence';
import { OrgFactory } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

describe('inbox and notification preferences (/api/v1/me/...)', () => {
  let api: ApiTestApp;
  let repo: NotificationRepository;
  let me: { token: string; person: PersonEntity };
  let other: { token: string; person: PersonEntity };

  beforeAll(async () => {
    api = await startApiTestApp();
    repo = new NotificationRepository(api.db.dataSource);
    const f = new OrgFactory(api.db.dataSource);
    const unit = await f.unit(null, 'city_bureau');
    for (const target of ['me', 'other'] as const) {
      const account = await f.account(unit, [{ role: 'member', unit }]);
      const value = { token: await api.signIn(account.username), person: account.person };
      if (target === 'me') me = value;
      else other = value;
    }
  });

  afterAll(async () => {
    await api?.close();
  });

  let seq = 0;
  const reminder = (
    person: PersonEntity,
    taskName: string,
    overrides: Partial<NotificationRequest> = {},
  ): NotificationRequest => {
    seq += 1;
    return {
      dedupeKey: `task-${seq}-${crypto.randomUUID()}:reminder:P1D`,
      recipientPersonId: person.id,
      templateKey: 'task_reminder',
      params: {
        taskName: { 'zh-CN': taskName, en: `Task ${taskName}` },
        campaignTitle: '纪律作风建设年',
        dueAt: '2027-01-15T01:00:00Z',
        timeLeft: 'P1D',
      },
      campaignId: null,
      rehearsal: false,
      channels: ['inbox'],
      urgency: 'reminder',
      ...overrides,
    };
  };

  /** Enqueues one at a time, so each has its own creation time (newest = last). */
  async function enqueue(...requests: NotificationRequest[]): Promise<void> {
    for (const request of requests) {
      await repo.enqueue([request], `api-test-${request.dedupeKey}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it('lists my inbox unread first, then newest, paginated, in my language', async () => {
    await enqueue(
      reminder(me.person, '一'),
      reminder(me.person, '二'),
      reminder(me.person, '三', { rehearsal: true }),
      reminder(me.person, '四'),
      reminder(other.person, '别人的'),
    );
    const call = api.as(me.token);
    const page1 = await call('GET', '/api/v1/me/notifications?page=1&pageSize=2');
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 4 });
    expect(page1.body.items.map((i: any) => i.subject)).toEqual([
      '【任务提醒】“四”还有1天到期',
      '【演练】【任务提醒】“三”还有1天到期',
    ]);
    expect(page1.body.items[1]).toMatchObject({ rehearsal: true, read: false, readAt: null });
    expect(page1.body.items[0].body).toContain('2027年1月15日 09:00');

    // Reading "四" moves it behind every unread entry.
    const read = await call('POST', `/api/v1/me/notifications/${page1.body.items[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: page1.body.items[0].id, read: true });
    const all = await call('GET', '/api/v1/me/notifications?pageSize=10');
    const task = (i: any) => /“(.+)”/.exec(i.subject)?.[1];
    expect(all.body.items.map((i: any) => [task(i), i.read])).toEqual([
      ['三', false],
      ['二', false],
      ['一', false],
      ['四', true],
    ]);
    const page2 = await call('GET', '/api/v1/me/notifications?page=2&pageSize=3');
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.total).toBe(4);

    const english = await call('GET', '/api/v1/me/notifications?pageSize=1', undefined, {
      'accept-language': 'en',
    });
    expect(english.body.items[0].subject).toBe('[Rehearsal] Reminder: "Task 三" is due in 1 day');
    expect(english.body.items[0].body).toContain('15 Jan 2027, 09:00 (UTC+8)');

    const unread = await call('GET', '/api/v1/me/notifications?unread=true');
    expect(unread.body.total).toBe(3);
  });

  it('marks all read, and never shows or touches another person’s entries', async () => {
    const theirs = reminder(other.person, '不是你的');
    await enqueue(theirs);
    const [row] = await repo.findByDedupeKey(theirs.dedupeKey);
    const call = api.as(me.token);
    expect((await call('POST', `/api/v1/me/notifications/${row.id}/read`)).status).toBe(404);
    expect(
      (await call('POST', `/api/v1/me/notifications/${crypto.randomUUID()}/read`)).status,
    ).toBe(404);
    expect((await call('POST', '/api/v1/me/notifications/not-a-uuid/read')).status).toBe(400);

    const marked = await call('POST', '/api/v1/me/notifications/read-all');
    expect(marked).toMatchObject({ status: 200, body: { marked: 3 } });
    expect((await call('POST', '/api/v1/me/notifications/read-all')).body).toEqual({ marked: 0 });
    expect((await call('GET', '/api/v1/me/notifications?unread=true')).body.total).toBe(0);

    const [after] = await repo.findByDedupeKey(theirs.dedupeKey);
    expect(after.readAt).toBeNull();
    const theirInbox = await api.as(other.token)('GET', '/api/v1/me/notifications');
    expect(theirInbox.body.items.every((i: any) => !i.subject.includes('“四”'))).toBe(true);
  });

  it('reads and sets my notification preferences', async () => {
    const call = api.as(me.token);
    expect((await call('GET', '/api/v1/me/notification-preferences')).body).toEqual({
      language: 'zh-CN',
      reminderDelivery: { code: 'immediate', label: '即时邮件' },
    });
    const put = await call(
      'PUT',
      '/api/v1/me/notification-preferences',
      { language: 'en', reminderDelivery: 'daily_digest' },
      { 'accept-language': 'en' },
    );
    expect(put).toMatchObject({
      status: 200,
      body: {
        language: 'en',
        reminderDelivery: { code: 'daily_digest', label: 'Daily digest (08:00)' },
      },
    });
    expect(await repo.preferences(me.person.id)).toEqual({
      language: 'en',
      reminderDelivery: 'daily_digest',
    });
    const bad = await call('PUT', '/api/v1/me/notification-preferences', {
      language: 'fr',
      reminderDelivery: 'weekly',
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual([
      'extra',
      'language',
      'reminderDelivery',
    ]);
    // Someone else's preferences are untouched.
    expect(await repo.preferences(other.person.id)).toEqual({
      language: 'zh-CN',
      reminderDelivery: 'immediate',
    });
  });

  it('needs a sign-in', async () => {
    expect((await api.request('GET', '/api/v1/me/notifications')).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me/notification-preferences')).status).toBe(401);
  });
});
