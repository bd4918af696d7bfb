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
if (!version || !/^v\d+$/.test(version)) {
  console.error('usage: npm run histories:record -- v<N>   (the workflow version being recorded)');
  process.exit(2);
}

await build();
const { loadConfig } = await import(join(root, 'dist/libs/config/src/index.js'));
const { ensureTimeSkippingServer, planFactory } = await import(
  join(root, 'dist/libs/testing/src/index.js')
);
const { createWorker } = await import(join(root, 'dist/libs/temporal/src/index.js'));
const { advancePhaseUpdate, getCampaignStateQuery } = await import(
  join(root, 'dist/libs/contracts/src/index.js')
);
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
  activities: { projectCampaignCreated: async () => {}, projectCampaignPhase: async () => {} },
});

const scenarios = {
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

try {
  await worker.runUntil(async () => {
    mkdirSync(out, { recursive: true });
    for (const [name, drive] of Object.entries(scenarios)) {
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
