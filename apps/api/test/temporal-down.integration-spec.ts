import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

import { campaignWorkflowId, type CampaignWorkflowInput } from '@campaign/contracts';
import { CampaignReadModelRepository } from '@campaign/persistence';
import { freePort, planFactory, standardOrganisation } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const DAY = 86_400_000;
/** Slack for the HTTP round trip and the database work around the Temporal call. */
const SLACK_MS = 1_500;

/** A TCP server that accepts connections and never answers: a hung Temporal. */
async function blackhole(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * With Temporal down or hung, launching and advancing answer 503 within the deadlines the
 * configuration states (TEMPORAL_START_TIMEOUT_MS, TEMPORAL_UPDATE_TIMEOUT_MS: 10 s and 15 s by
 * default), and leave nothing behind.
 */
describe.each([
  [
    'down (connection refused)',
    async () => ({ address: `127.0.0.1:${await freePort()}`, close: async () => undefined }),
  ],
  ['hung (accepts, never answers)', blackhole],
])('Temporal %s', (_, temporal) => {
  let api: ApiTestApp;
  let server: { address: string; close(): Promise<void> };
  let office: ApiTestApp['request'];
  let unitId: string;

  beforeAll(async () => {
    server = await temporal();
    api = await startApiTestApp({ TEMPORAL_ADDRESS: server.address });
    const org = await standardOrganisation(api.db.dataSource);
    unitId = org.countyA.id;
    office = api.as(await api.signIn(org.users.office.username));
  });

  afterAll(async () => {
    await api?.close();
    await server?.close();
  });

  const timed = async <T>(fn: () => Promise<T>) => {
    const started = Date.now();
    const result = await fn();
    return { result, ms: Date.now() - started };
  };

  it('answers a launch 503 within the start deadline and creates nothing', async () => {
    const { startMs } = api.config.temporal.timeouts;
    const { result, ms } = await timed(() =>
      office('POST', '/api/v1/campaigns', planFactory({ coveredUnitId: unitId, startInMs: DAY })),
    );
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ statusCode: 503, code: 'unavailable' });
    expect(ms).toBeLessThanOrEqual(startMs + SLACK_MS);
    const rows = await api.db.dataSource.query('SELECT count(*)::int AS n FROM campaigns');
    expect(rows[0].n).toBe(0);
  });

  it('answers an advance 503 within the update deadline', async () => {
    const { updateMs } = api.config.temporal.timeouts;
    const input = {
      campaignId: randomUUID(),
      plan: planFactory({ coveredUnitId: unitId, startInMs: DAY }),
    } as CampaignWorkflowInput;
    await new CampaignReadModelRepository(api.db.dataSource).insertPlanned(
      input,
      campaignWorkflowId(input.campaignId),
    );
    const { result, ms } = await timed(() =>
      office('POST', `/api/v1/campaigns/${input.campaignId}/advance`, {
        fromPhase: null,
        reason: '转段',
      }),
    );
    expect(result.status).toBe(503);
    expect(result.body.code).toBe('unavailable');
    expect(ms).toBeLessThanOrEqual(updateMs + SLACK_MS);
  });

  it('still reads a campaign, without its live state, within the query deadline', async () => {
    const { queryMs } = api.config.temporal.timeouts;
    const [row] = await api.db.dataSource.query('SELECT id FROM campaigns LIMIT 1');
    const { result, ms } = await timed(() => office('GET', `/api/v1/campaigns/${row.id}`));
    expect(result.status).toBe(200);
    expect(result.body.live).toBeNull();
    expect(ms).toBeLessThanOrEqual(queryMs + SLACK_MS);
  });
});
