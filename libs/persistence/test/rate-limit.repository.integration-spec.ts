import { randomUUID } from 'node:crypto';

import { RateLimitRepository } from '@campaign/persistence';
import { createTestDatabase, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

describe('RateLimitRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let limits: RateLimitRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    limits = new RateLimitRepository(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('counts concurrent hits one by one: no two callers see the same count', async () => {
    const key = `sign-in-client:${randomUUID()}`;
    const other = `sign-in-username:${randomUUID()}`;
    const counts = await Promise.all(
      Array.from({ length: 20 }, () =>
        limits.hit([
          { key, windowSeconds: 86_400 },
          { key: other, windowSeconds: 86_400 },
        ]),
      ),
    );
    const of = (k: string) =>
      counts.map((c) => c.find((x) => x.key === k)!.count).sort((a, b) => a - b);
    expect(of(key)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(of(other)).toEqual(of(key));
    const [first] = counts[0];
    expect(first.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(first.retryAfterSeconds).toBeLessThanOrEqual(86_400);
    // Windows are aligned on the epoch, the same for every API process.
    expect(first.windowStart.getTime() % 86_400_000).toBe(0);
  });

  it('takes back a forgiven hit, never below zero', async () => {
    const key = `tip-off-client:${randomUUID()}`;
    const [a] = await limits.hit([{ key, windowSeconds: 86_400 }]);
    const [b] = await limits.hit([{ key, windowSeconds: 86_400 }]);
    expect([a.count, b.count]).toEqual([1, 2]);
    await limits.forgive([b]);
    expect((await limits.hit([{ key, windowSeconds: 86_400 }]))[0].count).toBe(2);
    // Each sign-in that succeeded forgives its own hit; more forgiveness than hits stops at zero.
    for (let i = 0; i < 3; i++) await limits.forgive([a]);
    expect((await limits.hit([{ key, windowSeconds: 86_400 }]))[0].count).toBe(1);
  });

  it('sweeps only the windows that have ended', async () => {
    const ended = `sign-in-client:${randomUUID()}`;
    const current = `sign-in-client:${randomUUID()}`;
    await limits.hit([{ key: ended, windowSeconds: 60 }]);
    await limits.hit([{ key: current, windowSeconds: 3600 }]);
    await db.dataSource.query(
      `UPDATE rate_limit_counters SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [ended],
    );
    expect(await limits.sweep()).toBeGreaterThanOrEqual(1);
    const left: Array<{ key: string }> = await db.dataSource.query(
      'SELECT key FROM rate_limit_counters WHERE key = ANY($1)',
      [[ended, current]],
    );
    expect(left.map((r) => r.key)).toEqual([current]);
  });
});
