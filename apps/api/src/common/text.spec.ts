import 'reflect-metadata';

import { describe, expect, it } from '@jest/globals';
import { IsString, validate } from 'class-validator';

import { HUMAN_TEXT_PATTERN, HumanText, humanTextProblem, TextLength, textLength } from './text.js';

class Named {
  @IsString()
  @TextLength(1, 5)
  @HumanText()
  name!: string;
}

async function problems(name: unknown): Promise<string[]> {
  const dto = Object.assign(new Named(), { name });
  const errors = await validate(dto);
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('textLength', () => {
  it('counts code points, as PostgreSQL varchar does', () => {
    expect(textLength('王建国')).toBe(3);
    // U+2764 U+FE0F: two code points per heart; class-validator's Length counts one.
    expect(textLength('❤️'.repeat(200))).toBe(400);
    expect(textLength('𠮷')).toBe(1);
    expect('𠮷'.length).toBe(2);
  });
});

describe('TextLength and HumanText', () => {
  it('accepts ordinary names in any script', async () => {
    for (const name of ['王建国', 'Ana', 'Zoë', 'علي', '𠮷野家']) {
      expect(await problems(name)).toEqual([]);
    }
  });

  it('refuses a name longer than the column once counted in code points', async () => {
    expect(await problems('❤️❤️❤️')).toEqual(['name must be between 1 and 5 characters long']);
  });

  it('refuses blank names: whitespace only, zero-width only, empty', async () => {
    for (const name of ['   ', '\u3000', '\u200B\u200B', '\uFEFF', '\u2060', '\u3164']) {
      expect(await problems(name)).toEqual([
        'name must contain a visible character, not only spaces or zero-width characters',
      ]);
    }
    expect(await problems('')).toEqual(['name must be between 1 and 5 characters long']);
  });

  it('refuses bidirectional overrides and isolates and control characters', async () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2069']) {
      const [message] = await problems(`ab${c}c`);
      expect(message).toMatch(/bidirectional/);
    }
    expect((await problems('a\nb'))[0]).toMatch(/control characters/);
  });

  it('agrees with the pattern published in OpenAPI', () => {
    const pattern = new RegExp(HUMAN_TEXT_PATTERN);
    const samples = ['', '王建国', ' a ', '   ', '\u200B', 'a\u202Eb', 'a\tb', 'x\u2066', 'Zoë'];
    for (const sample of samples) {
      expect([sample, pattern.test(sample)]).toEqual([sample, humanTextProblem(sample) === null]);
    }
  });
});
