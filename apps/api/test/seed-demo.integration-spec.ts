import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('npm run seed:demo', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Runs the seed script (without rebuilding: npm test built dist/ already) on the test database. */
  function seed(): string {
    const run = spawnSync(process.execPath, ['scripts/seed-demo.mjs', '--no-build', '--force'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: api.db.url, DEMO_PASSWORD: '', NODE_ENV: 'development' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`seed failed: ${run.stderr}`);
    return run.stdout;
  }

  const counts = async () =>
    (
      await api.db.dataSource.query(`SELECT
        (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM people) AS people,
        (SELECT count(*)::int FROM accounts) AS accounts, (SELECT count(*)::int FROM role_grants) AS grants,
        (SELECT max(updated_at) FROM people) AS people_touched`)
    )[0];

  it('creates the demo organisation once; running it again changes nothing', async () => {
    const first = seed();
    expect(first).toContain('demo-office');
    const after = await counts();
    expect(after.units).toBeGreaterThanOrEqual(10);
    expect(after.people).toBeGreaterThanOrEqual(180);
    expect(after).toMatchObject({ accounts: 6, grants: 6 });

    seed();
    expect(await counts()).toEqual(after);
  });

  it('gives each demo account the access its role promises', async () => {
    const office = api.as(await api.signIn('demo-office', 'demo-password'));
    const member = api.as(await api.signIn('demo-member', 'demo-password'));
    const admin = api.as(await api.signIn('demo-admin', 'demo-password'));

    const everyone = (await admin('GET', '/api/v1/people?pageSize=1')).body.total;
    const countyPeople = (await office('GET', '/api/v1/people?pageSize=1')).body.total;
    expect(countyPeople).toBeGreaterThan(0);
    expect(countyPeople).toBeLessThan(everyone);
    expect((await member('GET', '/api/v1/people')).status).toBe(403);
    expect((await member('GET', '/api/v1/me')).body.grants[0].role.code).toBe('member');
  });
});
