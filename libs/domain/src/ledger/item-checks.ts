import { dayOf, isCalendarDate } from '../calendar/days.js';
import type { Violation } from '../errors.js';
import { deadlineOfDay } from '../time/duration.js';
import type { WorkingDays } from '../time/working-days.js';
import {
  ITEM_CATEGORIES,
  ITEM_MODES,
  ITEM_SOURCES,
  type ItemCategory,
  type ItemMode,
  type ItemSource,
} from './item-enums.js';

/**
 * The six clarities (六个明确, D5): an item is not assigned until every one is set. Labelled in
 * labels.ts, so a 422 can name each missing one in the user's language.
 */
export const SIX_CLARITIES = [
  'responsible_leader',
  'responsible_unit',
  'responsible_person',
  'deadline',
  'acceptance_standard',
  'expected_effect',
] as const;
export type Clarity = (typeof SIX_CLARITIES)[number];

/** What the office registers (`POST /api/v1/items`); the description stays in Postgres. */
export interface ItemRegistration {
  itemId: string;
  campaignId: string;
  unitId: string;
  /** Persons concerned (涉及人员); none for a problem of the unit as a whole. */
  personIds: string[];
  source: ItemSource;
  /** The round of a cross-unit unannounced visit (交叉暗访); only for that source. */
  sourceRound?: number;
  category: ItemCategory;
}

/** What the office assigns (`POST /api/v1/items/:id/assign`): the six clarities, measures, mode. */
export interface Assignment {
  responsibleLeaderId: string;
  /** The responsible department (责任部门). */
  responsibleUnitId: string;
  responsiblePersonId: string;
  /** A day (YYYY-MM-DD, Shanghai): due by its end. Exactly one of this and `deadlineWorkingDays`. */
  deadline?: string;
  /** N working days from the day of assignment, on the campaign's calendar. */
  deadlineWorkingDays?: number;
  acceptanceStandard: string;
  expectedEffect: string;
  measures: string;
  mode: ItemMode;
  /** Flagged for supervision (挂牌督办): this leader receives every rung. */
  supervisingLeaderId?: string;
}

/** Loosely typed input, as a request body arrives. */
export type Unchecked<T> = { readonly [K in keyof T]?: unknown };

export const MAX_TEXT_LENGTH = 4000;
export const MAX_ID_LENGTH = 128;
export const MAX_DEADLINE_WORKING_DAYS = 366;

const CLARITY_FIELDS: ReadonlyArray<[Clarity, keyof Assignment, string]> = [
  ['responsible_leader', 'responsibleLeaderId', 'the responsible leader (责任领导)'],
  ['responsible_unit', 'responsibleUnitId', 'the responsible department (责任部门)'],
  ['responsible_person', 'responsiblePersonId', 'the responsible person (责任人)'],
  ['acceptance_standard', 'acceptanceStandard', 'the acceptance standard (验收标准)'],
  ['expected_effect', 'expectedEffect', 'the expected effect (预期效果)'],
];

const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.trim() !== '' && v.length <= max;

function text(value: unknown, field: string, max: number, missing: Violation): Violation[] {
  if (value === undefined || value === null || (typeof value === 'string' && !value.trim()))
    return [missing];
  return isText(value, max)
    ? []
    : [{ field, rule: 'invalid', message: `a text of at most ${max} characters` }];
}

/**
 * Every clarity missing from an assignment, each named (rule `clarity_missing`, in the order
 * of D5), then the measures and the mode. Time-dependent rules (a deadline already past) are
 * `resolveDeadline`'s.
 */
export function checkAssignment(input: Unchecked<Assignment>): Violation[] {
  const violations: Violation[] = [];
  const missing = (clarity: Clarity, field: string, what: string): Violation => ({
    field,
    rule: 'clarity_missing',
    message: `${what} is missing: an item is assigned only with all six clarities (${clarity})`,
  });
  for (const [clarity, field, what] of CLARITY_FIELDS.slice(0, 3)) {
    violations.push(...text(input[field], field, MAX_ID_LENGTH, missing(clarity, field, what)));
  }
  violations.push(...checkDeadlineInput(input));
  for (const [clarity, field, what] of CLARITY_FIELDS.slice(3)) {
    violations.push(...text(input[field], field, MAX_TEXT_LENGTH, missing(clarity, field, what)));
  }
  violations.push(
    ...text(input.measures, 'measures', MAX_TEXT_LENGTH, {
      field: 'measures',
      rule: 'required',
      message: 'the rectification measures (整改措施) are missing',
    }),
  );
  if (!ITEM_MODES.includes(input.mode as ItemMode)) {
    violations.push({
      field: 'mode',
      rule: input.mode === undefined || input.mode === null ? 'required' : 'invalid_mode',
      message: `a mode, one of ${ITEM_MODES.join(', ')} (立行立改, 限期整改, 长期坚持)`,
    });
  }
  if (
    input.supervisingLeaderId !== undefined &&
    input.supervisingLeaderId !== null &&
    !isText(input.supervisingLeaderId, MAX_ID_LENGTH)
  ) {
    violations.push({ field: 'supervisingLeaderId', rule: 'invalid', message: 'a person id' });
  }
  return violations;
}

function checkDeadlineInput(input: Unchecked<Assignment>): Violation[] {
  const date = input.deadline ?? null;
  const days = input.deadlineWorkingDays ?? null;
  if (date === null && days === null) {
    return [
      {
        field: 'deadline',
        rule: 'clarity_missing',
        message:
          'the deadline (整改时限) is missing: a date or a number of working days (deadline)',
      },
    ];
  }
  if (date !== null && days !== null) {
    return [
      {
        field: 'deadline',
        rule: 'deadline_ambiguous',
        message: 'either a date or a number of working days, not both',
      },
    ];
  }
  if (date !== null && !isCalendarDate(date)) {
    return [{ field: 'deadline', rule: 'invalid_date', message: 'a day written YYYY-MM-DD' }];
  }
  if (
    days !== null &&
    !(
      Number.isInteger(days) &&
      (days as number) >= 1 &&
      (days as number) <= MAX_DEADLINE_WORKING_DAYS
    )
  ) {
    return [
      {
        field: 'deadlineWorkingDays',
        rule: 'invalid_working_days',
        message: `1 to ${MAX_DEADLINE_WORKING_DAYS} working days`,
      },
    ];
  }
  return [];
}

/**
 * The instant an assignment is due (campaign time): the end of the given day, or of the N-th
 * working day after the day of assignment. It must lie after the assignment.
 */
export function resolveDeadline(
  input: Pick<Assignment, 'deadline' | 'deadlineWorkingDays'>,
  at: number,
  calendar: WorkingDays,
): { deadline: number; violations: Violation[] } {
  const deadline =
    input.deadline !== undefined && input.deadline !== null
      ? deadlineOfDay(input.deadline)
      : deadlineOfDay(calendar.addWorkingDays(dayOf(at), input.deadlineWorkingDays ?? 0).date);
  return {
    deadline,
    violations:
      deadline > at
        ? []
        : [{ field: 'deadline', rule: 'deadline_passed', message: 'the deadline has passed' }],
  };
}

/** A registration's own rules: known source and category, a round only for cross-unit visits. */
export function checkRegistration(input: Unchecked<ItemRegistration>): Violation[] {
  const violations: Violation[] = [];
  for (const field of ['itemId', 'campaignId', 'unitId'] as const) {
    if (!isText(input[field], MAX_ID_LENGTH)) {
      violations.push({ field, rule: 'required', message: 'an id' });
    }
  }
  const persons = input.personIds;
  if (!Array.isArray(persons) || !persons.every((p) => isText(p, MAX_ID_LENGTH))) {
    violations.push({ field: 'personIds', rule: 'invalid', message: 'a list of person ids' });
  } else if (new Set(persons).size !== persons.length) {
    violations.push({ field: 'personIds', rule: 'duplicate', message: 'each person once' });
  }
  if (!ITEM_SOURCES.includes(input.source as ItemSource)) {
    violations.push({
      field: 'source',
      rule: 'invalid_source',
      message: `one of ${ITEM_SOURCES.join(', ')}`,
    });
  }
  const round = input.sourceRound ?? null;
  if (input.source === 'cross_visit') {
    if (!(Number.isInteger(round) && (round as number) >= 1 && (round as number) <= 1000)) {
      violations.push({
        field: 'sourceRound',
        rule: 'round_required',
        message: 'a cross-unit visit (交叉暗访) names its round, from 1',
      });
    }
  } else if (round !== null) {
    violations.push({
      field: 'sourceRound',
      rule: 'round_not_applicable',
      message: 'only a cross-unit visit has a round',
    });
  }
  if (!ITEM_CATEGORIES.includes(input.category as ItemCategory)) {
    violations.push({
      field: 'category',
      rule: 'invalid_category',
      message: `one of the six disciplines or five styles: ${ITEM_CATEGORIES.join(', ')}`,
    });
  }
  return violations;
}
