import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createDataSource, migrate } from '@campaign/persistence';
import {
  eventually,
  freePort,
  type RunningPostgres,
  standardOrganisation,
  startEmbeddedPostgres,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

/** Slack for the HTTP round trip around the database's deadlines. */
const SLACK_MS = 1_500;
/** A query parameter that must never come back in an error. */
const MARKER = '7f1c2a4e-0000-4000-8000-00000000beef';

/** The postmaster and every backend it started: a whole PostgreSQL, frozen or killed at once. */
function processesOf(postmaster: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // Fields after the command's closing parenthesis: state, then the parent's pid.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // exited meanwhile
    }
  }
}

/**
 * With PostgreSQL frozen (SIGSTOP: connections accepted, nothing answered) or killed, the API
 * answers 503 `unavailable` within its stated deadline — DATABASE_CONNECT_TIMEOUT_MS to get a
 * connection plus DATABASE_STATEMENT_TIMEOUT_MS (and the client's one second more) for a
 * statement — instead of hanging or a 500, and /health says so within its 2 s. The instance is
 * this file's own, so no other suite sees it stop.
 */
describe('PostgreSQL frozen, then killed', () => {
  let dataDir: string;
  let pg: RunningPostgres;
  let api: ApiTestApp;
  let office: ApiTestApp['request'];
  let deadlineMs: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'campaign-pg-down-'));
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'campaigns' });
    const dataSource = createDataSource(pg.url, { poolSize: 2 });
    await dataSource.initialize();
    await migrate(dataSource);
    const db = { url: pg.url, dataSource, drop: async () => undefined };
    api = await startApiTestApp({}, { db });
    const org = await standardOrganisation(dataSource);
    await dataSource.destroy();
    office = api.as(await api.signIn(org.users.office.username));
    const { connectMs, apiStatementMs } = api.config.database.timeouts;
    deadlineMs = connectMs + apiStatementMs + 1_000;
  }, 120_000);

  afterAll(async () => {
    if (pg?.pid) signal(processesOf(pg.pid), 'SIGCONT');
    await api?.close();
    await pg?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const timed = async <T>(fn: () => Promise<T>) => {
    const started = Date.now();
    const result = await fn();
    return { result, ms: Date.now() - started };
  };

  const expectUnavailable = async () => {
    const { result, ms } = await timed(() => office('GET', `/api/v1/items?campaignId=${MARKER}`));
    expect(result.status).toBe(503);
    expect(result.body).toEqual({
      statusCode: 503,
      code: 'unavailable',
      message: 'the database did not answer in time; try again shortly',
    });
    expect(ms).toBeLessThanOrEqual(deadlineMs + SLACK_MS);
    const health = await timed(() => api.request('GET', '/health'));
    expect(health.result.status).toBe(503);
    expect(health.result.body.checks.postgres).toEqual({ status: 'down' });
    expect(health.ms).toBeLessThanOrEqual(2_000 + SLACK_MS);
    return { items: ms, health: health.ms };
  };

  it('answers 200 while it runs', async () => {
    expect((await office('GET', `/api/v1/items?campaignId=${MARKER}`)).status).toBe(200);
  });

  it('answers 503 within the deadline while it is frozen, and serves again once it thaws', async () => {
    const frozen = processesOf(pg.pid!);
    signal(frozen, 'SIGSTOP');
    try {
      const first = await expectUnavailable();
      // Again, now that the pool holds connections stuck behind the frozen server.
      const second = await expectUnavailable();
      process.stderr.write(
        `[postgres frozen] items 503 in ${first.items} ms, then ${second.items} ms; /health 503 in ${first.health} ms (deadline ${deadlineMs} ms)\n`,
      );
    } finally {
      signal(frozen, 'SIGCONT');
    }
    await eventually(
      async () => (await office('GET', `/api/v1/items?campaignId=${MARKER}`)).status,
      (status) => status === 200,
      30_000,
    );
  }, 60_000);

  it('answers 503 within the deadline once it is killed', async () => {
    signal(processesOf(pg.pid!), 'SIGKILL');
    await pg.exited;
    const { items, health } = await expectUnavailable();
    process.stderr.write(
      `[postgres killed] items 503 in ${items} ms; /health 503 in ${health} ms (deadline ${deadlineMs} ms)\n`,
    );
  }, 60_000);
});
