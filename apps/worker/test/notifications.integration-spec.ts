import { createActivities, notificationMessageId } from '@campaign/activities';
import type { AppConfig } from '@campaign/config';
import {
  type Activities,
  getNotificationMaintenanceStateQuery,
  type NotificationBatchResult,
  notificationBatchWorkflowId,
  notificationMaintenanceWorkflowId,
  type NotificationRequest,
  NOTIFICATIONS_UNDELIVERED,
} from '@campaign/contracts';
import { NotificationRepository, type PersonEntity, type UnitEntity } from '@campaign/persistence';
import { ensureNotificationMaintenance } from '@campaign/temporal';
import {
  createTestDatabase,
  eventually,
  installQuietTemporalRuntime,
  OrgFactory,
  type SmtpSink,
  startSmtpSink,
  startTestWorker,
  testConfig,
  type TestDatabase,
  testLogger,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

const FROM = '市局活动办 <office@campaign.test>';

describe('notifications over a real SMTP server', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let config: AppConfig;
  let activities: Activities;
  let repo: NotificationRepository;
  let factory: OrgFactory;
  let unit: UnitEntity;
  let client: Client;

  const smtpEnv = (s: SmtpSink, extra: Record<string, string> = {}) => ({
    SMTP_HOST: s.host,
    SMTP_PORT: String(s.port),
    MAIL_FROM: FROM,
    ...extra,
  });

  beforeAll(async () => {
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    sink = await startSmtpSink({ rejectRecipients: /^nobody@/ });
    config = testConfig(db.url, smtpEnv(sink));
    activities = createActivities({
      dataSource: db.dataSource,
      config,
      logger: testLogger(config),
    });
    repo = new NotificationRepository(db.dataSource);
    factory = new OrgFactory(db.dataSource);
    unit = await factory.unit(null, 'city_bureau', '某市公安局');
    client = new Client({
      connection: await Connection.connect({ address: config.temporal.address }),
    });
  });

  afterAll(async () => {
    await client?.connection.close();
    await sink?.stop();
    await db?.drop();
  });

  beforeEach(() => sink.clear());

  let seq = 0;
  const person = (fields: Partial<Parameters<OrgFactory['person']>[1]> = {}) => {
    seq += 1;
    return factory.person(unit, { email: `p${seq}-${uniqueSuffix()}@campaign.test`, ...fields });
  };

  const reminder = (
    recipient: PersonEntity,
    overrides: Partial<NotificationRequest> = {},
  ): NotificationRequest => ({
    dedupeKey: `task-${crypto.randomUUID()}:reminder:P3D`,
    recipientPersonId: recipient.id,
    templateKey: 'task_reminder',
    params: {
      taskName: { 'zh-CN': '廉政承诺书', en: 'Integrity pledge' },
      campaignTitle: '2026年度全市公安队伍教育整顿',
      dueAt: '2026-12-01T10:00:00Z',
      timeLeft: 'P3D',
    },
    campaignId: null,
    rehearsal: false,
    channels: ['inbox', 'email'],
    urgency: 'reminder',
    ...overrides,
  });

  const emailRow = async (dedupeKey: string) =>
    (await repo.findByDedupeKey(dedupeKey)).find((r) => r.channel === 'email')!;
  const attemptsOf = async (dedupeKey: string) =>
    (await repo.attemptsOf((await emailRow(dedupeKey)).id)).map((a) => ({
      attempt: a.attempt,
      outcome: a.outcome,
      errorClass: a.errorClass,
      smtpCode: a.smtpCode,
    }));
  const undeliveredFailure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the delivery to report undelivered e-mails');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ApplicationFailure);
        expect((error as ApplicationFailure).type).toBe(NOTIFICATIONS_UNDELIVERED);
        expect((error as ApplicationFailure).nonRetryable).toBeFalsy();
      },
    );

  async function runBatch(
    batchKey: string,
    items: NotificationRequest[],
    taskQueue = config.temporal.taskQueue,
  ): Promise<NotificationBatchResult> {
    return client.workflow.execute('notificationBatchWorkflow', {
      workflowId: notificationBatchWorkflowId(batchKey),
      taskQueue,
      args: [{ batchKey, items }],
    });
  }

  it('delivers a batch through Temporal once, each mail in its reader’s language, with Chinese subjects', async () => {
    const zh = await person({ name: '李娜' });
    const en = await person({ name: 'Wang Qiang' });
    const noAddress = await person({ email: null });
    await repo.setPreferences(en.id, { language: 'en', reminderDelivery: 'immediate' });
    const items = [reminder(zh), reminder(en), reminder(noAddress)];
    const batchKey = `batch-${uniqueSuffix()}`;
    const worker = await startTestWorker(config, db.dataSource);
    try {
      expect(await runBatch(batchKey, items)).toEqual({
        created: 6,
        sent: 2,
        failed: 0,
        skipped: 1,
        leftToSweep: false,
      });
      const mails = await sink.waitFor(2);
      const byRecipient = new Map(mails.map((m) => [m.to[0], m]));
      expect(byRecipient.get(zh.email!)?.subject).toBe('【任务提醒】“廉政承诺书”还有3天到期');
      expect(byRecipient.get(zh.email!)?.text).toContain('2026年12月1日 18:00');
      expect(byRecipient.get(en.email!)?.subject).toBe(
        'Reminder: "Integrity pledge" is due in 3 days',
      );
      expect(mails[0].from).toContain('office@campaign.test');
      expect(byRecipient.get(zh.email!)?.messageId).toBe(
        notificationMessageId(items[0].dedupeKey, FROM),
      );

      // The same batch again (a replayed or re-launched caller): nothing new, no second mail.
      expect(await runBatch(batchKey, items)).toMatchObject({ created: 0, sent: 2, skipped: 1 });
      await new Promise((r) => setTimeout(r, 500));
      expect(sink.received).toHaveLength(2);
    } finally {
      await worker.stop();
    }
    for (const item of items) expect(await repo.findByDedupeKey(item.dedupeKey)).toHaveLength(2);
    expect(await attemptsOf(items[0].dedupeKey)).toEqual([
      { attempt: 1, outcome: 'sent', errorClass: null, smtpCode: 250 },
    ]);
    expect(await emailRow(items[2].dedupeKey)).toMatchObject({
      status: 'skipped',
      result: 'the recipient has no e-mail address',
    });
    expect(await attemptsOf(items[2].dedupeKey)).toEqual([
      { attempt: 1, outcome: 'skipped', errorClass: 'NoAddress', smtpCode: null },
    ]);
  });

  it('retries a refused send until it goes out: every attempt on record, one mail in the end', async () => {
    const item = reminder(await person());
    const batchKey = `retry-${uniqueSuffix()}`;
    await activities.enqueueNotifications({ batchKey, items: [item] });
    sink.refuseNext(2);
    await undeliveredFailure(activities.deliverNotifications({ batchKey }));
    await undeliveredFailure(activities.deliverNotifications({ batchKey }));
    expect(await activities.deliverNotifications({ batchKey })).toEqual({
      sent: 1,
      failed: 0,
      skipped: 0,
    });
    expect(sink.attempts).toBe(3);
    expect(sink.received).toHaveLength(1);
    expect(await attemptsOf(item.dedupeKey)).toEqual([
      { attempt: 1, outcome: 'retry', errorClass: 'SmtpTransient', smtpCode: 451 },
      { attempt: 2, outcome: 'retry', errorClass: 'SmtpTransient', smtpCode: 451 },
      { attempt: 3, outcome: 'sent', errorClass: null, smtpCode: 250 },
    ]);
    const row = await emailRow(item.dedupeKey);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(row.result).toMatch(/^250 /);
  });

  it('lets Temporal retry a batch with backoff after the mail server refused part of it', async () => {
    const items = [reminder(await person()), reminder(await person())];
    const worker = await startTestWorker(config, db.dataSource);
    try {
      sink.refuseNext(1);
      const result = await runBatch(`temporal-retry-${uniqueSuffix()}`, items);
      expect(result).toMatchObject({ created: 4, sent: 2, failed: 0, leftToSweep: false });
    } finally {
      await worker.stop();
    }
    expect(sink.attempts).toBe(3);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(2);
    const outcomes = await Promise.all(items.map((i) => attemptsOf(i.dedupeKey)));
    expect(outcomes.map((o) => o.map((a) => a.outcome)).sort()).toEqual([
      ['retry', 'sent'],
      ['sent'],
    ]);
  });

  it('fails an address the server refuses for good, without retrying it', async () => {
    const item = reminder(await person({ email: 'nobody@campaign.test' }));
    const batchKey = `rejected-${uniqueSuffix()}`;
    await activities.enqueueNotifications({ batchKey, items: [item] });
    expect(await activities.deliverNotifications({ batchKey })).toEqual({
      sent: 0,
      failed: 1,
      skipped: 0,
    });
    expect(await attemptsOf(item.dedupeKey)).toEqual([
      { attempt: 1, outcome: 'failed', errorClass: 'SmtpRejected', smtpCode: 550 },
    ]);
    expect(await activities.deliverNotifications({ batchKey })).toMatchObject({ failed: 1 });
    expect(sink.received).toHaveLength(0);
  });

  it('one row and one mail per key: enqueued twice, delivered by concurrent senders, retried after success', async () => {
    const people = await Promise.all(Array.from({ length: 30 }, () => person()));
    const items = people.map((p) => reminder(p));
    const batchKey = `dup-${uniqueSuffix()}`;
    expect(await activities.enqueueNotifications({ batchKey, items })).toEqual({ created: 60 });
    expect(await activities.enqueueNotifications({ batchKey, items })).toEqual({ created: 0 });
    // The same keys from another batch (a replayed workflow with a new batch key): still nothing.
    expect(await activities.enqueueNotifications({ batchKey: `${batchKey}-again`, items })).toEqual(
      { created: 0 },
    );

    // A retry started while the first attempt still runs (its completion was lost, or it timed out).
    const [first, second] = await Promise.all([
      activities.deliverNotifications({ batchKey }),
      activities.deliverNotifications({ batchKey }),
    ]);
    expect(first).toEqual({ sent: 30, failed: 0, skipped: 0 });
    expect(second).toEqual({ sent: 30, failed: 0, skipped: 0 });
    expect(await activities.deliverNotifications({ batchKey })).toEqual(first);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(30);
    expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(30);
    expect(new Set(sink.received.map((m) => m.to[0])).size).toBe(30);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM notification_attempts a JOIN notifications n ON n.id = a.notification_id
        WHERE n.batch_key = $1`,
      [batchKey],
    );
    expect(n).toBe(30);
  });

  it('enqueues ten thousand requests in one call, as batch activities computing recipients in SQL will', async () => {
    const recipient = await person();
    const items = Array.from({ length: 10_000 }, (_, i) =>
      reminder(recipient, { dedupeKey: `bulk-${uniqueSuffix()}-${i}`, channels: ['inbox'] }),
    );
    const batchKey = `bulk-${uniqueSuffix()}`;
    const started = Date.now();
    expect(await repo.enqueue(items, batchKey)).toEqual({ created: 10_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    expect(await repo.enqueue(items.slice(0, 5_000), batchKey)).toEqual({ created: 0 });
  });

  it('refuses a request it cannot render, permanently and naming the problem', async () => {
    const bad = reminder(await person(), { params: { taskName: '心得体会' } });
    const failure = await activities
      .enqueueNotifications({ batchKey: `bad-${uniqueSuffix()}`, items: [bad] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).type).toBe('DomainError:invalid');
    expect(await repo.findByDedupeKey(bad.dedupeKey)).toEqual([]);
  });

  it('holds a digest reader’s reminders for one daily mail; escalations and rehearsals go at once', async () => {
    const reader = await person({ name: '赵敏' });
    await repo.setPreferences(reader.id, { language: 'zh-CN', reminderDelivery: 'daily_digest' });
    const first = reminder(reader);
    const second = reminder(reader, {
      params: { ...first.params, taskName: { 'zh-CN': '心得体会', en: 'Reflection' } },
    });
    const escalation = reminder(reader, { urgency: 'escalation' });
    const rehearsal = reminder(reader, { rehearsal: true });
    const batchKey = `digest-${uniqueSuffix()}`;
    await activities.enqueueNotifications({
      batchKey,
      items: [first, second, escalation, rehearsal],
    });
    expect(await activities.deliverNotifications({ batchKey })).toEqual({
      sent: 2,
      failed: 0,
      skipped: 0,
    });
    expect((await emailRow(first.dedupeKey)).status).toBe('held');
    expect(sink.received.map((m) => m.subject).sort()).toEqual([
      '【任务提醒】“廉政承诺书”还有3天到期',
      '【演练】【任务提醒】“廉政承诺书”还有3天到期',
    ]);

    sink.clear();
    const date = '2026-03-02';
    expect(await activities.sendDailyDigests({ date })).toEqual({ digests: 1, sent: 1 });
    const [digest] = await sink.waitFor(1);
    expect(digest.to).toEqual([reader.email]);
    expect(digest.subject).toBe('【每日提醒】2026年3月2日，您有2条提醒');
    expect(digest.text).toContain('1. 【任务提醒】“廉政承诺书”还有3天到期');
    expect(digest.text).toContain('2. 【任务提醒】“心得体会”还有3天到期');
    const digestId = (await emailRow(first.dedupeKey)).digestId;
    expect(digestId).not.toBeNull();
    expect(await emailRow(second.dedupeKey)).toMatchObject({ status: 'digested', digestId });

    // Run again for the same day (a retried activity): no second digest.
    expect(await activities.sendDailyDigests({ date })).toEqual({ digests: 0, sent: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(1);
  });

  it('sweeps what a batch left pending, and takes back a send whose worker died', async () => {
    const left = reminder(await person());
    const stuck = reminder(await person());
    const batchKey = `sweep-${uniqueSuffix()}`;
    await activities.enqueueNotifications({ batchKey, items: [left, stuck] });
    // Nobody delivered the batch (its workflow gave up), and the grace period has passed.
    await db.dataSource.query(
      `UPDATE notifications SET next_attempt_at = now() - interval '1 second' WHERE batch_key = $1`,
      [batchKey],
    );
    // A worker claimed this one and died before recording anything.
    await db.dataSource.query(
      `UPDATE notifications SET status = 'sending', attempts = 1, lease_until = now() - interval '1 second'
        WHERE dedupe_key = $1 AND channel = 'email'`,
      [stuck.dedupeKey],
    );
    const swept = await activities.sweepNotifications();
    expect(swept).toMatchObject({ sent: 2, failed: 0 });
    expect(sink.received).toHaveLength(2);
    expect(await attemptsOf(stuck.dedupeKey)).toEqual([
      { attempt: 1, outcome: 'retry', errorClass: 'LeaseExpired', smtpCode: null },
      { attempt: 2, outcome: 'sent', errorClass: null, smtpCode: 250 },
    ]);
    expect(await activities.sweepNotifications()).toMatchObject({ sent: 0 });
  });

  it('runs one maintenance workflow per task queue that sweeps on its own', async () => {
    const sweepConfig = testConfig(db.url, smtpEnv(sink, { NOTIFICATION_SWEEP_SECONDS: '1' }));
    const worker = await startTestWorker(sweepConfig, db.dataSource);
    try {
      const first = await ensureNotificationMaintenance(client, sweepConfig);
      // Another worker boots with other settings: the running workflow stays and takes them.
      const again = await ensureNotificationMaintenance(client, {
        ...sweepConfig,
        notifications: { ...sweepConfig.notifications, digestHour: 7 },
      });
      expect(again).toEqual(first);
      const handle = client.workflow.getHandle(first.workflowId);
      await eventually(
        () => handle.query(getNotificationMaintenanceStateQuery),
        (state) => state.digestHour === 7 && state.sweepIntervalMs === 1000,
      );
      expect(first.workflowId).toBe(
        notificationMaintenanceWorkflowId(sweepConfig.temporal.taskQueue),
      );

      const item = reminder(await person());
      const batchKey = `maintained-${uniqueSuffix()}`;
      await activities.enqueueNotifications({ batchKey, items: [item] });
      await db.dataSource.query(
        `UPDATE notifications SET next_attempt_at = now() WHERE batch_key = $1`,
        [batchKey],
      );
      await sink.waitFor(1);
      expect((await emailRow(item.dedupeKey)).status).toBe('sent');
    } finally {
      await client.workflow
        .getHandle(notificationMaintenanceWorkflowId(sweepConfig.temporal.taskQueue))
        .terminate('test over');
      await worker.stop();
    }
  });

  it('a worker stopped mid-batch: the next one sends the rest, each mail exactly once', async () => {
    const slow = await startSmtpSink({ delayMs: 150 });
    const slowConfig = testConfig(
      db.url,
      smtpEnv(slow, { NOTIFICATION_SEND_CONCURRENCY: '1', WORKER_SHUTDOWN_GRACE_SECONDS: '1' }),
    );
    const items = await Promise.all(
      Array.from({ length: 20 }, async () => reminder(await person())),
    );
    const batchKey = `restart-${uniqueSuffix()}`;
    try {
      const first = await startTestWorker(slowConfig, db.dataSource);
      const run = client.workflow.start('notificationBatchWorkflow', {
        workflowId: notificationBatchWorkflowId(batchKey),
        taskQueue: slowConfig.temporal.taskQueue,
        args: [{ batchKey, items }],
      });
      await slow.waitFor(3);
      await first.stop();
      const counts = await repo.batchCounts(batchKey);
      expect(counts.sent ?? 0).toBeLessThan(20);
      expect(counts.sent ?? 0).toBeGreaterThanOrEqual(3);

      const second = await startTestWorker(slowConfig, db.dataSource);
      try {
        const result = await (await run).result();
        expect(result).toMatchObject({ sent: 20, failed: 0, leftToSweep: false });
      } finally {
        await second.stop();
      }
      expect(slow.received).toHaveLength(20);
      expect(new Set(slow.received.map((m) => m.messageId)).size).toBe(20);
      const perRow = await db.dataSource.query(
        `SELECT count(*) FILTER (WHERE a.outcome = 'sent')::int AS sent FROM notifications n
           JOIN notification_attempts a ON a.notification_id = n.id
          WHERE n.batch_key = $1 AND n.channel = 'email' GROUP BY n.id`,
        [batchKey],
      );
      expect(perRow.map((r: { sent: number }) => r.sent)).toEqual(Array(20).fill(1));
    } finally {
      await slow.stop();
    }
  });

  it('records e-mails as skipped when no SMTP server is configured, and still fills the inbox', async () => {
    const offConfig = testConfig(db.url);
    const off = createActivities({
      dataSource: db.dataSource,
      config: offConfig,
      logger: testLogger(offConfig),
    });
    const item = reminder(await person());
    const batchKey = `off-${uniqueSuffix()}`;
    await off.enqueueNotifications({ batchKey, items: [item] });
    expect(await off.deliverNotifications({ batchKey })).toEqual({
      sent: 0,
      failed: 0,
      skipped: 1,
    });
    const rows = await repo.findByDedupeKey(item.dedupeKey);
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['email', 'skipped'],
      ['inbox', 'delivered'],
    ]);
    expect(await attemptsOf(item.dedupeKey)).toEqual([
      { attempt: 1, outcome: 'skipped', errorClass: 'EmailDisabled', smtpCode: null },
    ]);
    await eventually(
      async () => sink.received.length,
      (n) => n === 0,
    );
  });
});
