import { randomUUID } from 'node:crypto';

import { IdempotencyRepository } from '@campaign/persistence';
import { createTestDatabase, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

describe('IdempotencyRepository against PostgreSQL', () => {
  let db: TestDatabase;
  const keys = new IdempotencyRepository();

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  const claim = (accountId: string, key: string, requestHash: string, route = 'campaigns.launch') =>
    db.dataSource.transaction((tx) =>
      keys.claim(tx, { accountId, route, key, requestHash, resourceId: randomUUID() }),
    );

  it('gives a key to the first of concurrent requests; the others see its claim', async () => {
    const account = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => claim(account, 'launch-1', i === 0 ? 'h0' : `h${i}`)),
    );
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    // Everyone answers with the winner's resource and body hash.
    expect(new Set(results.map((r) => r.resourceId))).toEqual(new Set([created[0].resourceId]));
    expect(new Set(results.map((r) => r.requestHash)).size).toBe(1);
  });

  it('keeps keys apart by account and route', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect((await claim(a, 'k', 'h')).created).toBe(true);
    expect((await claim(b, 'k', 'h')).created).toBe(true);
    expect((await claim(a, 'k', 'h', 'campaigns.advance')).created).toBe(true);
    const again = await claim(a, 'k', 'other-body');
    expect([again.created, again.requestHash]).toEqual([false, 'h']);
  });

  it('forgets a claim whose work rolled back', async () => {
    const account = randomUUID();
    await expect(
      db.dataSource.transaction(async (tx) => {
        await keys.claim(tx, {
          accountId: account,
          route: 'campaigns.launch',
          key: 'k',
          requestHash: 'h',
          resourceId: randomUUID(),
        });
        throw new Error('the launch failed');
      }),
    ).rejects.toThrow('the launch failed');
    expect((await claim(account, 'k', 'h')).created).toBe(true);
  });
});
