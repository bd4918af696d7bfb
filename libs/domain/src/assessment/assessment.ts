import { startOfDay } from '../calendar/days.js';
import type { Violation } from '../errors.js';
import type { DispositionForm, ProblemHandling } from '../intake/intake-enums.js';

/**
 * Assessment (考核, DOMAIN.md D8): each unit's standing in a campaign, from the gates it met,
 * its items overdue, the warnings and escalation rungs in the accountability register, and its
 * new violation cases. The points deducted for each are the campaign's assessment policy, frozen
 * into its plan at launch like the escalation policy; campaigns launched before the policy
 * existed use the defaults.
 */

/** What a unit is marked down for, in the order a report lists them. */
export const ASSESSMENT_FIGURES = [
  'gate_missed',
  'overdue_item',
  'yellow_warning',
  'red_warning',
  'escalation',
  'violation_case',
] as const;
export type AssessmentFigure = (typeof ASSESSMENT_FIGURES)[number];

/** The points a plan deducts per figure, from a base score. */
export interface AssessmentPolicy {
  /** The score of a unit with nothing against it. */
  base: number;
  perGateMissed: number;
  perOverdueItem: number;
  perYellowWarning: number;
  perRedWarning: number;
  /** Per rung of the ladder fired (named in the bulletin … accountability). */
  perEscalation: number;
  perViolationCase: number;
}

export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = {
  base: 100,
  perGateMissed: 5,
  perOverdueItem: 2,
  perYellowWarning: 1,
  perRedWarning: 3,
  perEscalation: 2,
  perViolationCase: 5,
};

/** The policy field that prices each figure. */
export const POINTS_OF: Record<AssessmentFigure, Exclude<keyof AssessmentPolicy, 'base'>> = {
  gate_missed: 'perGateMissed',
  overdue_item: 'perOverdueItem',
  yellow_warning: 'perYellowWarning',
  red_warning: 'perRedWarning',
  escalation: 'perEscalation',
  violation_case: 'perViolationCase',
};

export const MAX_ASSESSMENT_POINTS = 1000;

/** A policy's own rules: whole points, a positive base, no deduction above the base. */
export function checkAssessmentPolicy(policy: AssessmentPolicy, path = 'assessment'): Violation[] {
  const violations: Violation[] = [];
  const whole = (value: unknown, min: number) =>
    Number.isInteger(value) &&
    (value as number) >= min &&
    (value as number) <= MAX_ASSESSMENT_POINTS;
  if (!whole(policy.base, 1)) {
    violations.push({
      field: `${path}.base`,
      rule: 'invalid_points',
      message: `a base score of 1 to ${MAX_ASSESSMENT_POINTS} points`,
    });
  }
  for (const figure of ASSESSMENT_FIGURES) {
    const field = POINTS_OF[figure];
    if (!whole(policy[field], 0)) {
      violations.push({
        field: `${path}.${field}`,
        rule: 'invalid_points',
        message: `0 to ${MAX_ASSESSMENT_POINTS} whole points`,
      });
    } else if (whole(policy.base, 1) && policy[field] > policy.base) {
      violations.push({
        field: `${path}.${field}`,
        rule: 'points_above_base',
        message: 'one deduction cannot exceed the base score',
      });
    }
  }
  return violations;
}

/** The policy a campaign's frozen plan carries, or the defaults for one launched before it. */
export function assessmentPolicyOf(
  resolved: { assessment?: AssessmentPolicy } | null | undefined,
): { policy: AssessmentPolicy; fromPlan: boolean } {
  return resolved?.assessment
    ? { policy: resolved.assessment, fromPlan: true }
    : { policy: DEFAULT_ASSESSMENT_POLICY, fromPlan: false };
}

export type AssessmentFigures = Record<AssessmentFigure, number>;

export interface Deduction {
  figure: AssessmentFigure;
  count: number;
  pointsEach: number;
  points: number;
}

export interface UnitScore {
  deductions: Deduction[];
  /** Points deducted in all. */
  deducted: number;
  /** The base less every deduction, never below 0. */
  score: number;
}

/** A unit's score: the base less the policy's points for each figure counted against it. */
export function scoreUnit(figures: AssessmentFigures, policy: AssessmentPolicy): UnitScore {
  const deductions = ASSESSMENT_FIGURES.map((figure) => {
    const count = Math.max(0, Math.trunc(figures[figure] ?? 0));
    const pointsEach = policy[POINTS_OF[figure]];
    return { figure, count, pointsEach, points: count * pointsEach };
  });
  const deducted = deductions.reduce((n, d) => n + d.points, 0);
  return { deductions, deducted, score: Math.max(0, policy.base - deducted) };
}

/**
 * A new violation case (新发违纪违法案件), where the issue is silent: a problem that became a
 * case — handled as the higher level's discipline case (`handling: case`), or whose latest
 * disposition is in the second to fourth form (discipline, a post adjustment or worse; the first
 * form — criticism, education, talks — is not a case).
 */
export const VIOLATION_CASE_HANDLING: ProblemHandling = 'case';
export const VIOLATION_CASE_FORMS: readonly DispositionForm[] = [2, 3, 4];

export function isViolationCase(problem: {
  handling: ProblemHandling;
  latestForm: DispositionForm | null;
}): boolean {
  return (
    problem.handling === VIOLATION_CASE_HANDLING ||
    (problem.latestForm !== null && VIOLATION_CASE_FORMS.includes(problem.latestForm))
  );
}

/**
 * Why a unit is named for failed rectification in a year (整改不力, 点名通报): an item of theirs
 * reached accountability (问责) in the year, or was still overdue at the year's end (or now,
 * before the year is over).
 */
export const RECTIFICATION_FAILURES = ['accountability', 'overdue_at_year_end'] as const;
export type RectificationFailure = (typeof RECTIFICATION_FAILURES)[number];

export const ASSESSMENT_YEAR_MIN = 2000;
export const ASSESSMENT_YEAR_MAX = 2100;

/** A calendar year in Asia/Shanghai: [1 January 00:00, next 1 January 00:00) as epoch ms. */
export function yearSpan(year: number): { from: number; to: number } {
  if (!Number.isInteger(year) || year < ASSESSMENT_YEAR_MIN || year > ASSESSMENT_YEAR_MAX)
    throw new RangeError(`a year from ${ASSESSMENT_YEAR_MIN} to ${ASSESSMENT_YEAR_MAX}`);
  return { from: startOfDay(`${year}-01-01`), to: startOfDay(`${year + 1}-01-01`) };
}

/**
 * Reminders to key-post holders, as the year-end report counts them: deadline reminders of
 * tasks and ledger items, and the integrity reminders before holidays (by notification template).
 */
export const KEY_PERSON_REMINDER_KINDS = [
  'task_reminder',
  'item_reminder',
  'holiday_integrity',
] as const;
export type KeyPersonReminderKind = (typeof KEY_PERSON_REMINDER_KINDS)[number];

/** A rule-making task is proposed until defined and assigned; then its ledger item tracks it. */
export const RULE_TASK_STATUSES = ['proposed', 'tracked'] as const;
export type RuleTaskStatus = (typeof RULE_TASK_STATUSES)[number];

/** Where a rule-making task came from: a case summary's loophole tag, or the office itself. */
export const RULE_TASK_ORIGINS = ['case_summary', 'office'] as const;
export type RuleTaskOrigin = (typeof RULE_TASK_ORIGINS)[number];
