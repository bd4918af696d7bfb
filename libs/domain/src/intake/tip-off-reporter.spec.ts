import { describe, expect, it } from '@jest/globals';

import { checkTipOffReporter } from './tip-off-reporter.js';

const rules = (facts: Parameters<typeof checkTipOffReporter>[0]) =>
  checkTipOffReporter(facts).map((v) => `${v.field}:${v.rule}`);

describe("a tip-off's reporter", () => {
  it('is absent from an anonymous tip-off: left out or null', () => {
    expect(rules({ anonymous: true })).toEqual([]);
    expect(rules({ anonymous: true, reporter: null })).toEqual([]);
    expect(rules({ anonymous: true, reporter: { name: '王某' } })).toEqual([
      'reporter:anonymous_with_reporter',
    ]);
    expect(rules({ anonymous: true, reporter: {} })).toEqual(['reporter:anonymous_with_reporter']);
  });

  it('is named on a named tip-off', () => {
    expect(rules({ anonymous: false, reporter: { name: '王某' } })).toEqual([]);
    for (const reporter of [undefined, null, {}, { name: null }]) {
      expect(rules({ anonymous: false, reporter })).toEqual([
        'reporter.name:reporter_name_required',
      ]);
    }
  });

  it('quotes nothing the reporter sent', () => {
    const name = '举报人王某某';
    for (const v of checkTipOffReporter({ anonymous: true, reporter: { name } }))
      expect(v.message).not.toContain(name);
  });
});
