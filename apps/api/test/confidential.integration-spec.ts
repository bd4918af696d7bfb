import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type StandardOrganisation, standardOrganisation } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const EDUCATION = 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01';
const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/** Runs one of the project's commands (built code) against the test database. */
function command(script: string, args: string[], env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [join(root, 'scripts', script), '--no-build', ...args],
    {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Statements are sealed with the key ring's newest key and opened with whichever key sealed
 * them: after `keys:rotate` every row is under the new key and the old one can go; a changed
 * ciphertext never opens (the API answers 500, `keys:rotate -- --check` names the row), and a
 * changed audit row breaks the chain where `audit:verify` says.
 */
describe('confidential data at rest: the key ring, rotation, tampering', () => {
  const k1 = key('k1');
  const k2 = key('k2');
  let first: ApiTestApp;
  let org: StandardOrganisation;
  let leaderUsername: string;
  let campaignId: string;
  const running: ApiTestApp[] = [];
  const api = async (keys: string) => {
    const app = await startApiTestApp({ CONFIDENTIAL_KEYS: keys }, { db: first.db });
    running.push(app);
    return app;
  };
  const submit = async (app: ApiTestApp, text: string) => {
    const res = await app.as(await app.signIn(leaderUsername))('POST', '/api/v1/statements', {
      campaignId,
      items: [1, 2, 3, 4, 5, 6].map((item) =>
        item === 4 ? { item, disclosure: text } : { item, nothingToReport: true },
      ),
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const read = async (app: ApiTestApp, id: string) =>
    app.as(await app.signIn(org.users.inspector.username))('GET', `/api/v1/statements/${id}`);
  const keyIds = async () =>
    (await first.db.dataSource.query('SELECT key_id FROM statements ORDER BY created_at')).map(
      (r: { key_id: string }) => r.key_id,
    );

  beforeAll(async () => {
    first = await startApiTestApp({ CONFIDENTIAL_KEYS: k1 });
    org = await standardOrganisation(first.db.dataSource);
    const leader = await org.factory.account(org.branchA, [{ role: 'member', unit: org.branchA }]);
    leaderUsername = leader.username;
    await first.db.dataSource.query('UPDATE people SET is_leader = true WHERE id = $1', [
      leader.person.id,
    ]);
    const launched = await first.as(await first.signIn(org.users.office.username))(
      'POST',
      '/api/v1/campaigns',
      {
        title: '2026年教育整顿（密钥轮换）',
        templateId: EDUCATION,
        coveredUnitId: org.countyA.id,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    );
    expect(launched.status).toBe(201);
    campaignId = launched.body.id;
  });

  afterAll(async () => {
    for (const app of running) await app.close();
    await first?.close();
  });

  it('rotates to a new key beside a running API, after which the old key can go', async () => {
    const old = await submit(first, '分管工程项目审批，存在廉政风险。');
    const rotating = await api(`${k2},${k1}`);
    const fresh = await submit(rotating, '分管物资采购，存在廉政风险。');
    expect(await keyIds()).toEqual(['k1', 'k2']);
    expect((await read(rotating, old)).body.items[3].disclosure).toBe(
      '分管工程项目审批，存在廉政风险。',
    );

    const rotation = command('keys.mjs', [], {
      DATABASE_URL: first.db.url,
      CONFIDENTIAL_KEYS: `${k2},${k1}`,
    });
    expect(rotation.output).toContain('statements: 1 rows now sealed with k2');
    expect(rotation.output).toContain('no row is sealed with k1: removable from the ring');
    expect(rotation.status).toBe(0);
    expect(await keyIds()).toEqual(['k2', 'k2']);
    // Key material is never printed.
    expect(rotation.output).not.toContain(k1.split(':')[1]);

    // The old key removed: everything still reads.
    const after = await api(k2);
    expect((await read(after, old)).body.items[3].disclosure).toBe(
      '分管工程项目审批，存在廉政风险。',
    );
    expect((await read(after, fresh)).body.items[3].disclosure).toBe(
      '分管物资采购，存在廉政风险。',
    );
    // And an API that lost the key a row needs cannot open it.
    const stale = await api(k1);
    expect((await read(stale, fresh)).status).toBe(500);
  });

  it('detects a changed ciphertext: it never opens, and the check names the row', async () => {
    const app = await api(k2);
    const id = await submit(app, '八小时以外与辖区商户往来。');
    await first.db.dataSource.query(
      `UPDATE statements SET answers = set_byte(answers, 40, get_byte(answers, 40) # 1) WHERE id = $1`,
      [id],
    );
    const res = await read(app, id);
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('商户');
    const check = command('keys.mjs', ['--check'], {
      DATABASE_URL: first.db.url,
      CONFIDENTIAL_KEYS: k2,
    });
    expect(check.status).toBe(1);
    expect(check.output).toContain(
      `DOES NOT OPEN: statements.answers of row ${id} (tampered, key k2)`,
    );
    // Rotation leaves a row it cannot open as it is, and says so.
    const rotation = command('keys.mjs', [], {
      DATABASE_URL: first.db.url,
      CONFIDENTIAL_KEYS: `${key('k3')},${k2}`,
    });
    expect(rotation.status).toBe(1);
    expect(rotation.output).toContain(`DOES NOT OPEN: statements.answers of row ${id}`);
  });

  it('verifies the audit chain of reads, and names the first row changed behind its back', async () => {
    const env = { DATABASE_URL: first.db.url };
    const intact = command('audit-verify.mjs', [], env);
    expect([intact.status, intact.output]).toEqual([0, expect.stringContaining('the chain holds')]);
    const [{ seq }] = await first.db.dataSource.query(
      `SELECT seq::text AS seq FROM audit_events WHERE action = 'read.statement' ORDER BY seq LIMIT 1`,
    );
    await first.db.dataSource.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await tx.query(`UPDATE audit_events SET actor_person_id = NULL WHERE seq = $1`, [seq]);
      await tx.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });
    const broken = command('audit-verify.mjs', [], env);
    expect(broken.status).toBe(1);
    expect(broken.output).toContain(`BROKEN at row ${seq}`);
  });
});
