import { describe, expect, it } from '@jest/globals';
import { BadRequestException } from '@nestjs/common';

import { MAX_JSON_DEPTH, sanitiseInput } from './input-safety.js';

function refusal(value: unknown, field = ''): { message: string; errors?: unknown } {
  try {
    sanitiseInput(value, field);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as { message: string };
  }
  throw new Error('accepted');
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('sanitiseInput', () => {
  it('accepts bodies up to the depth limit and refuses deeper ones without recursing', () => {
    expect(() => sanitiseInput(nested(MAX_JSON_DEPTH), '')).not.toThrow();
    expect(refusal(nested(MAX_JSON_DEPTH + 1)).message).toMatch(/nested more than 32 levels/);
    // Far beyond any stack: refused, not overflowed.
    expect(refusal(nested(200_000)).message).toMatch(/nested/);
  });

  it('names the field holding a NUL by its dotted path, in values and keys', () => {
    expect(refusal({ committee: [{ areas: ['ok', 'b\u0000'] }] })).toMatchObject({
      message: 'invalid fields: committee.0.areas.1',
      errors: [
        {
          field: 'committee.0.areas.1',
          messages: ['committee.0.areas.1 must not contain the NUL character (U+0000)'],
        },
      ],
    });
    expect(refusal({ ['x\u0000']: 1 }).message).toBe('invalid fields: x\u0000');
    expect(refusal('a\u0000', 'id').message).toBe('invalid fields: id');
  });

  it('refuses unpaired surrogates', () => {
    expect(refusal({ name: 'a\uD800b' }).message).toBe('invalid fields: name');
  });

  it('NFC-normalises every string in place', () => {
    const body = { name: 'Zoe\u0308', tags: ['e\u0301'], n: 1, ok: true, none: null };
    expect(sanitiseInput(body, '')).toEqual({
      name: 'Zo\u00EB',
      tags: ['\u00E9'],
      n: 1,
      ok: true,
      none: null,
    });
  });
});
