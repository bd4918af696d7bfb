// Records workflow histories for the replay test (apps/worker/test/histories/). Run it when a
// workflow version ships: `npm run histories:record`. The replay test then proves every later
// change to workflow code still replays these histories (or sits behind patched()).
// Runs the built workflow bundle on Temporal's time-skipping test server, so months pass in
// seconds. The notification workflows run on no-op activities (a history records only their
// results); the campaign engine runs on the real activities over a scratch embedded PostgreSQL,
// so its histories carry the shapes the real activities answer with. Campaign histories of v1
// (launched before plans existed) cannot be recorded again: new runs take the engine's path.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'apps/worker/test/histories');
const version = process.argv[2];
// Optionally only the histories of one context (campaign, notification, item, cadence): recording a new
// version of one leaves the others' files as they are.
const only = process.argv[3];
if (!version || !/^v\d+$/.test(version)) {
  console.error(
    'usage: npm run histories:record -- v<N> [campaign|notification|item|cadence]   (the version being recorded)',
  );
  process.exit(2);
}

await build();
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const {
  ensureTimeSkippingServer,
  freePort,
  launchTestCampaign,
  OrgFactory,
  planFactory,
  registerTestItem,
  startEmbeddedPostgres,
} = await import(join(root, 'dist/libs/testing/src/index.js'));
const { createWorker } = await import(join(root, 'dist/libs/temporal/src/index.js'));
const contracts = await import(join(root, 'dist/libs/contracts/src/index.js'));
const { getCampaignStateQuery, NOTIFICATION_MAINTENANCE_WORKFLOW } = contracts;
const { EDUCATION_RECTIFICATION_TEMPLATE } = await import(
  join(root, 'dist/libs/domain/src/index.js')
);
const persistence = await import(join(root, 'dist/libs/persistence/src/index.js'));
const { createActivities } = await import(join(root, 'dist/activities/src/index.js'));
const { createLogger } = await import(join(root, 'dist/libs/config/src/index.js'));
const { ApplicationFailure } = await import('@temporalio/common');
const { TestWorkflowEnvironment } = await import('@temporalio/testing');
const { historyToJSON } = await import('@temporalio/common/lib/proto-utils.js');

const config = loadConfig(process.env, root);
const server = ensureTimeSkippingServer({ cacheDir: config.tooling.cacheDir, log: console.log });
if (!('path' in server)) throw new Error(`time-skipping server unavailable: ${server.unavailable}`);
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: server.path } },
});
const DAY = 24 * 3600 * 1000;
const taskQueue = 'record-histories';
const cleanups = [];
const decision = (reason) => ({
  actorPersonId: '00000000-0000-4000-8000-000000000001',
  reason,
  requestId: crypto.randomUUID(),
});
const worker = await createWorker({
  connection: env.nativeConnection,
  temporal: { ...config.temporal, namespace: 'default', taskQueue },
  activities: {
    projectCampaignCreated: async () => {},
    projectCampaignPhase: async () => {},
    enqueueNotifications: async ({ items }) => ({ created: items.length * 2 }),
    deliverNotifications: async ({ batchKey }) => {
      if (batchKey.endsWith('-outage')) {
        throw ApplicationFailure.nonRetryable('SMTP down for good', 'NotificationsUndelivered');
      }
      return { sent: 1, failed: 0, skipped: 1 };
    },
    sweepNotifications: async () => ({ sent: 1, failed: 0, skipped: 0, left: 0 }),
    sendDailyDigests: async () => ({ digests: 1, sent: 1 }),
    // The cadence: each report produced; the campaign ends where it was planned to.
    produceCadenceReport: async ({ to }) => ({
      created: true,
      campaignEndsAt: cadenceEndsAt ?? to,
    }),
  },
});

const reminder = (dedupeKey) => ({
  dedupeKey,
  recipientPersonId: '00000000-0000-4000-8000-000000000001',
  templateKey: 'task_reminder',
  params: {
    taskName: '廉政承诺书',
    campaignTitle: '教育整顿',
    dueAt: '2027-01-01T00:00:00Z',
    timeLeft: 'P3D',
  },
  campaignId: null,
  rehearsal: false,
  channels: ['inbox', 'email'],
  urgency: 'reminder',
});

/** Histories of the notification workflows: a batch delivered, a batch left to the sweep, and
 *  a maintenance run (a digest, sweeps on timers, continue-as-new). */
const notificationScenarios = {
  'batch-delivered': () =>
    env.client.workflow.start('notificationBatchWorkflow', {
      workflowId: `notification-batch-record-${crypto.randomUUID()}`,
      taskQueue,
      args: [{ batchKey: 'record', items: [reminder('record-1'), reminder('record-2')] }],
    }),
  'batch-outage': () =>
    env.client.workflow.start('notificationBatchWorkflow', {
      workflowId: `notification-batch-record-${crypto.randomUUID()}`,
      taskQueue,
      args: [{ batchKey: 'record-outage' }],
    }),
  maintenance: async () => {
    const handle = await env.client.workflow.start(NOTIFICATION_MAINTENANCE_WORKFLOW, {
      workflowId: `notification-maintenance-${crypto.randomUUID()}`,
      taskQueue,
      args: [
        { sweepIntervalMs: 3600_000, digestHour: 8, lastDigestDate: '2000-01-01', sweepsPerRun: 3 },
      ],
    });
    // The first run: a digest at once (the last one is long past), three hourly sweeps, then
    // continue-as-new. Its history ends there; the next run goes on until terminated.
    await env.sleep('4 hours');
    await handle.terminate('recorded');
    return env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
  },
};

/** A history of the cadence: a campaign of four months, every dispatch and bulletin. */
let cadenceEndsAt;
const cadenceScenarios = {
  'four-months': async () => {
    const startsAt = (await env.currentTimeMs()) + DAY;
    cadenceEndsAt = startsAt + 120 * DAY;
    return env.client.workflow.start(contracts.CADENCE_WORKFLOW, {
      workflowId: contracts.cadenceWorkflowId(crypto.randomUUID()),
      taskQueue,
      args: [
        {
          campaignId: crypto.randomUUID(),
          clock: { timeScale: 1, campaignAnchor: 0, workflowAnchor: 0 },
          startsAt,
          endsAt: cadenceEndsAt,
        },
      ],
    });
  },
};

/** Waits (in server time) until the campaign's open phase is `phase`. */
async function waitFor(handle, phase) {
  while ((await handle.query(getCampaignStateQuery)).currentPhase !== phase)
    await env.sleep(3600_000);
}

/**
 * The campaign engine's histories: a 教育整顿 campaign on its template walked to the end, and a
 * dated one driven through every admin control. Each writes the campaign's history and one of
 * its unit workflows' (unit-<version>-<name>.json).
 */
const campaignScenarios = {
  education: {
    plan: EDUCATION_RECTIFICATION_TEMPLATE.plan,
    drive: async (handle) => handle.result(),
  },
  controls: {
    dated: true,
    drive: async (handle, { late, plan }) => {
      await waitFor(handle, 'study');
      await handle.executeUpdate(contracts.pauseCampaignUpdate, {
        args: [decision('上级检查，暂停一周')],
      });
      await env.sleep(7 * DAY);
      await handle.executeUpdate(contracts.resumeCampaignUpdate, { args: [decision('检查结束')] });
      await handle.executeUpdate(contracts.extendPhaseUpdate, {
        args: [
          {
            ...decision('延长学习教育阶段'),
            phase: 'study',
            // past the end the week's pause moved it to
            until: new Date(Date.parse(plan.phases[0].endsAt) + 14 * DAY).toISOString(),
          },
        ],
      });
      await handle.executeUpdate(contracts.addUnitsUpdate, {
        args: [{ ...decision('新设支部纳入'), unitIds: [late.id] }],
      });
      await handle.executeUpdate(contracts.advancePhaseUpdate, {
        args: [{ ...decision('上级要求提前转段'), fromPhase: 'study' }],
      });
      // A few days of the self-check phase (its reminders), then the office calls it off.
      await env.sleep(12 * DAY);
      await handle.executeUpdate(contracts.cancelCampaignUpdate, {
        args: [decision('上级通知撤销')],
      });
      return handle.result();
    },
  },
};

/**
 * The ledger's histories: an item left untouched up the whole default ladder; one whose deadline
 * an approved extension moved; one closed, looked back at and reopened (a rebound). Each ends
 * terminated once its story is told (an item's workflow waits as long as the item lives).
 */
const itemScenarios = {
  ladder: async ({ command, assign }) => {
    await assign();
    await env.sleep(120 * DAY);
    void command;
  },
  extension: async ({ command, assign, people }) => {
    const assigned = await assign();
    const extensionId = crypto.randomUUID();
    const day = new Date(assigned.deadline + 30 * DAY + 8 * 3600_000).toISOString().slice(0, 10);
    await command({
      type: 'extension_requested',
      by: people.person.id,
      extensionId,
      newDeadline: day,
      reason: '需协调上级部门。',
    });
    await command({
      type: 'extension_decided',
      by: people.inspector.id,
      extensionId,
      decision: 'approve',
    });
    await env.sleep(60 * DAY);
  },
  'look-back': async ({ command, assign, people }) => {
    await assign();
    await command({
      type: 'progress_reported',
      by: people.person.id,
      reportId: crypto.randomUUID(),
      evidence: 1,
    });
    await command({
      type: 'submitted',
      by: people.person.id,
      reportId: crypto.randomUUID(),
      evidence: 1,
    });
    await command({ type: 'verified', decision: 'close', by: people.inspector.id });
    // The look-back falls due after the policy's interval (P3M) and asks another inspector.
    await env.sleep(100 * DAY);
    await command({
      type: 'look_back_done',
      outcome: 'rebound',
      by: people.inspector2.id,
      newDeadline: new Date((await env.currentTimeMs()) + 40 * DAY).toISOString().slice(0, 10),
    });
    await env.sleep(10 * DAY);
  },
  // v4: decisions on the ladder. The 督办单 waits on the county's 督查问效组, climbs to the city's
  // desk and is issued there; the 约谈 is declined, comes back, is deferred, then issued.
  decisions: async ({ command, assign, people, pending }) => {
    const decide = async (decision, reason, extra = {}) =>
      command({
        type: 'decision_taken',
        by: people.supervisor.id,
        decisionKey: await pending(),
        decision,
        reason,
        ...extra,
      });
    await assign();
    await env.sleep(30 * DAY);
    await decide('issue', '经研究，决定下发督办单。');
    await env.sleep(20 * DAY);
    await decide('decline', '已有整改进展，暂不约谈。');
    await env.sleep(20 * DAY);
    await decide('defer', '待核实整改情况。', { until: (await env.currentTimeMs()) + 5 * DAY });
    await env.sleep(6 * DAY);
    await decide('issue', '决定约谈支部书记。');
    await env.sleep(5 * DAY);
  },
  // v4: the 督查问效组's spot check finds a closed item not really rectified and reopens it.
  'spot-check': async ({ command, assign, people }) => {
    await assign();
    await command({
      type: 'submitted',
      by: people.person.id,
      reportId: crypto.randomUUID(),
      evidence: 1,
    });
    await command({ type: 'verified', decision: 'close', by: people.inspector.id });
    await env.sleep(10 * DAY);
    await command({
      type: 'spot_checked',
      by: people.supervisor.id,
      recordId: crypto.randomUUID(),
      outcome: 'reopened',
      newDeadline: new Date((await env.currentTimeMs()) + 30 * DAY).toISOString().slice(0, 10),
    });
    await env.sleep(10 * DAY);
  },
  // v2: a pause of the campaign holds the item's timers; a report meanwhile; the resume moves them.
  pause: async ({ command, assign, people, handle }) => {
    await assign();
    await handle.signal(contracts.itemPauseSignal, { pausedAt: await env.currentTimeMs() });
    await env.sleep(30 * DAY);
    await command({
      type: 'progress_reported',
      by: people.person.id,
      reportId: crypto.randomUUID(),
      evidence: 1,
    });
    await env.sleep(10 * DAY);
    await handle.signal(contracts.itemPauseSignal, { resumedAt: await env.currentTimeMs() });
    await env.sleep(30 * DAY);
  },
};

async function recordItems(dataSource, f) {
  for (const [name, drive] of Object.entries(itemScenarios)) {
    const county = await f.unit(null, 'county_bureau', `${name}分局`);
    const branch = await f.unit(county, 'party_branch', '第一党支部');
    const people = {
      leader: await f.person(branch, { name: '周书记', isLeader: true }),
      person: await f.person(branch, { name: '李娜' }),
      office: await f.person(county, { name: '陈主任' }),
      inspector: await f.person(county, { name: '纪检员' }),
      inspector2: await f.person(county, { name: '纪检员二' }),
      supervisor: await f.person(county, { name: '督查问效组' }),
    };
    await f.org.grant(people.supervisor.id, 'supervisor', county.id, null);
    await f.org.setFirstResponsible(county.id, people.leader.id);
    await f.org.grant(people.inspector.id, 'inspector', county.id, null);
    await f.org.grant(people.inspector2.id, 'inspector', county.id, null);
    const now = await env.currentTimeMs();
    // The campaign is recorded without its own workflow: only the item moves.
    const { campaignId } = await launchTestCampaign(dataSource, env.client, {
      coveredUnitId: county.id,
      plan: planFactory({ coveredUnitId: county.id, now }),
      taskQueue: `${taskQueue}-engine`,
      start: false,
    });
    const itemId = await registerTestItem(dataSource, env.client, {
      campaignId,
      unitId: branch.id,
      byPersonId: people.office.id,
      taskQueue: `${taskQueue}-engine`,
      at: now,
    });
    const handle = env.client.workflow.getHandle(contracts.itemWorkflowId(itemId));
    const command = (cmd) => handle.executeUpdate(contracts.itemCommandUpdate, { args: [cmd] });
    const assign = () =>
      command({
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
      });
    /** The key of the decision waiting on a desk now. */
    const pending = async () =>
      (
        await dataSource.query(
          `SELECT key FROM ladder_decisions WHERE item_id = $1 AND status = 'pending'`,
          [itemId],
        )
      )[0].key;
    await drive({ command, assign, people, handle, pending });
    await handle.terminate('recorded');
    const file = join(out, `item-${version}-${name}.json`);
    writeFileSync(file, historyToJSON(await handle.fetchHistory()) + '\n');
    console.log(`recorded ${file}`);
  }
}

async function recordEngine() {
  const scratch = mkdtempSync(join(tmpdir(), 'campaign-histories-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  const database = await startEmbeddedPostgres({
    dataDir: join(scratch, 'pg'),
    port: await freePort(),
    database: 'histories',
  });
  cleanups.push(() => database.stop());
  const dataSource = persistence.createDataSource(database.url, { poolSize: 5 });
  await dataSource.initialize();
  cleanups.push(() => dataSource.destroy());
  await persistence.migrate(dataSource);
  const runConfig = loadConfig({ ...process.env, DATABASE_URL: database.url }, root);
  const engineWorker = await createWorker({
    connection: env.nativeConnection,
    temporal: { ...runConfig.temporal, namespace: 'default', taskQueue: `${taskQueue}-engine` },
    activities: createActivities({
      dataSource,
      config: runConfig,
      logger: createLogger({ log: { level: 'warn' } }, 'record-histories'),
    }),
  });
  const f = new OrgFactory(dataSource);
  await engineWorker.runUntil(async () => {
    if (only !== 'campaign') await recordItems(dataSource, f);
    if (only === 'item') return;
    for (const [name, scenario] of Object.entries(campaignScenarios)) {
      const county = await f.unit(null, 'county_bureau', `${name}分局`);
      const branches = [];
      for (const b of ['第一党支部', '第二党支部']) {
        const branch = await f.unit(county, 'party_branch', b);
        for (let i = 0; i < 3; i++) await f.person(branch, { name: `${b}党员${i}` });
        branches.push(branch);
      }
      const now = await env.currentTimeMs();
      const plan = scenario.dated
        ? planFactory({ coveredUnitId: county.id, now, startInMs: DAY, phaseMs: 30 * DAY })
        : scenario.plan;
      const { campaignId, workflowId } = await launchTestCampaign(dataSource, env.client, {
        coveredUnitId: county.id,
        plan,
        startsAt: scenario.dated ? undefined : now + DAY,
        taskQueue: `${taskQueue}-engine`,
      });
      const handle = env.client.workflow.getHandle(workflowId);
      // A branch set up after the launch, for the office to add.
      const late = await f.unit(county, 'party_branch', '新设党支部');
      await f.person(late, { name: '新同志' });
      await scenario.drive(handle, { late, plan });
      const unit = env.client.workflow.getHandle(
        contracts.unitWorkflowId(campaignId, branches[0].id),
      );
      await unit.result();
      for (const [kind, h] of [
        ['campaign', handle],
        ['unit', unit],
      ]) {
        const file = join(out, `${kind}-${version}-${name}.json`);
        writeFileSync(file, historyToJSON(await h.fetchHistory()) + '\n');
        console.log(`recorded ${file}`);
      }
    }
  });
}

try {
  await worker.runUntil(async () => {
    mkdirSync(out, { recursive: true });
    for (const [context, scenarios] of [
      ['notification', notificationScenarios],
      ['cadence', cadenceScenarios],
    ]) {
      if (only !== undefined && only !== context) continue;
      for (const [name, start] of Object.entries(scenarios)) {
        const handle = await start();
        await handle.result().catch(() => undefined);
        const file = join(out, `${context}-${version}-${name}.json`);
        writeFileSync(file, historyToJSON(await handle.fetchHistory()) + '\n');
        console.log(`recorded ${file}`);
      }
    }
    if (only === undefined || only === 'campaign' || only === 'item') await recordEngine();
  });
} finally {
  await env.teardown();
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(e.message));
}
