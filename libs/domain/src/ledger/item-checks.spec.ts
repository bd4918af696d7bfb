import { describe, expect, it } from '@jest/globals';

import {
  checkAssignment,
  checkRegistration,
  resolveDeadline,
  SIX_CLARITIES,
} from './item-checks.js';
import { assignment, at, calendar, registration, show } from './test/item-kit.js';

const rules = (violations: Array<{ field: string; rule: string }>) =>
  violations.map((v) => [v.field, v.rule]);

describe('checkAssignment: the six clarities (六个明确)', () => {
  it('accepts a complete assignment', () => {
    expect(checkAssignment(assignment())).toEqual([]);
    expect(checkAssignment(assignment({ deadline: undefined, deadlineWorkingDays: 10 }))).toEqual(
      [],
    );
  });

  it('names every missing clarity, then the measures and the mode', () => {
    expect(rules(checkAssignment({}))).toEqual([
      ['responsibleLeaderId', 'clarity_missing'],
      ['responsibleUnitId', 'clarity_missing'],
      ['responsiblePersonId', 'clarity_missing'],
      ['deadline', 'clarity_missing'],
      ['acceptanceStandard', 'clarity_missing'],
      ['expectedEffect', 'clarity_missing'],
      ['measures', 'required'],
      ['mode', 'required'],
    ]);
    expect(checkAssignment({}).filter((v) => v.rule === 'clarity_missing')).toHaveLength(
      SIX_CLARITIES.length,
    );
  });

  it.each([
    ['responsibleLeaderId', '责任领导'],
    ['responsibleUnitId', '责任部门'],
    ['responsiblePersonId', '责任人'],
    ['acceptanceStandard', '验收标准'],
    ['expectedEffect', '预期效果'],
  ] as const)('names a missing %s (%s) alone, blank counting as missing', (field, zh) => {
    for (const value of [undefined, '', '   ']) {
      const violations = checkAssignment({ ...assignment(), [field]: value });
      expect(rules(violations)).toEqual([[field, 'clarity_missing']]);
      expect(violations[0].message).toContain(zh);
    }
  });

  it('wants a deadline as a date or as working days, not both, and well formed', () => {
    const without = { ...assignment(), deadline: undefined };
    expect(rules(checkAssignment(without))).toEqual([['deadline', 'clarity_missing']]);
    expect(rules(checkAssignment({ ...assignment(), deadlineWorkingDays: 5 }))).toEqual([
      ['deadline', 'deadline_ambiguous'],
    ]);
    expect(rules(checkAssignment({ ...assignment(), deadline: '2026-02-30' }))).toEqual([
      ['deadline', 'invalid_date'],
    ]);
    for (const n of [0, -1, 2.5, 367, '5']) {
      expect(rules(checkAssignment({ ...without, deadlineWorkingDays: n }))).toEqual([
        ['deadlineWorkingDays', 'invalid_working_days'],
      ]);
    }
  });

  it('knows the three modes only', () => {
    expect(rules(checkAssignment({ ...assignment(), mode: 'someday' }))).toEqual([
      ['mode', 'invalid_mode'],
    ]);
  });

  it('refuses texts beyond the limit and odd values', () => {
    expect(rules(checkAssignment({ ...assignment(), measures: 'x'.repeat(4001) }))).toEqual([
      ['measures', 'invalid'],
    ]);
    expect(rules(checkAssignment({ ...assignment(), responsiblePersonId: 42 }))).toEqual([
      ['responsiblePersonId', 'invalid'],
    ]);
    expect(rules(checkAssignment({ ...assignment(), supervisingLeaderId: '' }))).toEqual([
      ['supervisingLeaderId', 'invalid'],
    ]);
  });
});

describe('resolveDeadline', () => {
  const monday = at('2026-04-27 15:00');

  it('makes a day due by its last instant', () => {
    const { deadline, violations } = resolveDeadline({ deadline: '2026-05-29' }, monday, calendar);
    expect(violations).toEqual([]);
    expect(new Date(deadline).toISOString()).toBe('2026-05-29T15:59:59.999Z');
  });

  it('counts N working days from the day of assignment, over weekends and holidays', () => {
    // 28, 29, 30 April, then the 1–5 May break and the weekend inside it, then 6 and 7 May.
    const { deadline } = resolveDeadline({ deadlineWorkingDays: 5 }, monday, calendar);
    expect(show(deadline)).toBe('2026-05-07 23:59');
  });

  it('refuses a deadline already past', () => {
    expect(rules(resolveDeadline({ deadline: '2026-04-26' }, monday, calendar).violations)).toEqual(
      [['deadline', 'deadline_passed']],
    );
  });
});

describe('checkRegistration', () => {
  it('accepts a registration from every channel with a category', () => {
    expect(checkRegistration(registration())).toEqual([]);
    expect(checkRegistration(registration({ personIds: [] }))).toEqual([]);
  });

  it('wants the round of a cross-unit visit, and only there', () => {
    expect(rules(checkRegistration(registration({ source: 'cross_visit' })))).toEqual([
      ['sourceRound', 'round_required'],
    ]);
    expect(checkRegistration(registration({ source: 'cross_visit', sourceRound: 2 }))).toEqual([]);
    expect(rules(checkRegistration(registration({ sourceRound: 2 })))).toEqual([
      ['sourceRound', 'round_not_applicable'],
    ]);
  });

  it('names every broken rule', () => {
    expect(
      rules(
        checkRegistration({
          itemId: '',
          campaignId: 'c',
          unitId: 'u',
          personIds: ['a', 'a'],
          source: 'rumour',
          category: 'work',
        }),
      ),
    ).toEqual([
      ['itemId', 'required'],
      ['personIds', 'duplicate'],
      ['source', 'invalid_source'],
      ['category', 'invalid_category'],
    ]);
  });
});
