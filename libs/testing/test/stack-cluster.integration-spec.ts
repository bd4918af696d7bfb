import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadConfig } from '@campaign/config';
import { createDataSource } from '@campaign/persistence';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { eventually } from '../src/eventually.js';
import { standardOrganisation, TEST_PASSWORD } from '../src/org-factory.js';
import { planFactory } from '../src/plans.js';
import { freePort } from '../src/ports.js';
import { type RunningStack, startStack } from '../src/stack.js';
import { TEMPORAL_SERVER_VERSION } from '../src/temporal-cluster.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * `TEMPORAL_MODE=cluster npm start`'s stack, for real: Temporal's own server on the embedded
 * PostgreSQL, its Web UI and two workers; a campaign is launched and advanced through the API,
 * and again with one of the workers killed (the other takes its work).
 */
describe('the stack in cluster mode', () => {
  let stack: RunningStack;
  let scratch: string;
  const lines: string[] = [];
  let token: string;
  let unitId: string;
  let uiPort: number;

  beforeAll(async () => {
    for (const entry of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
      if (!existsSync(join(root, entry))) {
        throw new Error(`${entry} is missing: run npm run build (npm test builds first)`);
      }
    }
    scratch = mkdtempSync(join(tmpdir(), 'campaign-stack-cluster-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['DATABASE_URL'];
    delete env['TEMPORAL_ADDRESS'];
    delete env['TEMPORAL_DATABASE_URL'];
    uiPort = await freePort();
    Object.assign(env, {
      TEMPORAL_MODE: 'cluster',
      DATA_DIR: scratch,
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      PORT: String(await freePort()),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
    });
    const config = loadConfig(env, root);
    stack = await startStack({
      root,
      config,
      env,
      log: (line) => lines.push(line),
      output: () => undefined,
      temporalUiPort: uiPort,
      supervision: { initialBackoffMs: 250, maxBackoffMs: 2_000, maxFailures: 10 },
    });
    const dataSource = createDataSource(stack.databaseUrl, { poolSize: 1 });
    await dataSource.initialize();
    try {
      const org = await standardOrganisation(dataSource);
      unitId = org.countyA.id;
      const login = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: org.users.office.username, password: TEST_PASSWORD }),
      });
      token = ((await login.json()) as { accessToken: string }).accessToken;
    } finally {
      await dataSource.destroy();
    }
    // A cold cache builds the server and the UI with go install first (minutes).
  }, 1_800_000);

  afterAll(async () => {
    await stack?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 120_000);

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  async function launchAndAdvance(): Promise<void> {
    const launched = await call(
      'POST',
      '/api/v1/campaigns',
      planFactory({ coveredUnitId: unitId, startInMs: 86_400_000 }),
    );
    expect(launched.status).toBe(201);
    const advanced = await eventually(
      () =>
        call('POST', `/api/v1/campaigns/${launched.body.id}/advance`, {
          fromPhase: null,
          reason: '集群检查',
        }),
      (res: { status: number }) => res.status === 200,
      60_000,
    );
    expect(advanced.body.currentPhase.code).toBe('study');
    const read = await call('GET', `/api/v1/campaigns/${launched.body.id}`);
    expect(read.body.live).not.toBeNull();
  }

  it('runs Temporal’s own server, its Web UI and two workers, and says so', async () => {
    expect(stack.temporalKind).toContain(`Temporal server ${TEMPORAL_SERVER_VERSION}`);
    expect(stack.temporalKind).toContain('TEMPORAL_MODE=cluster');
    for (const name of ['postgres', 'temporal', 'temporal-ui', 'worker-1', 'worker-2', 'api']) {
      expect(stack.supervisor.pid(name)).toEqual(expect.any(Number));
    }
    const health = await fetch(`${stack.apiUrl}/health`);
    expect(health.status).toBe(200);
    const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');
  });

  it('launches and advances a campaign through the API', async () => {
    await launchAndAdvance();
  });

  it('keeps serving with one of its two workers killed', async () => {
    const pid = stack.supervisor.pid('worker-1');
    if (pid === undefined) throw new Error('worker-1 is not running');
    process.kill(pid, 'SIGKILL');
    await launchAndAdvance();
  });
});
