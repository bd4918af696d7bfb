import { planFactory, type StandardOrganisation, standardOrganisation } from '@campaign/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';

import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

/**
 * Every input that answered 500 under the fuzzer (issue 7), each now the right 4xx in the one
 * error body, and with nothing written.
 */
describe('hostile and careless input', () => {
  let api: ApiTestApp;
  let org: StandardOrganisation;
  let office: ApiTestApp['request'];

  beforeAll(async () => {
    api = await startApiTestApp();
    org = await standardOrganisation(api.db.dataSource);
    office = api.as(await api.signIn(org.users.office.username));
  });

  afterAll(async () => {
    await api?.close();
  });

  /** A digest of every table a request could change: equal digests, nothing written. */
  const state = async (): Promise<string> => {
    const tables = [
      'units',
      'people',
      'unit_committee_members',
      'role_grants',
      'accounts',
      'refresh_tokens',
      'campaigns',
      'campaign_phases',
    ];
    const rows = await Promise.all(
      tables.map(
        async (table) =>
          (
            await api.db.dataSource.query(
              `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS d FROM ${table} t`,
            )
          )[0].d as string,
      ),
    );
    return rows.join(':');
  };

  /** Asserts the answer is `status` in the API's error body and that nothing changed. */
  async function refused(
    status: number,
    send: () => Promise<{ status: number; body: any }>,
    fields?: string[],
  ): Promise<any> {
    const before = await state();
    const res = await send();
    expect({ status: res.status, body: res.body }).toEqual({
      status,
      body: expect.objectContaining({ statusCode: status, code: expect.any(String) }),
    });
    expect(typeof res.body.message).toBe('string');
    if (fields) expect(res.body.errors.map((e: any) => e.field).sort()).toEqual(fields.sort());
    expect(await state()).toBe(before);
    return res.body;
  }

  const unitBody = (name: string) => ({
    code: `H-${Math.random().toString(36).slice(2, 10)}`,
    name,
    kind: 'department',
    parentId: org.countyA.id,
  });
  const personBody = (name: string) => ({
    staffNumber: `H${Math.random().toString(36).slice(2, 10)}`,
    name,
    unitId: org.countyA.id,
    position: '民警',
    isLeader: false,
    isKeyPerson: false,
    keyPersonReasons: [],
  });
  const campaignBody = (title: string) =>
    planFactory({ coveredUnitId: org.countyA.id, startInMs: 86_400_000, title });

  describe('page numbers', () => {
    it.each([
      '/api/v1/campaigns?page=1e20',
      '/api/v1/campaigns?page=1.7976931348623157e%2B308',
      '/api/v1/campaigns?page=Infinity',
      '/api/v1/campaigns?page=100001',
      '/api/v1/campaigns?page=0x10',
      '/api/v1/people?page=3.51e24',
      '/api/v1/people?page=9007199254740993',
      '/api/v1/me/notifications?page=2623519557111880704',
      '/api/v1/me/tasks?page=1e20',
    ])('%s answers 400 naming page', async (path) => {
      await refused(400, () => office('GET', path), ['page']);
    });

    it('bounds page sizes the same way', async () => {
      await refused(400, () => office('GET', '/api/v1/campaigns?pageSize=1e20'), ['pageSize']);
      await refused(400, () => office('GET', '/api/v1/people?pageSize=201'), ['pageSize']);
    });

    it('serves the last allowed page (empty)', async () => {
      const res = await office('GET', '/api/v1/campaigns?page=100000&pageSize=100');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });
  });

  describe('NUL characters', () => {
    it('refuses them at sign-in, before any account is looked up', async () => {
      await refused(
        400,
        () => api.request('POST', '/api/v1/auth/login', { username: 'a\u0000', password: 'x' }),
        ['username'],
      );
    });

    it('refuses them in unit and person names, campaign titles and committee areas', async () => {
      await refused(400, () => office('POST', '/api/v1/units', unitBody('单位\u0000')), ['name']);
      await refused(400, () => office('POST', '/api/v1/people', personBody('张\u0000')), ['name']);
      await refused(
        400,
        () => office('POST', '/api/v1/campaigns', campaignBody('教育整顿\u0000')),
        ['title'],
      );
      await refused(
        400,
        () =>
          office('PUT', `/api/v1/units/${org.branchA.id}/leadership`, {
            firstResponsiblePersonId: null,
            committee: [{ personId: org.personA.id, areas: ['队伍管理', '政治\u0000'] }],
          }),
        ['committee.0.areas.1'],
      );
    });

    it('refuses them in query strings and path parameters', async () => {
      await refused(400, () => office('GET', '/api/v1/people?q=%00'), ['q']);
      await refused(400, () => office('GET', `/api/v1/units/${org.countyA.id}%00`), ['id']);
      await refused(
        400,
        () => office('GET', `/api/v1/units/${org.countyA.id}/responsible?area=%00`),
        ['area'],
      );
    });
  });

  describe('deeply nested and oversized bodies', () => {
    const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

    it('refuses a login with arrays nested 2,000 deep', async () => {
      const body = await refused(400, () =>
        api.request('POST', '/api/v1/auth/login', `{"username":${arrays(2000)},"password":"x"}`),
      );
      expect(body.message).toMatch(/nested more than 32 levels/);
    });

    it('refuses a campaign with objects nested 3,000 deep', async () => {
      await refused(400, () =>
        office(
          'POST',
          '/api/v1/campaigns',
          `{"title":"t","coveredUnitId":"${org.countyA.id}","phases":${objects(3000)}}`,
        ),
      );
    });

    it('answers 413 for a body over the limit and 400 for malformed JSON', async () => {
      const body = await refused(413, () =>
        office('POST', '/api/v1/units', unitBody('大'.repeat(60_000))),
      );
      expect(body.code).toBe('payload_too_large');
      expect((await refused(400, () => office('POST', '/api/v1/units', '{"name":'))).code).toBe(
        'invalid',
      );
    });
  });

  it('refuses a committee seat that is not an object', async () => {
    for (const committee of [[[]], [null], ['x'], [[{ personId: org.personA.id, areas: [] }]]]) {
      const body = await refused(400, () =>
        office('PUT', `/api/v1/units/${org.branchA.id}/leadership`, {
          firstResponsiblePersonId: null,
          committee,
        }),
      );
      expect(body.errors).toContainEqual({
        field: 'committee',
        messages: expect.arrayContaining(['committee must contain only objects']),
      });
    }
  });

  describe('length as the column counts it', () => {
    const hearts = '❤️'.repeat(200); // 400 code points, which varchar(200) cannot hold

    it('refuses 200 × "❤️" as a unit name, a new unit name and a campaign title', async () => {
      await refused(400, () => office('POST', '/api/v1/units', unitBody(hearts)), ['name']);
      await refused(
        400,
        () => office('PATCH', `/api/v1/units/${org.branchA.id}`, { name: hearts }),
        ['name'],
      );
      await refused(400, () => office('POST', '/api/v1/campaigns', campaignBody(hearts)), [
        'title',
      ]);
    });

    it('accepts 200 characters outside the BMP, which the column holds', async () => {
      const name = '𠮷'.repeat(200); // 200 code points, 400 UTF-16 units
      const res = await office('POST', '/api/v1/units', unitBody(name));
      expect(res.status).toBe(201);
      expect((await office('GET', `/api/v1/units/${res.body.id}`)).body.name).toBe(name);
    });
  });

  it('answers 401 for a validly signed token whose subject is not a UUID', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('not-a-uuid')
      .setIssuer(api.config.auth.issuer)
      .setAudience(api.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(api.config.auth.jwtSecret));
    const body = await refused(401, () => api.as(token)('GET', '/api/v1/me'));
    expect(body.code).toBe('unauthenticated');
  });

  describe('names people read and print', () => {
    const blank = ['   ', '\u3000\u3000', '\u200B\u200B', '\u200D\uFEFF', '\t'];
    const spoofing = ['某单位\u202E局安公', 'a\u2066b\u2069', '\u202D王'];

    it.each([...blank, ...spoofing].map((s) => [JSON.stringify(s), s]))(
      'refuses %s as a unit, person and rename name and as a campaign title',
      async (_, name) => {
        await refused(400, () => office('POST', '/api/v1/units', unitBody(name)), ['name']);
        await refused(400, () => office('POST', '/api/v1/people', personBody(name)), ['name']);
        await refused(400, () => office('PATCH', `/api/v1/people/${org.personA.id}`, { name }), [
          'name',
        ]);
        await refused(400, () => office('POST', '/api/v1/campaigns', campaignBody(name)), [
          'title',
        ]);
      },
    );

    it('stores names NFC-normalised, so the same name typed two ways is one name', async () => {
      const decomposed = 'Zoe\u0308 Ca\u0301ceres';
      const res = await office('POST', '/api/v1/people', personBody(decomposed));
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('Zo\u00EB C\u00E1ceres');
      const found = await office('GET', `/api/v1/people?q=${encodeURIComponent('Zoe\u0308')}`);
      expect(found.body.items.map((p: any) => p.id)).toEqual([res.body.id]);
    });
  });

  it('applies the same text rules to imported rosters: 422 naming each cell, nothing written', async () => {
    const csv =
      '单位编码 Unit code,单位名称 Unit name,单位类型 Unit kind,上级单位编码 Parent unit code\n' +
      `HX-1,坏\u0000名字,科室,${org.countyA.code}\n` +
      `HX-2,\u200B\u200B,科室,${org.countyA.code}\n` +
      `HX-3,某局\u202E,科室,${org.countyA.code}\n` +
      `HX-4,${'❤️'.repeat(101)},科室,${org.countyA.code}\n`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'units.csv');
    const body = await refused(422, () => office('POST', '/api/v1/import?sheet=units', form));
    expect(body.problems.map((p: any) => [p.row, p.message])).toEqual([
      [2, expect.stringMatching(/NUL/)],
      [3, expect.stringMatching(/visible character/)],
      [4, expect.stringMatching(/bidirectional/)],
      [5, expect.stringMatching(/at most 200 characters/)],
    ]);
  });

  describe('one error body for every error', () => {
    it('answers unknown routes, forbidden actions and bad ids alike', async () => {
      const unknown = await refused(404, () => office('GET', '/api/v1/no-such-route'));
      expect(unknown.code).toBe('not_found');
      const member = api.as(await api.signIn(org.users.member.username));
      const forbidden = await refused(403, () =>
        member('POST', '/api/v1/units', unitBody('新单位')),
      );
      expect(forbidden.code).toBe('forbidden');
      const bad = await refused(400, () => office('GET', '/api/v1/units/abc'), ['id']);
      expect(bad).toEqual({
        statusCode: 400,
        code: 'invalid',
        message: 'invalid fields: id',
        errors: [{ field: 'id', messages: ['id must be a UUID'] }],
      });
    });
  });
});
