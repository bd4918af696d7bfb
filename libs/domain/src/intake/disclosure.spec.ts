import { describe, expect, it } from '@jest/globals';

import {
  checkStatementAnswers,
  DEFAULT_INTAKE_POLICY,
  judgeDisclosure,
  matchingClarification,
  type StatementAnswer,
} from './disclosure.js';
import { routeProblem } from './routing.js';

const answers = (disclosed: number[]): StatementAnswer[] =>
  ([1, 2, 3, 4, 5, 6] as const).map((item) =>
    disclosed.includes(item)
      ? { item, disclosure: '本人配偶经营的公司曾承接单位后勤项目' }
      : { item, nothingToReport: true },
  );

describe('the six clarifications, as a statement answers them', () => {
  it('takes each of the six once, nothing to report or a disclosure', () => {
    expect(checkStatementAnswers(answers([5]))).toEqual([]);
  });

  it('names every missing, repeated, unknown or ambiguous answer', () => {
    const rules = checkStatementAnswers([
      { item: 1, nothingToReport: true },
      { item: 1, disclosure: '重复' },
      { item: 7, nothingToReport: true },
      { item: 2, nothingToReport: true, disclosure: '两者都有' },
      { item: 3 },
      { item: 4, disclosure: '   ' },
    ]).map((v) => `${v.field}:${v.rule}`);
    expect(rules).toEqual([
      'items.1.item:clarification_item_repeated',
      'items.2.item:clarification_item_unknown',
      'items.3:answer_ambiguous',
      'items.4:answer_missing',
      'items.5:answer_missing',
      'items:clarification_item_missing',
      'items:clarification_item_missing',
    ]);
  });
});

describe('the disclosure rules', () => {
  it('match a category to its clarification item through the policy, unless the inspector names one', () => {
    expect(matchingClarification(DEFAULT_INTAKE_POLICY, 'discipline_life')).toBe(5);
    expect(matchingClarification(DEFAULT_INTAKE_POLICY, 'discipline_integrity')).toBe(6);
    expect(matchingClarification(DEFAULT_INTAKE_POLICY, 'style_study')).toBeNull();
    expect(matchingClarification(DEFAULT_INTAKE_POLICY, 'style_study', 2)).toBe(2);
  });

  it('flag a problem from another channel where the matching item said nothing to report', () => {
    expect(
      judgeDisclosure({ channel: 'tip_off', clarificationItem: 5, answers: answers([]) }),
    ).toBe('suspected_concealment');
  });

  it('treat a problem the person disclosed in the matching item as self-disclosed', () => {
    expect(
      judgeDisclosure({ channel: 'inspection', clarificationItem: 5, answers: answers([5]) }),
    ).toBe('self_disclosed');
  });

  it('count what the person reports through self-check as self-disclosed', () => {
    expect(judgeDisclosure({ channel: 'self_check', clarificationItem: 5, answers: null })).toBe(
      'self_disclosed',
    );
  });

  it('judge nothing without a statement or a matching item', () => {
    expect(judgeDisclosure({ channel: 'tip_off', clarificationItem: 5, answers: null })).toBe(
      'not_judged',
    );
    expect(
      judgeDisclosure({ channel: 'tip_off', clarificationItem: null, answers: answers([]) }),
    ).toBe('not_judged');
  });
});

describe('routing by severity', () => {
  it('makes a major problem found by a higher level its case, and hands a general one down', () => {
    const city = 'a1';
    const county = 'a1.b2';
    expect(routeProblem({ severity: 'major', foundByUnitPath: city, unitPath: county })).toBe(
      'case',
    );
    expect(routeProblem({ severity: 'general', foundByUnitPath: city, unitPath: county })).toBe(
      'handed_down',
    );
  });

  it('leaves a problem found at its own level (or a sibling prefix) to be rectified there', () => {
    expect(routeProblem({ severity: 'major', foundByUnitPath: 'a1.b2', unitPath: 'a1.b2' })).toBe(
      'rectify',
    );
    expect(routeProblem({ severity: 'major', foundByUnitPath: 'a1.b2', unitPath: 'a1.b22' })).toBe(
      'rectify',
    );
  });
});
