import {
  OrgFactory,
  type StandardOrganisation,
  standardOrganisation,
  TEST_PASSWORD,
} from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

describe('sign-in and tokens', () => {
  let api: ApiTestApp;
  let username: string;
  let accountId: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    const f = new OrgFactory(api.db.dataSource);
    const city = await f.unit(null, 'city_bureau');
    ({ username } = await f.account(city, [{ role: 'office', unit: city }]));
    accountId = (await f.accounts.findByUsername(username))!.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  const login = (name: string, password: string) =>
    api.request('POST', '/api/v1/auth/login', { username: name, password });
  const key = () => new TextEncoder().encode(api.config.auth.jwtSecret);
  /** A token like ours, with one thing changed. */
  const forge = async (change: (jwt: SignJWT) => SignJWT, secret = key()) =>
    change(
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(accountId)
        .setIssuer(api.config.auth.issuer)
        .setAudience(api.config.auth.audience)
        .setIssuedAt()
        .setExpirationTime('5m'),
    ).sign(secret);
  const me = (token: string) =>
    api.request('GET', '/api/v1/me', undefined, { authorization: `Bearer ${token}` });

  it('signs in with the right password and answers /me with the token', async () => {
    const res = await login(username, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: api.config.auth.accessTokenTtlSeconds,
    });
    const who = await me(res.body.accessToken);
    expect(who.status).toBe(200);
    expect(who.body.username).toBe(username);
    expect(who.body.grants.map((g: any) => g.role)).toEqual([{ code: 'office', label: '活动办' }]);
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const wrong = await login(username, 'not-the-password');
    const unknown = await login('nobody-at-all', TEST_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.accessToken).toBeUndefined();
  });

  it('rejects expired, forged, alg:none and foreign-audience tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await forge((j) => j.setIssuedAt(now - 3600).setExpirationTime(now - 60));
    const wrongSecret = await forge(
      (j) => j,
      new TextEncoder().encode('another-secret-another-secret-another'),
    );
    const wrongAudience = await forge((j) => j.setAudience('some-other-api'));
    const wrongIssuer = await forge((j) => j.setIssuer('someone-else'));
    const valid = await forge((j) => j);
    const [header, payload] = valid.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: accountId, exp: now + 99999 })).toString('base64url')}.${valid.split('.')[2]}`;

    expect((await me(valid)).status).toBe(200);
    for (const token of [
      expired,
      wrongSecret,
      wrongAudience,
      wrongIssuer,
      unsigned,
      tampered,
      'garbage',
    ]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
    expect((await api.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('rotates refresh tokens; a token reused after the grace window revokes the whole family', async () => {
    const first = (await login(username, TEST_PASSWORD)).body;
    const second = await api.request('POST', '/api/v1/auth/refresh', {
      refreshToken: first.refreshToken,
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.body.accessToken)).status).toBe(200);

    // The first token was used already, longer ago than two tabs refreshing at once would
    // explain (its use moved back past the window): presenting it again looks like theft.
    await api.db.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = revoked_at - make_interval(secs => $2)
        WHERE account_id = $1 AND revoked_at IS NOT NULL`,
      [accountId, api.config.auth.refreshReuseGraceSeconds + 1],
    );
    const replay = await api.request('POST', '/api/v1/auth/refresh', {
      refreshToken: first.refreshToken,
    });
    expect(replay.status).toBe(401);
    // ...so the legitimate successor stops working too.
    const successor = await api.request('POST', '/api/v1/auth/refresh', {
      refreshToken: second.body.refreshToken,
    });
    expect(successor.status).toBe(401);
  });

  it('two tabs refreshing one token at once both get the same new pair and stay signed in', async () => {
    const first = (await login(username, TEST_PASSWORD)).body;
    const refresh = (refreshToken: string) =>
      api.request('POST', '/api/v1/auth/refresh', { refreshToken });
    const [a, b] = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(a.body.refreshToken).not.toBe(first.refreshToken);
    // Within the window, a third use answers the same pair again, and changes nothing.
    const c = await refresh(first.refreshToken);
    expect([c.status, c.body]).toEqual([200, a.body]);
    expect((await me(a.body.accessToken)).status).toBe(200);
    // The family is intact: the new refresh token works, once.
    const next = await refresh(a.body.refreshToken);
    expect(next.status).toBe(200);
    expect((await me(next.body.accessToken)).status).toBe(200);
    expect((await refresh(next.body.refreshToken)).status).toBe(200);
  });

  it('a used token answers no pair once its successor was logged out or revoked', async () => {
    const first = (await login(username, TEST_PASSWORD)).body;
    const refresh = (refreshToken: string) =>
      api.request('POST', '/api/v1/auth/refresh', { refreshToken });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    await api.request('POST', '/api/v1/auth/logout', { refreshToken: second.body.refreshToken });
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });

  it('logs out: the refresh token no longer works, and logging out twice is harmless', async () => {
    const pair = (await login(username, TEST_PASSWORD)).body;
    expect(
      (await api.request('POST', '/api/v1/auth/logout', { refreshToken: pair.refreshToken }))
        .status,
    ).toBe(204);
    expect(
      (await api.request('POST', '/api/v1/auth/logout', { refreshToken: pair.refreshToken }))
        .status,
    ).toBe(204);
    expect(
      (await api.request('POST', '/api/v1/auth/refresh', { refreshToken: pair.refreshToken }))
        .status,
    ).toBe(401);
  });

  it('validates the login body: 400 naming each missing field', async () => {
    const res = await api.request('POST', '/api/v1/auth/login', { user: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.field).sort()).toEqual([
      'password',
      'user',
      'username',
    ]);
  });

  it('a disabled account cannot sign in', async () => {
    await api.db.dataSource.query('UPDATE accounts SET disabled = true WHERE id = $1', [accountId]);
    try {
      expect((await login(username, TEST_PASSWORD)).status).toBe(401);
    } finally {
      await api.db.dataSource.query('UPDATE accounts SET disabled = false WHERE id = $1', [
        accountId,
      ]);
    }
  });

  it('someone who has left keeps their records but loses access at once', async () => {
    const pair = (await login(username, TEST_PASSWORD)).body;
    await api.db.dataSource.query(
      `UPDATE people SET status = 'left', left_at = now() WHERE id = (SELECT person_id FROM accounts WHERE id = $1)`,
      [accountId],
    );
    try {
      expect((await me(pair.accessToken)).status).toBe(401);
      expect((await login(username, TEST_PASSWORD)).status).toBe(401);
      expect(
        (await api.request('POST', '/api/v1/auth/refresh', { refreshToken: pair.refreshToken }))
          .status,
      ).toBe(401);
    } finally {
      await api.db.dataSource.query(
        `UPDATE people SET status = 'active', left_at = NULL WHERE id = (SELECT person_id FROM accounts WHERE id = $1)`,
        [accountId],
      );
    }
  });
});

describe('sign-in limits (default limits; TRUST_PROXY names the test client as the proxy)', () => {
  let api: ApiTestApp;
  let org: StandardOrganisation;

  beforeAll(async () => {
    // Only the proxy setting differs from production defaults, so each test can speak from its
    // own client address (X-Forwarded-For) and see the limits as they ship.
    api = await startApiTestApp({ TRUST_PROXY: 'loopback' });
    org = await standardOrganisation(api.db.dataSource);
  });

  afterAll(async () => {
    await api?.close();
  });

  const login = (username: string, password: string, client: string) =>
    api.request(
      'POST',
      '/api/v1/auth/login',
      { username, password },
      { 'x-forwarded-for': client },
    );
  const { windowSeconds, maxFailuresPerUsername, maxFailuresPerClient } = {
    windowSeconds: 15 * 60,
    maxFailuresPerUsername: 5,
    maxFailuresPerClient: 20,
  };

  /** The 429 a throttled sign-in answers: the usual error body, and when to come back. */
  const expectThrottled = (res: Awaited<ReturnType<typeof login>>) => {
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'throttled' });
    expect(res.body.accessToken).toBeUndefined();
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  };

  it('ships with 5 failures per username and 20 per client in 15 minutes', () => {
    expect(api.config.limits.signIn).toEqual({
      windowSeconds,
      maxFailuresPerUsername,
      maxFailuresPerClient,
    });
  });

  it('answers the same 401 for five wrong passwords, then 429 with Retry-After, even for the right one', async () => {
    const { username } = await org.factory.account(org.branchA, []);
    const refusals = [];
    for (let i = 0; i < maxFailuresPerUsername; i++) {
      refusals.push(await login(username, `wrong-${i}`, '203.0.113.1'));
    }
    expect(refusals.map((r) => r.status)).toEqual(Array(maxFailuresPerUsername).fill(401));
    expect(new Set(refusals.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expectThrottled(await login(username, TEST_PASSWORD, '203.0.113.1'));
    // Per username: another client is refused for this account too...
    expectThrottled(await login(username, TEST_PASSWORD, '203.0.113.2'));
    // ...while other people's sign-ins from the first client still work.
    const other = await org.factory.account(org.branchA, []);
    expect((await login(other.username, TEST_PASSWORD, '203.0.113.1')).status).toBe(200);
  });

  it('treats an unknown username exactly like a known one: the same 401s, then 429', async () => {
    const { username } = await org.factory.account(org.branchA, []);
    const known = await login(username, 'wrong', '203.0.113.10');
    const refusals = [];
    for (let i = 0; i < maxFailuresPerUsername; i++) {
      refusals.push(await login('nobody-by-this-name', `wrong-${i}`, '203.0.113.11'));
    }
    expect(refusals.map((r) => r.status)).toEqual(Array(maxFailuresPerUsername).fill(401));
    for (const r of refusals) expect(r.body).toEqual(known.body);
    expectThrottled(await login('nobody-by-this-name', 'wrong', '203.0.113.11'));
  });

  it('throttles one client after 20 failures over many usernames; a right password does not count', async () => {
    const client = '198.51.100.7';
    const fine = await org.factory.account(org.branchA, []);
    // Successful sign-ins use none of the client's allowance.
    for (let i = 0; i < 3; i++) {
      expect((await login(fine.username, TEST_PASSWORD, client)).status).toBe(200);
    }
    for (let i = 0; i < maxFailuresPerClient; i++) {
      expect((await login(`sprayed-${i}`, 'password123', client)).status).toBe(401);
    }
    expectThrottled(await login(fine.username, TEST_PASSWORD, client));
    expect((await login(fine.username, TEST_PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it('puts failed and throttled sign-ins on the audit trail, for the inspectors above the account', async () => {
    const target = await org.factory.account(org.branchA, []);
    const accountId = (await org.factory.accounts.findByUsername(target.username))!.id;
    for (let i = 0; i <= maxFailuresPerUsername + 1; i++) {
      await login(target.username, 'not-it', '192.0.2.44');
    }
    await login('no-such-user-on-trail', 'not-it', '192.0.2.45');
    const inspector = api.as(await api.signIn(org.users.inspector.username));
    const trail = async (action: string) =>
      (await inspector('GET', `/api/v1/audit?action=${action}&pageSize=100`)).body.items as any[];
    const failed = (await trail('auth.sign_in_failed')).filter((e) => e.subjectId === accountId);
    expect(failed).toHaveLength(maxFailuresPerUsername);
    expect(failed[0]).toMatchObject({
      actor: { id: target.person.id },
      actionLabel: '登录失败',
      subjectType: 'account',
      details: { username: target.username, client: '192.0.2.44' },
    });
    expect(JSON.stringify(failed)).not.toContain('not-it');
    // Throttled: one entry for the window, however many refusals.
    const throttled = (await trail('auth.sign_in_throttled')).filter(
      (e) => e.subjectId === accountId,
    );
    expect(throttled).toHaveLength(1);
    // An unknown username belongs to no one in the inspector's units: the admin sees it.
    const all = [
      ...(await trail('auth.sign_in_failed')),
      ...(await trail('auth.sign_in_throttled')),
    ];
    expect(JSON.stringify(all)).not.toContain('no-such-user-on-trail');
    const admin = api.as(await api.signIn(org.users.admin.username));
    const adminSees = (
      await admin('GET', '/api/v1/audit?action=auth.sign_in_failed&subjectType=username')
    ).body.items as any[];
    expect(adminSees.map((e) => e.details.username)).toContain('no-such-user-on-trail');
  });
});
