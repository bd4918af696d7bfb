import { campaignWorkflowId } from '@campaign/contracts';
import {
  dropDatabase,
  eventually,
  planFactory,
  type StandardOrganisation,
  standardOrganisation,
  startTestWorker,
  type TestWorker,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const DAY = 24 * 3600 * 1000;

let org: StandardOrganisation;
/** A plan covering county A, where the signed-in office works. */
const plan = (options: Parameters<typeof planFactory>[0] = {}) =>
  planFactory({ coveredUnitId: org.countyA.id, ...options });

describe('campaigns API against real Temporal and PostgreSQL', () => {
  let api: ApiTestApp;
  let worker: TestWorker;
  let temporal: Client;
  let call: ApiTestApp['request'];

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    call = api.as(await api.signIn(org.users.office.username));
    worker = await startTestWorker(api.config, api.db.dataSource);
    temporal = new Client({
      connection: await Connection.connect({ address: api.config.temporal.address }),
    });
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await worker?.stop();
    await api?.close();
  });

  const countCampaigns = async () =>
    Number((await api.db.dataSource.query('SELECT count(*)::int AS n FROM campaigns'))[0].n);

  it('launches a campaign: 201 with Location, a row in the read model and a running workflow campaign-<id>', async () => {
    const body = plan({ startInMs: DAY });
    const res = await call('POST', '/api/v1/campaigns', body);

    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/campaigns/${res.body.id}`);
    expect(res.body).toMatchObject({
      title: body.title,
      coveredUnitId: body.coveredUnitId,
      workflowId: `campaign-${res.body.id}`,
      status: { code: 'scheduled', label: '未开始' },
      currentPhase: null,
    });
    expect(res.body.phases.map((p: any) => p.kind.code)).toEqual([
      'study',
      'self_check',
      'rectification',
      'consolidation',
    ]);

    const description = await temporal.workflow
      .getHandle(campaignWorkflowId(res.body.id))
      .describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.type).toBe('campaignWorkflow');
    expect(description.taskQueue).toBe(api.config.temporal.taskQueue);
  });

  it('walks the phases on the plan’s timers and completes after the last deadline', async () => {
    const walk = plan({ startInMs: 500, phaseMs: 1_500 });
    const { body: created } = await call('POST', '/api/v1/campaigns', walk);

    const seen = new Set<string>();
    const done = await eventually(
      async () => {
        const { body } = await call('GET', `/api/v1/campaigns/${created.id}`);
        if (body.currentPhase) seen.add(body.currentPhase.code);
        return body;
      },
      (body) => body.status.code === 'completed',
      30_000,
    );

    expect(done.currentPhase.code).toBe('consolidation');
    // Every phase opened, in order, no earlier than planned and none early.
    const opened = done.phases.map((p: any) => Date.parse(p.openedAt));
    done.phases.forEach((p: any, i: number) => {
      expect(p.openedEarly).toBe(false);
      expect(Date.parse(p.openedAt)).toBeGreaterThanOrEqual(Date.parse(walk.phases[i].startsAt));
      if (i > 0) expect(opened[i]).toBeGreaterThan(opened[i - 1]);
    });
    expect(seen.size).toBeGreaterThanOrEqual(2);
    const result = await temporal.workflow.getHandle(created.workflowId).result();
    expect(result).toMatchObject({ status: 'completed', currentPhase: 'consolidation' });
  });

  it('returns the read model plus the live phase from a workflow query', async () => {
    const { body: created } = await call('POST', '/api/v1/campaigns', plan({ startInMs: 0 }));
    const body = await eventually(
      async () => (await call('GET', `/api/v1/campaigns/${created.id}`)).body,
      (b) => b.currentPhase?.code === 'study',
    );
    expect(body.live).toMatchObject({
      status: { code: 'active', label: '进行中' },
      currentPhase: { code: 'study', label: '学习教育' },
    });
    expect(body.phases[0].openedAt).not.toBeNull();
  });

  it('labels follow Accept-Language, zh-CN by default', async () => {
    const { body: created } = await call('POST', '/api/v1/campaigns', plan({ startInMs: DAY }));
    const en = await call('GET', `/api/v1/campaigns/${created.id}`, undefined, {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(en.body.status.label).toBe('Scheduled');
    expect(en.body.phases[1].kind.label).toBe('Self-check and problem finding');
    const zh = await call('GET', `/api/v1/campaigns/${created.id}`, undefined, {
      'accept-language': 'fr',
    });
    expect(zh.body.phases[1].kind.label).toBe('检视整治');
  });

  it('advances phase by phase through an update, then answers 409 in the last phase and changes nothing', async () => {
    const { body: created } = await call('POST', '/api/v1/campaigns', plan({ startInMs: DAY }));

    const expected = ['study', 'self_check', 'rectification', 'consolidation'];
    let fromPhase: string | null = null;
    for (const phase of expected) {
      const res = await call('POST', `/api/v1/campaigns/${created.id}/advance`, {
        fromPhase,
        reason: '按上级要求提前转段',
      });
      fromPhase = phase;
      expect(res.status).toBe(200);
      // The update returns once the read model has the new phase.
      expect(res.body.currentPhase.code).toBe(phase);
      expect(res.body.live.currentPhase.code).toBe(phase);
      expect(res.body.phases.find((p: any) => p.kind.code === phase).openedEarly).toBe(true);
    }

    const rejected = await call('POST', `/api/v1/campaigns/${created.id}/advance`, {
      fromPhase: 'consolidation',
      reason: '再次转段',
    });
    expect(rejected.status).toBe(409);
    expect(rejected.body.message).toMatch(/last phase/);
    const after = await call('GET', `/api/v1/campaigns/${created.id}`);
    expect(after.body.currentPhase.code).toBe('consolidation');
    expect(after.body.status.code).toBe('active');
  });

  it('answers 409 when advancing a completed campaign', async () => {
    const { body: created } = await call(
      'POST',
      '/api/v1/campaigns',
      plan({ startInMs: -4 * DAY, phaseMs: DAY }),
    );
    await eventually(
      async () => (await call('GET', `/api/v1/campaigns/${created.id}`)).body,
      (b) => b.status.code === 'completed',
    );
    const res = await call('POST', `/api/v1/campaigns/${created.id}/advance`, {
      fromPhase: 'consolidation',
      reason: '转段',
    });
    expect(res.status).toBe(409);
  });

  it('rejects missing, malformed and unknown fields with 400 naming each one, and creates nothing', async () => {
    const before = await countCampaigns();
    const res = await call('POST', '/api/v1/campaigns', {
      title: '',
      coveredUnitId: 'not-a-uuid',
      phases: [{ kind: 'warm-up', startsAt: '2026-13-01', endsAt: '2026-12-01' }],
      launchedBy: 'someone',
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: any) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'title',
        'coveredUnitId',
        'phases.0.kind',
        'phases.0.startsAt',
        'phases.0.endsAt',
        'launchedBy',
      ]),
    );
    expect(res.body.message).toContain('coveredUnitId');

    const missing = await call('POST', '/api/v1/campaigns', {});
    expect(missing.status).toBe(400);
    // Which plan is missing too: a template, a full plan or dated phases, exactly one.
    expect(missing.body.errors.map((e: any) => e.field).sort()).toEqual([
      'coveredUnitId',
      'phases',
      'plan',
      'templateId',
      'title',
    ]);

    const notJson = await call('POST', '/api/v1/campaigns', '{"title": ');
    expect(notJson.status).toBe(400);

    expect(await countCampaigns()).toBe(before);
  });

  it('rejects phases out of order or overlapping with 422 and the broken rules, and creates nothing', async () => {
    const before = await countCampaigns();
    const swapped = plan({ startInMs: DAY });
    [swapped.phases[0], swapped.phases[1]] = [swapped.phases[1], swapped.phases[0]];
    const outOfOrder = await call('POST', '/api/v1/campaigns', swapped);
    expect(outOfOrder.status).toBe(422);
    expect(outOfOrder.body.violations.map((v: any) => v.rule)).toContain('phase_order');

    const overlapping = plan({ startInMs: DAY });
    overlapping.phases[2].startsAt = new Date(
      Date.parse(overlapping.phases[1].endsAt) - 3600_000,
    ).toISOString();
    const overlap = await call('POST', '/api/v1/campaigns', overlapping);
    expect(overlap.status).toBe(422);
    expect(overlap.body.violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'phases.2.startsAt', rule: 'phase_overlap' }),
      ]),
    );

    const threePhases = plan({ startInMs: DAY });
    threePhases.phases.pop();
    expect((await call('POST', '/api/v1/campaigns', threePhases)).status).toBe(422);

    expect(await countCampaigns()).toBe(before);
  });

  it('answers 404 for an unknown campaign and 400 for a malformed id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call('GET', `/api/v1/campaigns/${unknown}`)).status).toBe(404);
    expect(
      (
        await call('POST', `/api/v1/campaigns/${unknown}/advance`, {
          fromPhase: null,
          reason: '转段',
        })
      ).status,
    ).toBe(404);
    const malformed = await call('GET', '/api/v1/campaigns/abc');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('id');
  });

  it('lists campaigns newest first with pagination', async () => {
    const titles = ['分页一', '分页二', '分页三'];
    for (const title of titles)
      await call('POST', '/api/v1/campaigns', plan({ startInMs: DAY, title }));
    const total = await countCampaigns();

    const first = await call('GET', '/api/v1/campaigns?page=1&pageSize=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total });
    expect(first.body.items.map((c: any) => c.title)).toEqual(['分页三', '分页二']);
    const second = await call('GET', '/api/v1/campaigns?page=2&pageSize=2');
    expect(second.body.items[0].title).toBe('分页一');
    const ids = [...first.body.items, ...second.body.items].map((c: any) => c.id);
    expect(new Set(ids).size).toBe(ids.length);

    const bad = await call('GET', '/api/v1/campaigns?page=0&pageSize=500');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['page', 'pageSize']);
  });

  it('serves OpenAPI at /docs-json and Swagger UI at /docs', async () => {
    const spec = await api.request('GET', '/docs-json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/campaigns',
        '/api/v1/campaigns/{id}',
        '/api/v1/campaigns/{id}/advance',
        '/health',
      ]),
    );
    const ui = await api.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('reports healthy when PostgreSQL and Temporal answer and a worker polls', async () => {
    const res = await api.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: {
        postgres: { status: 'up' },
        temporal: { status: 'up' },
        worker: { status: 'up' },
        ledger: { status: 'ok', parkedItems: 0, itemIds: [] },
      },
    });
  });
});

describe('health when a dependency is down', () => {
  it('answers 503 naming the worker while none polls the task queue, within its deadline, and 200 once one does', async () => {
    const api = await startApiTestApp();
    let worker: TestWorker | undefined;
    try {
      const started = Date.now();
      const res = await api.request('GET', '/health');
      const ms = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        code: 'unavailable',
        message: 'worker is down',
        checks: {
          postgres: { status: 'up' },
          temporal: { status: 'up' },
          worker: { status: 'down' },
        },
      });
      expect(ms).toBeLessThan(3_000);
      worker = await startTestWorker(api.config, api.db.dataSource);
      await eventually(
        async () => (await api.request('GET', '/health')).status,
        (status) => status === 200,
        30_000,
      );
    } finally {
      await worker?.stop();
      await api.close();
    }
  });

  it('gives a pause sent while the worker restarts the whole control deadline, not a read’s short one', async () => {
    // A read's query deadline far shorter than the time a worker takes to start.
    const api = await startApiTestApp({ TEMPORAL_QUERY_TIMEOUT_MS: '200' });
    let worker: TestWorker | undefined = await startTestWorker(api.config, api.db.dataSource);
    try {
      const org = await standardOrganisation(api.db.dataSource);
      const office = api.as(await api.signIn(org.users.office.username));
      const launched = await office(
        'POST',
        '/api/v1/campaigns',
        planFactory({ coveredUnitId: org.countyA.id, startInMs: DAY }),
      );
      expect(launched.status).toBe(201);
      const id = launched.body.id as string;
      await eventually(
        async () => (await office('GET', `/api/v1/campaigns/${id}`)).body.live,
        (live) => live?.status?.code === 'scheduled',
      );
      await worker.stop();
      worker = undefined;
      // The pause reads the campaign's state, which only a worker can answer: it waits for one.
      const paused = office('POST', `/api/v1/campaigns/${id}/pause`, { reason: '上级检查，暂停' });
      worker = await startTestWorker(api.config, api.db.dataSource);
      const res = await paused;
      expect([res.status, res.body.status]).toEqual([200, { code: 'paused', label: '已暂停' }]);
    } finally {
      await worker?.stop();
      await api.close();
    }
  });

  it('answers 503 naming Temporal when Temporal is unreachable', async () => {
    // Port 1 on loopback: nothing listens there.
    const api = await startApiTestApp({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
    try {
      const res = await api.request('GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body.checks.postgres).toEqual({ status: 'up' });
      // Down, without driver details: /health is public.
      expect(res.body.checks.temporal).toEqual({ status: 'down' });
    } finally {
      await api.close();
    }
  });

  it('answers 503 naming PostgreSQL when its database goes away', async () => {
    const api = await startApiTestApp();
    try {
      // Dropping the database with FORCE ends every connection the API holds.
      const name = new URL(api.db.url).pathname.slice(1);
      const admin = new URL(api.db.url);
      admin.pathname = '/postgres';
      await dropDatabase(admin.toString(), name);
      const res = await api.request('GET', '/health');
      expect(res.status).toBe(503);
      expect(res.body.checks.postgres).toEqual({ status: 'down' });
      expect(res.body.checks.temporal).toEqual({ status: 'up' });
    } finally {
      await api.close();
    }
  });

  it('answers 503 and creates nothing when a campaign cannot be started', async () => {
    const api = await startApiTestApp({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
    try {
      const own = await standardOrganisation(api.db.dataSource);
      const office = api.as(await api.signIn(own.users.office.username));
      const res = await office(
        'POST',
        '/api/v1/campaigns',
        planFactory({ coveredUnitId: own.countyA.id, startInMs: DAY }),
      );
      expect(res.status).toBe(503);
      const rows = await api.db.dataSource.query('SELECT count(*)::int AS n FROM campaigns');
      expect(rows[0].n).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('answers 503 rather than hanging when no worker takes an advance', async () => {
    // Temporal is up, but no worker polls this API's task queue.
    const api = await startApiTestApp();
    try {
      const own = await standardOrganisation(api.db.dataSource);
      const office = api.as(await api.signIn(own.users.office.username));
      const launched = await office(
        'POST',
        '/api/v1/campaigns',
        planFactory({ coveredUnitId: own.countyA.id, startInMs: DAY }),
      );
      expect(launched.status).toBe(201);
      const res = await office('POST', `/api/v1/campaigns/${launched.body.id}/advance`, {
        fromPhase: null,
        reason: '转段',
      });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('unavailable');
    } finally {
      await api.close();
    }
  });
});
