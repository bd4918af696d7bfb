import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { HUMAN_TEXT_PATTERN } from '../src/common/text.js';
import { type ApiTestApp, startApiTestApp } from './api-test-app.js';

/** The published contract: what a generated client or a fuzzer reads at /docs-json. */
describe('OpenAPI document', () => {
  let api: ApiTestApp;
  let doc: any;
  const logs: string[] = [];

  beforeAll(async () => {
    api = await startApiTestApp({ LOG_LEVEL: 'warn' }, { logs });
    doc = (await api.request('GET', '/docs-json')).body;
  });

  afterAll(async () => {
    await api?.close();
  });

  const operations = (): Array<[string, string, any]> =>
    Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(
        ([method, op]) => [method.toUpperCase(), path, op] as [string, string, any],
      ),
    );
  const statuses = (method: string, path: string) =>
    Object.keys(doc.paths[path][method.toLowerCase()].responses).sort();

  it('names every schema once: two DTO classes of one name would document one of them wrongly', () => {
    expect(logs.filter((line) => line.includes('Duplicate DTO'))).toEqual([]);
    // The plan's review cadence and an item's review are two schemas.
    const plan = doc.components.schemas.PlanSpecDto ?? {};
    expect(JSON.stringify(plan.properties?.review ?? {})).toContain('ReviewCadenceDto');
    expect(Object.keys(doc.components.schemas.ReviewDto.properties)).not.toContain('cadence');
  });

  it('answers every error status of every operation with the one ErrorBody schema', () => {
    expect(doc.components.schemas.ErrorBody.required).toEqual(['statusCode', 'code', 'message']);
    for (const [method, path, op] of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content['application/json'].schema;
        // /health's 503 is the error body plus the checks.
        const refs = schema.allOf?.map((s: any) => s.$ref) ?? [schema.$ref];
        expect([method, path, status, refs[0]]).toEqual([
          method,
          path,
          status,
          '#/components/schemas/ErrorBody',
        ]);
      }
    }
  });

  it('documents the statuses each route can answer, from its metadata', () => {
    expect(statuses('GET', '/health')).toEqual(['200', '503']);
    expect(statuses('POST', '/api/v1/auth/login')).toEqual(['200', '400', '401', '413', '429']);
    expect(doc.paths['/api/v1/auth/login'].post.responses['429'].headers).toHaveProperty(
      'Retry-After',
    );
    expect(statuses('GET', '/api/v1/me')).toEqual(['200', '401']);
    expect(statuses('GET', '/api/v1/units/{id}')).toEqual(['200', '400', '401', '403', '404']);
    expect(statuses('POST', '/api/v1/units')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
    ]);
    expect(statuses('POST', '/api/v1/campaigns')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '413',
      '422',
      '503',
    ]);
    expect(statuses('POST', '/api/v1/campaigns/{id}/advance')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '503',
    ]);
    expect(statuses('DELETE', '/api/v1/grants/{id}')).toEqual(['204', '400', '401', '403', '404']);
  });

  it('marks path ids as UUIDs and protected operations with the bearer scheme', () => {
    // Besides signing in, the tip-off line is public: reporters need no account.
    const PUBLIC = new Set([
      'POST /api/v1/tip-offs',
      'GET /api/v1/tip-offs/units',
      'POST /api/v1/tip-offs/follow-up',
      'POST /api/v1/tip-offs/follow-up/additions',
    ]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [method, path, op] of operations()) {
      for (const p of op.parameters ?? []) {
        // Ids are UUIDs; a calendar year is the one path parameter that is not an id.
        if (p.in === 'path' && p.name !== 'year')
          expect([method, path, p.schema]).toEqual([
            method,
            path,
            { type: 'string', format: 'uuid' },
          ]);
      }
      if (path.startsWith('/api/v1/') && !path.startsWith('/api/v1/auth/')) {
        expect([method, path, op.security]).toEqual([
          method,
          path,
          PUBLIC.has(`${method} ${path}`) ? undefined : [{ bearer: [] }],
        ]);
      }
    }
  });

  it('carries the validation the server applies in the request schemas', () => {
    const unit = doc.components.schemas.CreateUnitDto;
    expect(unit.additionalProperties).toBe(false);
    expect(unit.properties.name).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: HUMAN_TEXT_PATTERN,
    });
    expect(unit.properties.code).toMatchObject({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 64 });
    expect(unit.properties.kind.enum).toContain('department');
    const seat = doc.components.schemas.CommitteeSeatDto;
    expect(seat.properties.areas).toMatchObject({
      maxItems: 20,
      items: { type: 'string', minLength: 1, maxLength: 100, pattern: HUMAN_TEXT_PATTERN },
    });
    expect(doc.components.schemas.SetLeadershipDto.properties.committee.maxItems).toBe(50);
    const list = doc.paths['/api/v1/campaigns'].get.parameters;
    expect(list.find((p: any) => p.name === 'page').schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100000,
    });
    // Validated query fields appear even without @ApiProperty.
    expect(doc.paths['/api/v1/units'].get.parameters).toContainEqual(
      expect.objectContaining({
        name: 'rootId',
        in: 'query',
        required: false,
        schema: { type: 'string', format: 'uuid' },
      }),
    );
    // Optional fields are optional, required ones required.
    expect(doc.components.schemas.UpdatePersonDto.required).toBeUndefined();
    expect(doc.components.schemas.CreateUnitDto.required.sort()).toEqual([
      'code',
      'kind',
      'name',
      'parentId',
    ]);
  });
});
