import { OrgFactory, TEST_PASSWORD } from '@campaign/testing';
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

  it('rotates refresh tokens; a reused refresh token revokes the whole family', async () => {
    const first = (await login(username, TEST_PASSWORD)).body;
    const second = await api.request('POST', '/api/v1/auth/refresh', {
      refreshToken: first.refreshToken,
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(second.body.accessToken)).status).toBe(200);

    // The first token was used already: presenting it again looks like theft.
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
