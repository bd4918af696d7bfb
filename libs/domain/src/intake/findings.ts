import type { Violation } from '../errors.js';
import { ITEM_CATEGORIES, type ItemCategory } from '../ledger/item-enums.js';
import type { UnitKind } from '../organisation.js';
import {
  CHECKLIST_OUTCOMES,
  type ChecklistOutcome,
  type ConcealmentFlagStatus,
  type DisclosureOutcome,
  DISPOSITION_MEASURES,
  type DispositionForm,
  type MeetingKind,
} from './intake-enums.js';

/** One entry of a checklist as it arrives: a category, and no problem or a finding. */
export interface ChecklistEntryInput {
  category?: unknown;
  outcome?: unknown;
  description?: unknown;
}

/**
 * A person's checklists (六大纪律、五大作风) are recorded whole: each of the eleven categories
 * exactly once, "no problem" or a finding that says what was found (the finding's words become
 * its ledger item's description). A "no problem" carries no description.
 */
export function checkChecklist(entries: readonly ChecklistEntryInput[]): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<ItemCategory>();
  entries.forEach((entry, i) => {
    const category = entry.category as ItemCategory;
    if (!ITEM_CATEGORIES.includes(category)) {
      violations.push({
        field: `entries.${i}.category`,
        rule: 'category_unknown',
        message: `one of the six disciplines or five styles: ${ITEM_CATEGORIES.join(', ')}`,
      });
    } else if (seen.has(category)) {
      violations.push({
        field: `entries.${i}.category`,
        rule: 'category_repeated',
        message: `${category} is listed twice`,
      });
    } else {
      seen.add(category);
    }
    const outcome = entry.outcome as ChecklistOutcome;
    const described = typeof entry.description === 'string' && entry.description.trim() !== '';
    if (!CHECKLIST_OUTCOMES.includes(outcome)) {
      violations.push({
        field: `entries.${i}.outcome`,
        rule: 'outcome_unknown',
        message: 'no_problem or finding',
      });
    } else if (outcome === 'finding' && !described) {
      violations.push({
        field: `entries.${i}.description`,
        rule: 'description_required',
        message: 'a finding says what was found',
      });
    } else if (outcome === 'no_problem' && entry.description !== undefined) {
      violations.push({
        field: `entries.${i}.description`,
        rule: 'description_not_applicable',
        message: '"no problem" carries no description',
      });
    }
  });
  for (const category of ITEM_CATEGORIES) {
    if (!seen.has(category)) {
      violations.push({
        field: 'entries',
        rule: 'category_missing',
        message: `${category} is not answered: every one of the eleven is, once`,
      });
    }
  }
  return violations;
}

/**
 * Who holds each kind of life meeting: the democratic life meeting (民主生活会) is a leadership
 * team's — a bureau's, city or county; the organisational life meeting (组织生活会) a party
 * branch's.
 */
export const MEETING_UNIT_KINDS: Record<MeetingKind, readonly UnitKind[]> = {
  democratic_life: ['city_bureau', 'county_bureau'],
  organisational_life: ['party_branch'],
};

/**
 * A life meeting is recorded against the unit that holds it, as that kind of meeting allows,
 * and once it has been held (its day is not after `today`, both Asia/Shanghai days).
 */
export function checkLifeMeeting(input: {
  kind: MeetingKind;
  unitKind: UnitKind;
  heldOn: string;
  today: string;
}): Violation[] {
  const violations: Violation[] = [];
  if (!MEETING_UNIT_KINDS[input.kind].includes(input.unitKind)) {
    violations.push({
      field: 'unitId',
      rule: 'meeting_unit_kind',
      message:
        input.kind === 'democratic_life'
          ? "a democratic life meeting is a bureau's leadership team's"
          : "an organisational life meeting is a party branch's",
    });
  }
  if (input.heldOn > input.today) {
    violations.push({
      field: 'heldOn',
      rule: 'meeting_not_held_yet',
      message: 'problems are recorded against a meeting once it has been held',
    });
  }
  return violations;
}

/** A disposition's measure is one the form (四种形态) takes, e.g. 诫勉谈话 under the first. */
export function checkDisposition(input: { form: DispositionForm; measure: string }): Violation[] {
  const measures: readonly string[] = DISPOSITION_MEASURES[input.form] ?? [];
  return measures.includes(input.measure)
    ? []
    : [
        {
          field: 'measure',
          rule: 'measure_not_of_form',
          message: `the form ${input.form} takes one of: ${measures.join(', ')}`,
        },
      ];
}

/**
 * What an inspector's correction of a problem's matching clarification item does to its
 * concealment flag, once the problem is judged again against the same statement version:
 * - a suspected concealment raises a flag (or reopens a withdrawn one; an open one stays open,
 *   now about the corrected item);
 * - anything else withdraws an open flag;
 * - a flag already confirmed or dismissed is decided: the decision stands, and so does the
 *   match it was made on (`decided`: the correction is refused).
 */
export type FlagChange = 'raise' | 'reopen' | 'keep' | 'withdraw' | 'none' | 'decided';

export function flagAfterCorrection(input: {
  flag: ConcealmentFlagStatus | null;
  outcome: DisclosureOutcome;
}): FlagChange {
  const { flag, outcome } = input;
  if (flag === 'confirmed' || flag === 'dismissed') return 'decided';
  if (outcome === 'suspected_concealment') {
    if (flag === null) return 'raise';
    return flag === 'withdrawn' ? 'reopen' : 'keep';
  }
  return flag === 'open' ? 'withdraw' : 'none';
}
