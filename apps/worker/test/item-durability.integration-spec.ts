import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { notificationMessageId } from '@campaign/activities';
import { itemCommandUpdate, type ItemSnapshot, itemWorkflowId } from '@campaign/contracts';
import {
  CampaignClock,
  dayOf,
  itemSpreadMs,
  ladderSchedule,
  overdueAt,
  WorkingDayCalendar,
  yearOf,
} from '@campaign/domain';
import {
  CalendarRepository,
  campaignClockSpec,
  CampaignReadModelRepository,
  type PersonEntity,
  type UnitEntity,
} from '@campaign/persistence';
import {
  createTestDatabase,
  eventually,
  installQuietTemporalRuntime,
  launchTestCampaign,
  OrgFactory,
  planFactory,
  type ReceivedMail,
  registerTestItem,
  type SmtpSink,
  startSmtpSink,
  testConfig,
  type TestDatabase,
  uniqueSuffix,
} from '@campaign/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const entry = `${root}dist/apps/worker/src/main.js`;

/**
 * Three campaign days a wall second: the default ladder (about 70 days from the assignment to
 * accountability) climbs in under half a minute, and the 10 working days between the
 * supervision order and the admonishment talk leave ~4.7 s to kill the worker in between.
 */
const SCALE = 3 * 86_400;
const MAIL_FROM = '市局活动办 <office@durability.test>';
/** The rehearsal's plan starts on a Monday (as the ledger's API test does). */
const PLAN_START = Date.parse('2026-03-02T00:00:00+08:00');
const LADDER = [
  'reminder',
  'reminder',
  'warning',
  'bulletin',
  'supervision_order',
  'admonishment_talk',
  'stationed_supervision',
  'accountability',
] as const;
const PER_RUNG = {
  reminder: 2,
  warning: 1,
  bulletin: 1,
  supervision_order: 1,
  admonishment_talk: 1,
  stationed_supervision: 1,
  accountability: 1,
};

/**
 * Mails per rung for this organisation: each person once per entry, however many roles they
 * hold in it (the branch's leader is also its first responsible person; the county's secretary
 * is also the inspectors' leader). Reminders: the person, twice. Warning: person and leader.
 * Bulletin: and the office. Supervision order: the same three (the first responsible person is
 * the leader). Talk: leader, person, inspector. Stationed supervision: and the office.
 * Accountability: person, leader, the county's and the city's first responsible persons, the
 * county's area leader, the inspector.
 */
const MAILS_PER_RUNG = {
  reminder: 2,
  warning: 2,
  bulletin: 3,
  supervision_order: 3,
  admonishment_talk: 3,
  stationed_supervision: 4,
  accountability: 6,
};

interface Entry {
  key: string;
  rung: string;
  at: Date;
  created_at: Date;
  recipients: Array<{ personId: string; role: string }>;
}

interface EmailRow {
  id: string;
  dedupe_key: string;
  status: string;
  email: string;
  sent_attempts: number;
}

interface WorkerProcess {
  child: ChildProcess;
  /** The Temporal SDK's default worker identity: `<pid>@<host>`. */
  pid: number;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Each rung fires once (issue 9): the item workflow on the real dev server with the worker as
 * real OS processes (the built `dist/`, as `npm start` runs it) and mail going to a real SMTP
 * server. A worker SIGKILLed just before a rung is due, and started again after it: the rung
 * fires once, after the restart, for its own instant. Two workers polling one task queue the
 * whole time: every register entry once, every mail once. "Once" is checked where it counts:
 * the register (one entry per rung, in the ladder's order, each on its computed instant), the
 * notification rows (one e-mail per entry and recipient, keyed `${entry key}:${person}`, one
 * `sent` attempt each) and the SMTP server (one received message per Message-ID, which the
 * product derives from the dedupe key, so a second send of the same mail would show).
 */
describe('an item’s rungs over worker kills and two workers', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  let client: Client;
  let f: OrgFactory;
  let county: UnitEntity;
  let branch: UnitEntity;
  let people: Record<
    | 'citySecretary'
    | 'countySecretary'
    | 'countyArea'
    | 'leader'
    | 'person'
    | 'office'
    | 'inspector',
    PersonEntity
  >;
  const running = new Set<WorkerProcess>();

  beforeAll(async () => {
    if (!existsSync(entry))
      throw new Error(`${entry} is missing: run npm run build (npm test builds first)`);
    installQuietTemporalRuntime();
    db = await createTestDatabase();
    smtp = await startSmtpSink();
    client = new Client({
      connection: await Connection.connect({ address: testConfig(db.url).temporal.address }),
    });
    f = new OrgFactory(db.dataSource);
    const city = await f.unit(null, 'city_bureau', '某市公安局');
    county = await f.unit(city, 'county_bureau', '东城分局');
    branch = await f.unit(county, 'party_branch', '第一党支部');
    const suffix = uniqueSuffix();
    const mail = (name: string) => `${name}-${suffix}@durability.test`;
    people = {
      citySecretary: await f.person(city, {
        name: '郑局长',
        isLeader: true,
        email: mail('zheng'),
      }),
      countySecretary: await f.person(county, {
        name: '吴局长',
        isLeader: true,
        email: mail('wu'),
      }),
      countyArea: await f.person(county, { name: '冯政委', isLeader: true, email: mail('feng') }),
      leader: await f.person(branch, { name: '周书记', isLeader: true, email: mail('zhou') }),
      person: await f.person(branch, { name: '李娜', email: mail('li') }),
      office: await f.person(county, { name: '陈主任', email: mail('chen') }),
      inspector: await f.person(county, { name: '王纪检', email: mail('wang') }),
    };
    await f.org.setFirstResponsible(city.id, people.citySecretary.id);
    await f.org.setFirstResponsible(county.id, people.countySecretary.id);
    await f.org.setFirstResponsible(branch.id, people.leader.id);
    await f.org.setCommittee(branch.id, [{ personId: people.leader.id, areas: ['队伍管理'] }]);
    await f.org.setCommittee(county.id, [{ personId: people.countyArea.id, areas: ['队伍管理'] }]);
    await f.org.grant(people.office.id, 'office', county.id, null);
    await f.org.grant(people.inspector.id, 'inspector', county.id, null);
  });

  afterEach(async () => {
    // Whatever a failed test left running (only the processes this file started).
    for (const worker of running) await kill(worker);
  });

  afterAll(async () => {
    await client?.connection.close();
    await smtp?.stop();
    await db?.drop();
  });

  // ---- worker processes --------------------------------------------------------------------

  async function startWorkerProcess(taskQueue: string): Promise<WorkerProcess> {
    const config = testConfig(db.url);
    const child = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        DATABASE_URL: config.database.url,
        TEMPORAL_ADDRESS: config.temporal.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_HOST: smtp.host,
        SMTP_PORT: String(smtp.port),
        MAIL_FROM,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const worker: WorkerProcess = {
      child,
      pid: child.pid!,
      output,
      exit: new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          running.delete(worker);
          resolve({ code, signal });
        }),
      ),
    };
    running.add(worker);
    let exited = false;
    void worker.exit.then(() => (exited = true));
    await eventually(
      async () => exited || output.some((line) => line.includes('"msg":"worker running"')),
      Boolean,
      60_000,
    );
    if (exited) throw new Error(`the worker exited on start:\n${output.join('\n')}`);
    return worker;
  }

  async function kill(worker: WorkerProcess): Promise<void> {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGKILL');
    }
    await worker.exit;
  }

  // ---- the campaign and its items ----------------------------------------------------------

  /** A rehearsal on the campaign clock with e-mail on; only its items run (no campaign workflow). */
  async function rehearsal() {
    const { campaignId } = await launchTestCampaign(db.dataSource, client, {
      coveredUnitId: county.id,
      plan: planFactory({ coveredUnitId: county.id, now: PLAN_START }),
      // Every rung fires by itself: the faults hit a ladder nobody has to decide.
      ladder: 'notices',
      rehearsal: { timeScale: SCALE, launchedAt: Date.now() },
      taskQueue: 'unused',
      start: false,
    });
    // launchTestCampaign records rehearsals without e-mail; the API's `sendEmail: true` is this.
    await db.dataSource.query('UPDATE campaigns SET send_email = true WHERE id = $1', [campaignId]);
    const campaign = (await new CampaignReadModelRepository(db.dataSource).findById(campaignId))!;
    const clock = new CampaignClock(campaignClockSpec(campaign));
    const year = yearOf(dayOf(clock.toCampaign(Date.now())));
    // The calendar the item's workflow input carries (registerTestItem reads the same years).
    const calendar = new WorkingDayCalendar(
      await new CalendarRepository(db.dataSource).years(year - 1, year + 3),
    );
    return { campaignId, clock, calendar, policy: campaign.plan!.resolved.escalation };
  }
  type Rehearsal = Awaited<ReturnType<typeof rehearsal>>;

  /** Registers an item (the API's way) and assigns it with the six clarities; its expected register. */
  async function assignedItem(r: Rehearsal, taskQueue: string) {
    const itemId = await registerTestItem(db.dataSource, client, {
      campaignId: r.campaignId,
      unitId: branch.id,
      personIds: [people.person.id],
      byPersonId: people.office.id,
      taskQueue,
    });
    const assigned: ItemSnapshot = await client.workflow
      .getHandle(itemWorkflowId(itemId))
      .executeUpdate(itemCommandUpdate, {
        args: [
          {
            type: 'assigned',
            by: people.office.id,
            responsibleLeaderId: people.leader.id,
            responsibleUnitId: branch.id,
            responsiblePersonId: people.person.id,
            deadlineWorkingDays: 10,
            acceptanceStandard: '连续一个月抽查无违规。',
            expectedEffect: '工作纪律明显好转。',
            measures: '每周抽查在岗情况。',
            mode: 'by_deadline',
          },
        ],
      });
    expect(assigned.status).toBe('assigned');
    return { itemId, expected: expectedRegister(r, itemId, assigned.deadline!) };
  }

  /**
   * The register the item must end with, rung by rung, each at its campaign instant: the
   * reminders before the deadline, the overdue warning just after it, then the ladder, every
   * timer `itemSpreadMs` after its business instant (item-schedule.ts). A rung that fires late
   * (no worker) is still recorded for its own instant (the core catches up, in order).
   */
  function expectedRegister(r: Rehearsal, itemId: string, deadline: number) {
    const spread = itemSpreadMs(itemId);
    const { steps } = ladderSchedule(r.policy, deadline, r.calendar);
    const dated = [
      ...steps.filter((s) => s.rung === 'reminder'),
      { rung: 'warning', at: overdueAt(deadline) },
      ...steps.filter((s) => s.rung !== 'reminder'),
    ].map((s) => ({ rung: s.rung, at: s.at + spread, wallAt: r.clock.toWorkflow(s.at + spread) }));
    expect(dated.map((s) => s.rung)).toEqual(LADDER);
    return dated;
  }

  const entries = (itemId: string): Promise<Entry[]> =>
    db.dataSource.query(
      `SELECT key, rung, at, created_at, recipients FROM accountability_entries
        WHERE item_id = $1 ORDER BY at, key`,
      [itemId],
    );

  /** Every e-mail row the item's steps enqueued (register entries and notices), with its sends. */
  const emailRows = (itemId: string): Promise<EmailRow[]> =>
    db.dataSource.query(
      `SELECT n.id, n.dedupe_key, n.status, p.email,
              (SELECT count(*)::int FROM notification_attempts a
                WHERE a.notification_id = n.id AND a.outcome = 'sent') AS sent_attempts
         FROM notifications n JOIN people p ON p.id = n.recipient_person_id
        WHERE n.channel = 'email' AND n.dedupe_key LIKE $1 || ':%'
        ORDER BY n.created_at, n.id`,
      [itemId],
    );

  const received = (dedupeKey: string): ReceivedMail[] =>
    smtp.received.filter((m) => m.messageId === notificationMessageId(dedupeKey, MAIL_FROM));

  /** Waits for the whole ladder and for every one of its mails to be accepted by the SMTP server. */
  async function climbed(itemId: string, timeoutMs: number): Promise<void> {
    await eventually(
      () => entries(itemId),
      (rows) => rows.some((e) => e.rung === 'accountability'),
      timeoutMs,
    );
    await eventually(
      () => emailRows(itemId),
      (rows) => rows.every((row) => row.status === 'sent' && received(row.dedupe_key).length > 0),
      30_000,
    );
  }

  /**
   * The contract, per item: each rung and warning once, on its instant; one e-mail row per
   * (entry, recipient) sent exactly once; the SMTP server got exactly one mail per row, to that
   * recipient; nothing else was mailed for the item. Returns the mails per rung.
   */
  async function expectEachOnce(
    itemId: string,
    expected: Array<{ rung: string; at: number }>,
  ): Promise<Record<string, number>> {
    const register = await entries(itemId);
    expect(register.map((e) => [e.rung, e.at.getTime()])).toEqual(
      expected.map((s) => [s.rung, s.at]),
    );
    const perRung: Record<string, number> = {};
    for (const e of register) perRung[e.rung] = (perRung[e.rung] ?? 0) + 1;
    expect(perRung).toEqual(PER_RUNG);
    expect(new Set(register.map((e) => e.key)).size).toBe(register.length);

    const rows = await emailRows(itemId);
    const byKey = new Map(rows.map((row) => [row.dedupe_key, row]));
    expect(byKey.size).toBe(rows.length);
    for (const row of rows) {
      expect([row.dedupe_key, row.status, row.sent_attempts]).toEqual([row.dedupe_key, 'sent', 1]);
      const mails = received(row.dedupe_key);
      expect([row.dedupe_key, mails.length]).toEqual([row.dedupe_key, 1]);
      expect(mails[0].to).toEqual([row.email]);
    }
    const mailsPerRung: Record<string, number> = {};
    for (const e of register) {
      const reached = [...new Set(e.recipients.map((p) => p.personId))];
      expect(reached.length).toBeGreaterThan(0);
      // One row, one mail, per recipient of the entry: `${effect.key}:${personId}`.
      const keys = [...byKey.keys()].filter((k) => k.startsWith(`${e.key}:`));
      expect(keys.sort()).toEqual(reached.map((p) => `${e.key}:${p}`).sort());
      mailsPerRung[e.rung] =
        (mailsPerRung[e.rung] ?? 0) + keys.reduce((n, k) => n + received(k).length, 0);
    }
    // Besides the register's, only the notices (the assignment's) were mailed, once each.
    const notices = rows.filter((row) => row.dedupe_key.startsWith(`${itemId}:notice:`));
    expect(notices).toHaveLength(2);
    expect(rows.length).toBe(notices.length + Object.values(mailsPerRung).reduce((a, b) => a + b));
    return mailsPerRung;
  }

  /** Waits, on the wall clock, until `wallMs` has passed. */
  const until = (wallMs: number) =>
    eventually(
      async () => Date.now(),
      (now) => now >= wallMs,
      Math.max(0, wallMs - Date.now()) + 10_000,
    );

  // ---- the scenarios -----------------------------------------------------------------------

  it('a worker SIGKILLed just before a rung is due: the rung fires once, after the restart', async () => {
    const taskQueue = `durability-kill-${uniqueSuffix()}`;
    const first = await startWorkerProcess(taskQueue);
    const r = await rehearsal();
    const { itemId, expected } = await assignedItem(r, taskQueue);
    const target = expected.find((s) => s.rung === 'admonishment_talk')!;
    const fired = async (rung: string) => (await entries(itemId)).some((e) => e.rung === rung);

    // The rung before it fired and its mails went out: nothing of the item is in flight now.
    const order = await eventually(
      () => entries(itemId),
      (rows) => rows.some((e) => e.rung === 'supervision_order'),
      60_000,
    );
    const orderKey = order.find((e) => e.rung === 'supervision_order')!.key;
    await eventually(
      () => emailRows(itemId),
      (rows) => {
        const ofOrder = rows.filter((row) => row.dedupe_key.startsWith(`${orderKey}:`));
        return ofOrder.length > 0 && ofOrder.every((row) => received(row.dedupe_key).length > 0);
      },
      30_000,
    );
    await until(target.wallAt - 1_000);
    expect(await fired('admonishment_talk')).toBe(false);
    expect(Date.now()).toBeLessThan(target.wallAt); // else this machine was too slow to aim

    await kill(first);
    expect((await first.exit).signal).toBe('SIGKILL');
    // Past the rung's instant with no worker: nobody can have fired it.
    await until(target.wallAt + 1_500);
    expect(await fired('admonishment_talk')).toBe(false);

    const restartedAt = Date.now();
    const second = await startWorkerProcess(taskQueue);
    try {
      await climbed(itemId, 90_000);
      const register = await entries(itemId);
      const talk = register.find((e) => e.rung === 'admonishment_talk')!;
      // Recorded by the new worker, for its own instant (not the restart's).
      expect(talk.created_at.getTime()).toBeGreaterThanOrEqual(restartedAt);
      expect(talk.at.getTime()).toBe(target.at);
      expect(await expectEachOnce(itemId, expected)).toEqual(MAILS_PER_RUNG);
      const [row] = await db.dataSource.query(
        'SELECT status, rung, warning_level FROM ledger_items WHERE id = $1',
        [itemId],
      );
      expect(row).toMatchObject({
        status: 'assigned',
        rung: 'accountability',
        warning_level: 'red',
      });
    } finally {
      await kill(second);
    }
  });

  it('two workers polling the same task queue the whole time: every entry and every mail once', async () => {
    const taskQueue = `durability-two-${uniqueSuffix()}`;
    const workers = await Promise.all([
      startWorkerProcess(taskQueue),
      startWorkerProcess(taskQueue),
    ]);
    try {
      const r = await rehearsal();
      const items = [];
      for (let i = 0; i < 4; i++) items.push(await assignedItem(r, taskQueue));
      for (const { itemId } of items) await climbed(itemId, 90_000);
      for (const { itemId, expected } of items) {
        expect(await expectEachOnce(itemId, expected)).toEqual(MAILS_PER_RUNG);
      }

      // Both workers did the items' work (else this test would prove nothing about two). An
      // item's workflow tasks stick to the worker that took its first one and its steps are
      // local activities, so four items may all live on one worker; the mail batches they start
      // are workflows of their own, each taken by whichever worker polls first, and so are the
      // batches' activities: across the items and their batches both workers must appear.
      const identities = new Set<string>();
      const collect = async (workflowId: string): Promise<string[]> => {
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const children: string[] = [];
        for (const event of history.events ?? []) {
          const identity =
            event.activityTaskStartedEventAttributes?.identity ??
            event.workflowTaskStartedEventAttributes?.identity;
          if (identity) identities.add(identity.split('@')[0]);
          const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
          if (child) children.push(child);
        }
        return children;
      };
      for (const { itemId } of items) {
        for (const batch of await collect(itemWorkflowId(itemId))) await collect(batch);
      }
      expect([...identities].sort()).toEqual(workers.map((w) => String(w.pid)).sort());
    } finally {
      for (const worker of workers) await kill(worker);
    }
  });
});
