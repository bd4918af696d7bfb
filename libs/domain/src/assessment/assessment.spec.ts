import { describe, expect, it } from '@jest/globals';

import { type CalendarYear, WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import { resolvePlan } from '../campaign/plan.js';
import { EDUCATION_RECTIFICATION_TEMPLATE } from '../campaign/templates.js';
import { label, LANGUAGES } from '../labels.js';
import {
  ASSESSMENT_FIGURES,
  type AssessmentFigures,
  assessmentPolicyOf,
  checkAssessmentPolicy,
  DEFAULT_ASSESSMENT_POLICY,
  isViolationCase,
  KEY_PERSON_REMINDER_KINDS,
  RECTIFICATION_FAILURES,
  RULE_TASK_ORIGINS,
  RULE_TASK_STATUSES,
  scoreUnit,
  yearSpan,
} from './assessment.js';
import { PHASE_SUMMARY_FIGURES, STATISTICS_FIGURES } from './assessment-labels.js';

const none: AssessmentFigures = {
  gate_missed: 0,
  overdue_item: 0,
  yellow_warning: 0,
  red_warning: 0,
  escalation: 0,
  violation_case: 0,
};
const policy = {
  base: 100,
  perGateMissed: 5,
  perOverdueItem: 2,
  perYellowWarning: 1,
  perRedWarning: 3,
  perEscalation: 4,
  perViolationCase: 10,
};

describe('scoreUnit', () => {
  it('gives the base to a unit with nothing against it', () => {
    const score = scoreUnit(none, policy);
    expect(score).toMatchObject({ score: 100, deducted: 0 });
    expect(score.deductions.map((d) => d.figure)).toEqual([...ASSESSMENT_FIGURES]);
  });

  it('deducts the policy points for each figure, each named', () => {
    const score = scoreUnit(
      {
        gate_missed: 1,
        overdue_item: 2,
        yellow_warning: 3,
        red_warning: 1,
        escalation: 2,
        violation_case: 1,
      },
      policy,
    );
    // 5 + 4 + 3 + 3 + 8 + 10
    expect(score).toMatchObject({ deducted: 33, score: 67 });
    expect(score.deductions.find((d) => d.figure === 'escalation')).toEqual({
      figure: 'escalation',
      count: 2,
      pointsEach: 4,
      points: 8,
    });
  });

  it('moves by exactly one figure’s points when that figure moves by one', () => {
    for (const figure of ASSESSMENT_FIGURES) {
      const before = scoreUnit({ ...none, [figure]: 2 }, policy).score;
      const after = scoreUnit({ ...none, [figure]: 3 }, policy).score;
      const each = scoreUnit({ ...none, [figure]: 1 }, policy).deducted;
      expect(before - after).toBe(each);
    }
  });

  it('never falls below zero', () => {
    expect(scoreUnit({ ...none, violation_case: 50 }, policy)).toMatchObject({
      deducted: 500,
      score: 0,
    });
  });

  it('counts nothing for zero points', () => {
    const free = { ...policy, perYellowWarning: 0 };
    expect(scoreUnit({ ...none, yellow_warning: 9 }, free).score).toBe(100);
  });
});

describe('the assessment policy', () => {
  it('accepts the defaults', () => {
    expect(checkAssessmentPolicy(DEFAULT_ASSESSMENT_POLICY)).toEqual([]);
  });

  it('names every bad field: fractions, negatives, a zero base, a deduction above the base', () => {
    const bad = {
      ...DEFAULT_ASSESSMENT_POLICY,
      base: 0,
      perGateMissed: 1.5,
      perOverdueItem: -1,
    };
    expect(checkAssessmentPolicy(bad).map((v) => [v.field, v.rule])).toEqual([
      ['assessment.base', 'invalid_points'],
      ['assessment.perGateMissed', 'invalid_points'],
      ['assessment.perOverdueItem', 'invalid_points'],
    ]);
    expect(
      checkAssessmentPolicy({ ...DEFAULT_ASSESSMENT_POLICY, base: 10, perViolationCase: 20 }).map(
        (v) => [v.field, v.rule],
      ),
    ).toEqual([['assessment.perViolationCase', 'points_above_base']]);
  });

  it('is frozen into the resolved plan, the defaults when the plan names none', () => {
    const calendar = new WorkingDayCalendar(
      [2026, 2027].map((y): CalendarYear => ({
        year: y,
        holidays: [],
        makeupWorkdays: [],
        source: 'admin',
      })),
    );
    const start = Date.parse('2026-12-01T00:00:00+08:00');
    const spec = structuredClone(EDUCATION_RECTIFICATION_TEMPLATE.plan);
    expect(resolvePlan(spec, start, calendar).plan!.assessment).toEqual(DEFAULT_ASSESSMENT_POLICY);
    const own = resolvePlan({ ...spec, assessment: policy }, start, calendar);
    expect(own.plan!.assessment).toEqual(policy);
    const broken = resolvePlan(
      { ...spec, assessment: { ...policy, perRedWarning: 101 } },
      start,
      calendar,
    );
    expect(broken.violations.map((v) => v.field)).toEqual(['assessment.perRedWarning']);
  });

  it('falls back to the defaults for a campaign launched before the policy existed', () => {
    expect(assessmentPolicyOf({})).toEqual({ policy: DEFAULT_ASSESSMENT_POLICY, fromPlan: false });
    expect(assessmentPolicyOf(null)).toEqual({
      policy: DEFAULT_ASSESSMENT_POLICY,
      fromPlan: false,
    });
    expect(assessmentPolicyOf({ assessment: policy })).toEqual({ policy, fromPlan: true });
  });
});

describe('a new violation case', () => {
  it('is a problem handled as a case, or disposed in the second to fourth form', () => {
    expect(isViolationCase({ handling: 'case', latestForm: null })).toBe(true);
    expect(isViolationCase({ handling: 'rectify', latestForm: null })).toBe(false);
    expect(isViolationCase({ handling: 'rectify', latestForm: 1 })).toBe(false);
    expect(isViolationCase({ handling: 'handed_down', latestForm: 2 })).toBe(true);
    expect(isViolationCase({ handling: 'rectify', latestForm: 4 })).toBe(true);
  });
});

describe('yearSpan', () => {
  it('is the calendar year in Asia/Shanghai', () => {
    const { from, to } = yearSpan(2026);
    expect(new Date(from).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(new Date(to).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('refuses a year outside 2000–2100', () => {
    expect(() => yearSpan(1999)).toThrow(RangeError);
    expect(() => yearSpan(2026.5)).toThrow(RangeError);
  });
});

describe('labels', () => {
  it.each([
    ['assessmentFigure', ASSESSMENT_FIGURES],
    ['rectificationFailure', RECTIFICATION_FAILURES],
    ['keyPersonReminderKind', KEY_PERSON_REMINDER_KINDS],
    ['ruleTaskStatus', RULE_TASK_STATUSES],
    ['ruleTaskOrigin', RULE_TASK_ORIGINS],
    ['phaseSummaryFigure', PHASE_SUMMARY_FIGURES],
    ['statisticsFigure', STATISTICS_FIGURES],
  ] as const)('labels every %s in zh-CN and en', (kind, values) => {
    for (const value of values) {
      for (const language of LANGUAGES) {
        const text = label(kind, value as never, language);
        expect(text.trim()).not.toBe('');
        if (language === 'zh-CN') expect(text).toMatch(/\p{Script=Han}/u);
      }
    }
  });
});
