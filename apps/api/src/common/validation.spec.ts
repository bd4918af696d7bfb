import 'reflect-metadata';

import { describe, expect, it } from '@jest/globals';
import { BadRequestException, type ValidationError } from '@nestjs/common';

import { CreateCampaignDto } from '../campaigns/dto/create-campaign.dto.js';
import { createValidationPipe, type FieldError, flattenValidationErrors } from './validation.js';

function node(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children };
}

describe('flattenValidationErrors', () => {
  it('names nested fields by their dotted path', () => {
    const errors = [
      node('title', { isDefined: 'title should not be null or undefined' }),
      node('phases', undefined, [
        node('0', undefined, [
          node('startsAt', { matches: 'startsAt must be a date-time with a zone' }),
        ]),
        node('2', undefined, [node('kind', { isIn: 'kind must be one of the following values' })]),
      ]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'title', messages: ['title should not be null or undefined'] },
      { field: 'phases.0.startsAt', messages: ['startsAt must be a date-time with a zone'] },
      { field: 'phases.2.kind', messages: ['kind must be one of the following values'] },
    ]);
  });

  it('reports each message once per field', () => {
    const message = 'startsAt must be an ISO-8601 date-time with a zone';
    const errors = [node('startsAt', { isIso8601: message, matches: message, isDefined: 'other' })];
    const [entry] = flattenValidationErrors(errors);
    expect(entry.messages).toHaveLength(2);
    expect(entry.messages).toEqual(expect.arrayContaining([message, 'other']));
  });

  it('gives a parent without constraints no entry of its own', () => {
    const errors = [
      node('phases', undefined, [node('0', undefined, [node('endsAt', { x: 'bad' })])]),
    ];
    const fields = flattenValidationErrors(errors).map((f) => f.field);
    expect(fields).toEqual(['phases.0.endsAt']);
  });

  it('keeps a parent that has constraints of its own alongside its children', () => {
    const errors = [
      node('phases', { arrayMinSize: 'phases too short' }, [node('0', { y: 'bad item' })]),
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'phases', messages: ['phases too short'] },
      { field: 'phases.0', messages: ['bad item'] },
    ]);
  });

  it('returns nothing for no errors', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });
});

function validBody() {
  return {
    title: '2026年度全市公安队伍教育整顿',
    coveredUnitId: '3f2b8c1e-6a4d-4e2f-9b1a-7c5d8e9f0a12',
    phases: [
      { kind: 'study', startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-15T00:00:00+08:00' },
      {
        kind: 'self_check',
        startsAt: '2026-12-15T00:00:00+08:00',
        endsAt: '2027-01-01T00:00:00Z',
      },
      {
        kind: 'rectification',
        startsAt: '2027-01-01T00:00:00Z',
        endsAt: '2027-02-01T00:00:00.000+08:00',
      },
      {
        kind: 'consolidation',
        startsAt: '2027-02-01T00:00:00+08:00',
        endsAt: '2027-03-01T23:59:59+08:00',
      },
    ],
  };
}

const metadata = { type: 'body', metatype: CreateCampaignDto } as const;

async function rejection(
  body: unknown,
): Promise<{ error: BadRequestException; fields: FieldError[] }> {
  try {
    await createValidationPipe().transform(body, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    const response = (error as BadRequestException).getResponse() as { errors: FieldError[] };
    return { error: error as BadRequestException, fields: response.errors };
  }
  throw new Error('the pipe accepted the body');
}

describe('createValidationPipe with CreateCampaignDto', () => {
  it('accepts a valid body and turns it into a CreateCampaignDto', async () => {
    const body = validBody();
    const result = await createValidationPipe().transform(body, metadata);
    expect(result).toBeInstanceOf(CreateCampaignDto);
    expect(result).toEqual(expect.objectContaining(body));
  });

  it('names every bad field, nested and unknown, in one 400', async () => {
    const body = {
      ...validBody(),
      title: '',
      coveredUnitId: 'not-a-uuid',
      extra: true,
    };
    body.phases[0].startsAt = '2026-12-01';
    const { error, fields } = await rejection(body);
    expect(error.getStatus()).toBe(400);
    const names = fields.map((f) => f.field);
    expect(names).toEqual(
      expect.arrayContaining(['title', 'coveredUnitId', 'phases.0.startsAt', 'extra']),
    );
    expect(names).toHaveLength(4);
    for (const field of fields) expect(field.messages.length).toBeGreaterThan(0);
    const response = error.getResponse() as { message: string };
    expect(response.message).toContain('phases.0.startsAt');
  });

  it('rejects a date-time without a zone', async () => {
    const body = validBody();
    body.phases[3].endsAt = '2027-03-01T23:59:59';
    const { fields } = await rejection(body);
    expect(fields.map((f) => f.field)).toEqual(['phases.3.endsAt']);
  });

  it('rejects an unknown phase kind and a missing title', async () => {
    const body: Partial<ReturnType<typeof validBody>> = validBody();
    delete body.title;
    body.phases![1].kind = 'party';
    const { fields } = await rejection(body);
    expect(fields.map((f) => f.field).sort()).toEqual(['phases.1.kind', 'title']);
  });
});
