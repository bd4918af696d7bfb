import type { Violation } from '../errors.js';
import type { ItemCategory, ItemSource } from '../ledger/item-enums.js';
import {
  CLARIFICATION_ITEMS,
  type ClarificationItem,
  type DisclosureOutcome,
} from './intake-enums.js';

/**
 * The intake's part of a campaign's policy, frozen at launch with the rest of the plan: which
 * clarification item a problem of each category matches (a category missing matches none, so
 * it is never judged). An inspector may correct the match of one problem.
 */
export interface IntakePolicy {
  clarificationOfCategory: Partial<Record<ItemCategory, ClarificationItem>>;
}

/**
 * The default match of D4's categories to the six clarifications: integrity (廉洁纪律) is the
 * use of power for private gain (6); organisational discipline covers reporting personal major
 * matters (3); work and mass discipline and the style of work the risks in one's power (4);
 * life discipline and the style of life the dealings outside working hours (5); the style of
 * leadership the rules on leaders' benefits (2); political discipline what was raised about
 * oneself (1). Thinking and study styles match none.
 */
export const DEFAULT_INTAKE_POLICY: IntakePolicy = {
  clarificationOfCategory: {
    discipline_political: 1,
    discipline_organisational: 3,
    discipline_integrity: 6,
    discipline_mass: 4,
    discipline_work: 4,
    discipline_life: 5,
    style_work: 4,
    style_leadership: 2,
    style_life: 5,
  },
};

/** One answer of a statement: nothing to report, or a disclosure (the text stays sealed). */
export type StatementAnswer =
  | { item: ClarificationItem; nothingToReport: true }
  | { item: ClarificationItem; disclosure: string };

/** Every one of the six answered exactly once, each either "nothing to report" or a disclosure. */
export function checkStatementAnswers(
  answers: readonly {
    item?: unknown;
    nothingToReport?: unknown;
    disclosure?: unknown;
  }[],
): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<number>();
  answers.forEach((answer, i) => {
    const item = answer.item;
    if (!CLARIFICATION_ITEMS.includes(item as ClarificationItem)) {
      violations.push({
        field: `items.${i}.item`,
        rule: 'clarification_item_unknown',
        message: 'item must be 1 to 6',
      });
    } else if (seen.has(item as number)) {
      violations.push({
        field: `items.${i}.item`,
        rule: 'clarification_item_repeated',
        message: `item ${String(item)} is answered twice`,
      });
    } else {
      seen.add(item as number);
    }
    const nothing = answer.nothingToReport === true;
    const disclosed = typeof answer.disclosure === 'string' && answer.disclosure.trim() !== '';
    if (nothing === disclosed) {
      violations.push({
        field: `items.${i}`,
        rule: nothing ? 'answer_ambiguous' : 'answer_missing',
        message: nothing
          ? 'answer either "nothing to report" or a disclosure, not both'
          : 'answer "nothing to report" (nothingToReport: true) or write a disclosure',
      });
    }
  });
  for (const item of CLARIFICATION_ITEMS) {
    if (!seen.has(item)) {
      violations.push({
        field: 'items',
        rule: 'clarification_item_missing',
        message: `item ${item} of the six clarifications is not answered`,
      });
    }
  }
  return violations;
}

/** The clarification item a problem matches: the inspector's, or the policy's for its category. */
export function matchingClarification(
  policy: IntakePolicy,
  category: ItemCategory,
  given?: ClarificationItem | null,
): ClarificationItem | null {
  return given ?? policy.clarificationOfCategory[category] ?? null;
}

/**
 * The disclosure rules of D4, judged against the person's latest statement version made before
 * the problem arrived: a problem the person disclosed in the matching item is self-disclosed
 * (主动讲清, lenient), and so is anything the person reports through self-check; one arriving
 * through another channel where that item said "nothing to report" is a suspected concealment
 * (欺瞒组织, strict). No statement, or no matching item, judges nothing.
 */
export function judgeDisclosure(input: {
  channel: ItemSource;
  clarificationItem: ClarificationItem | null;
  /** The statement's answers, or null when the person has made none. */
  answers: readonly StatementAnswer[] | null;
}): DisclosureOutcome {
  const { channel, clarificationItem, answers } = input;
  if (channel === 'self_check') return 'self_disclosed';
  if (clarificationItem === null || answers === null) return 'not_judged';
  const answer = answers.find((a) => a.item === clarificationItem);
  if (!answer) return 'not_judged';
  return 'disclosure' in answer ? 'self_disclosed' : 'suspected_concealment';
}
