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

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * `npm start`'s stack, for real: each child is killed with SIGKILL in turn, and the stack must
 * say so, restart it, and serve again (health, a campaign launched on Temporal, and an advance
 * the worker applies).
 */
describe('the supervised stack heals itself', () => {
  let stack: RunningStack;
  let scratch: string;
  const lines: string[] = [];
  let token: string;
  let unitId: string;

  beforeAll(async () => {
    for (const entry of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
      if (!existsSync(join(root, entry))) {
        throw new Error(`${entry} is missing: run npm run build (npm test builds first)`);
      }
    }
    scratch = mkdtempSync(join(tmpdir(), 'campaign-stack-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['DATABASE_URL'];
    delete env['TEMPORAL_ADDRESS'];
    Object.assign(env, {
      TEMPORAL_MODE: 'dev',
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
  }, 300_000);

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

  /** Healthy, and a campaign can be launched and advanced (API, Temporal, worker, PostgreSQL). */
  async function expectServing(): Promise<void> {
    await eventually(
      async () => (await fetch(`${stack.apiUrl}/health`).catch(() => null))?.status,
      (status: number | undefined) => status === 200,
      120_000,
    );
    const launched = await eventually(
      () =>
        call(
          'POST',
          '/api/v1/campaigns',
          planFactory({ coveredUnitId: unitId, startInMs: 86_400_000 }),
        ),
      (res: { status: number }) => res.status === 201,
      60_000,
    );
    const advanced = await eventually(
      () =>
        call('POST', `/api/v1/campaigns/${launched.body.id}/advance`, {
          fromPhase: null,
          reason: '自愈检查',
        }),
      (res: { status: number }) => res.status === 200,
      60_000,
    );
    expect(advanced.body.currentPhase.code).toBe('study');
  }

  it('serves once started', async () => {
    await expectServing();
  });

  it.each(['worker', 'api', 'temporal', 'postgres'])(
    'restarts the %s after kill -9 and serves again',
    async (name) => {
      const pid = stack.supervisor.pid(name);
      if (pid === undefined) throw new Error(`${name} is not running`);
      process.kill(pid, 'SIGKILL');
      await eventually(
        async () => stack.supervisor.pid(name),
        (now: number | undefined) => now !== undefined && now !== pid,
        120_000,
      );
      expect(stack.supervisor.restarts(name)).toBe(1);
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${name}: exited unexpectedly \\(killed by SIGKILL\\)`)),
      );
      await expectServing();
    },
    300_000,
  );
});
