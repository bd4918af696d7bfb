// Records workflow histories for the replay test (apps/worker/test/histories/). Run it when a
// workflow version ships: `npm run histories:record`. The replay test then proves every later
// change to workflow code still replays these histories (or sits behind patched()).
// Runs the built workflow bundle on Temporal's time-skipping test server, so months pass in
// seconds; the activities are no-ops because a history records only their results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'apps/worker/test/histories');
const version = process.argv[2];
// Optionally only the histories of one context (campaign, notification): recording a new
// version of one leaves the others' files as they are.
const only = process.argv[3];
if (!version || !/^v\d+$/.test(version)) {
  console.error(
    'usage: npm run histories:record -- v<N> [campaign|notification]   (the version being recorded)',
  );
  process.exit(2);
}

await build();
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const { ensureTimeSkippingServer, planFactory } = await import(
  join(root, 'dist/libs/testing/src/index.js')
);
const { createWorker } = await import(join(root, 'dist/libs/temporal/src/index.js'));
const { advancePhaseUpdate, getCampaignStateQuery, NOTIFICATION_MAINTENANCE_WORKFLOW } =
  await import(join(root, 'dist/libs/contracts/src/index.js'));
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
  },
});

const campaignScenarios = {
  // The plain walk: four phases on their timers, then completion.
  walk: async (handle) => handle.result(),
  // Two early advances, then the rest on timers.
  advance: async (handle) => {
    while ((await handle.query(getCampaignStateQuery)).currentPhase !== 'study') {
      await new Promise((r) => setTimeout(r, 50));
    }
    await handle.executeUpdate(advancePhaseUpdate);
    await handle.executeUpdate(advancePhaseUpdate);
    return handle.result();
  },
};

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

try {
  await worker.runUntil(async () => {
    mkdirSync(out, { recursive: true });
    for (const [name, start] of Object.entries(only === 'campaign' ? {} : notificationScenarios)) {
      const handle = await start();
      await handle.result().catch(() => undefined);
      const file = join(out, `notification-${version}-${name}.json`);
      writeFileSync(file, historyToJSON(await handle.fetchHistory()) + '\n');
      console.log(`recorded ${file}`);
    }
    for (const [name, drive] of Object.entries(only === 'notification' ? {} : campaignScenarios)) {
      const now = await env.currentTimeMs();
      const campaignId = crypto.randomUUID();
      const plan = planFactory({ now, startInMs: name === 'walk' ? DAY : 0, phaseMs: 30 * DAY });
      const handle = await env.client.workflow.start('campaignWorkflow', {
        workflowId: `campaign-${campaignId}`,
        taskQueue,
        args: [{ campaignId, plan }],
      });
      await drive(handle);
      const file = join(out, `campaign-${version}-${name}.json`);
      writeFileSync(file, historyToJSON(await handle.fetchHistory()) + '\n');
      console.log(`recorded ${file}`);
    }
  });
} finally {
  await env.teardown();
}
