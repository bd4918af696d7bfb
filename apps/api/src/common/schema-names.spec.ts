import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from '@jest/globals';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/**
 * The OpenAPI document names each schema after its class: two classes of one name become one
 * schema, and one of them answers with the other's shape (the fuzzer found `DecisionView` of
 * the decisions module described as a campaign control's). Every class the document may hold
 * has a name of its own.
 */
describe('the OpenAPI schemas', () => {
  it('come from classes with names of their own', () => {
    const seen = new Map<string, string[]>();
    for (const file of files(src)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('@nestjs/swagger')) continue;
      for (const [, name] of text.matchAll(/export class (\w+)/g)) {
        seen.set(name, [...(seen.get(name) ?? []), file.slice(src.length + 1)]);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    expect([...seen].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
