import { randomUUID } from 'node:crypto';

import { AccountRepository, type PersonEntity, refreshTokenHash } from '@campaign/persistence';
import { createTestDatabase, OrgFactory, type TestDatabase } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

describe('AccountRepository against PostgreSQL', () => {
  let db: TestDatabase;
  let accounts: AccountRepository;
  let f: OrgFactory;

  const HOUR = 3600_000;
  const account = async (person?: PersonEntity) =>
    accounts.upsert({
      username: `User-${randomUUID().slice(0, 8)}`,
      passwordHash: '$argon2id$one',
      personId: (person ?? (await f.person(await f.unit(null)))).id,
    });
  const successor = () => ({
    id: randomUUID(),
    token: randomUUID(),
    expiresAt: new Date(Date.now() + HOUR),
    createdAt: new Date(),
  });
  /** An account with one refresh token; returns both. */
  async function signedIn() {
    const a = await account();
    const token = randomUUID();
    await accounts.storeRefreshToken(a.id, token, new Date(Date.now() + HOUR));
    return { account: a, token, row: (await accounts.findRefreshToken(token))! };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    accounts = new AccountRepository(db.dataSource);
    f = new OrgFactory(db.dataSource);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps one account per username, whatever its case', async () => {
    const first = await account();
    const again = await accounts.upsert({
      username: first.username.toUpperCase(),
      passwordHash: '$argon2id$two',
      personId: first.personId,
    });
    expect(again.id).toBe(first.id);
    expect(again.passwordHash).toBe('$argon2id$two');
    expect((await accounts.findByUsername(first.username.toUpperCase()))?.id).toBe(first.id);
  });

  it('rotates a refresh token once: of two concurrent rotations one wins', async () => {
    const { row } = await signedIn();
    const [a, b] = [successor(), successor()];
    const results = await Promise.all([
      accounts.rotateRefreshToken(row.id, a),
      accounts.rotateRefreshToken(row.id, b),
    ]);
    const won = results.filter((r) => r !== null);
    expect(won).toHaveLength(1);
    const winner = won[0].id === a.id ? a : b;
    const loser = winner === a ? b : a;
    expect(await accounts.findRefreshToken(loser.token)).toBeNull();
    expect((await accounts.findRefreshToken(winner.token))?.revokedAt).toBeNull();
    expect(await accounts.rotateRefreshToken(row.id, successor())).toBeNull();

    // The losing caller, within the grace, is told its twin's successor; with another hash, nothing.
    expect(await accounts.recentSuccessor(row.id, refreshTokenHash(winner.token), 30)).toEqual({
      id: winner.id,
      createdAt: expect.any(Date),
    });
    expect(await accounts.recentSuccessor(row.id, refreshTokenHash(loser.token), 30)).toBeNull();
  });

  it('signs out everywhere: every token revoked, no successor handed out any more', async () => {
    const { account: a, row } = await signedIn();
    const next = successor();
    await accounts.rotateRefreshToken(row.id, next);
    const other = randomUUID();
    await accounts.storeRefreshToken(a.id, other, new Date(Date.now() + HOUR));
    const bystander = await signedIn();

    await accounts.revokeAllRefreshTokens(a.id);
    for (const token of [next.token, other]) {
      expect((await accounts.findRefreshToken(token))?.revokedAt).toBeInstanceOf(Date);
    }
    expect(await accounts.recentSuccessor(row.id, refreshTokenHash(next.token), 30)).toBeNull();
    expect(await accounts.revokeRefreshToken(bystander.row.id)).toBe(true);
    expect(await accounts.revokeRefreshToken(bystander.row.id)).toBe(false);
  });
});
