/**
 * The vocabulary of self-check and problem intake (DOMAIN.md D4, D6, D8). Every value has its
 * zh-CN and en label in labels.ts.
 */

/**
 * The six clarifications (六个讲清), numbered as the speeches number them: (1) matters raised
 * about oneself by petitions and tip-offs, inspection or audit feedback, talks, inquiries and
 * clue checks; (2) the rules on leaders' benefits; (3) personal major matters owed to the
 * organisation; (4) risks in the power one's area exercises; (5) dealings and interests outside
 * working hours; (6) any use of power to break rules for private gain.
 */
export const CLARIFICATION_ITEMS = [1, 2, 3, 4, 5, 6] as const;
export type ClarificationItem = (typeof CLARIFICATION_ITEMS)[number];

/** How a problem is graded (D8): a major one found by a higher level becomes its case. */
export const PROBLEM_SEVERITIES = ['general', 'major'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

/**
 * Who handles a problem (D8): rectified by the unit's own office; a case of the finding (higher)
 * level's discipline inspection; or handed down by a higher level to the lower unit's office,
 * which reports its result and handling back up.
 */
export const PROBLEM_HANDLINGS = ['rectify', 'case', 'handed_down'] as const;
export type ProblemHandling = (typeof PROBLEM_HANDLINGS)[number];

/**
 * What the disclosure rules made of a problem against the person's six clarifications:
 * disclosed by the person (主动讲清: lenient); left out where the statement said "nothing to
 * report" (欺瞒组织: a suspected concealment, strict); or nothing to judge (no statement, or the
 * problem matches no clarification item).
 */
export const DISCLOSURE_OUTCOMES = [
  'self_disclosed',
  'suspected_concealment',
  'not_judged',
] as const;
export type DisclosureOutcome = (typeof DISCLOSURE_OUTCOMES)[number];

/**
 * A concealment flag waits for an inspector, who confirms or dismisses it with a reason. An
 * inspector's correction of the matching clarification item withdraws an open flag it no longer
 * bears out (and may raise it again).
 */
export const CONCEALMENT_FLAG_STATUSES = ['open', 'confirmed', 'dismissed', 'withdrawn'] as const;
export type ConcealmentFlagStatus = (typeof CONCEALMENT_FLAG_STATUSES)[number];

/** The four sources of a portrait comparison (画像比对): 上级点、互相提、自己找、集体议. */
export const PORTRAIT_SOURCES = ['superiors', 'peers', 'self', 'collective'] as const;
export type PortraitSource = (typeof PORTRAIT_SOURCES)[number];

/** Democratic life meetings (民主生活会, leadership teams) and organisational life meetings (组织生活会, branches). */
export const MEETING_KINDS = ['democratic_life', 'organisational_life'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** A checklist entry (六大纪律、五大作风 per person): nothing wrong, or a finding. */
export const CHECKLIST_OUTCOMES = ['no_problem', 'finding'] as const;
export type ChecklistOutcome = (typeof CHECKLIST_OUTCOMES)[number];

/** The four forms (四种形态) of disposing of a clue, 1 the lightest. */
export const DISPOSITION_FORMS = [1, 2, 3, 4] as const;
export type DispositionForm = (typeof DISPOSITION_FORMS)[number];

/** The measures each form takes (e.g. 诫勉谈话 under the first form). */
export const DISPOSITION_MEASURES = {
  1: [
    'criticism_education',
    'reminder_talk',
    'written_inquiry',
    'order_to_examine',
    'admonishment_talk',
  ],
  // 党纪轻处分, 政务处分 below 降级, or an ordinary post adjustment.
  2: [
    'party_warning',
    'party_serious_warning',
    'government_warning',
    'demerit',
    'major_demerit',
    'post_adjustment',
  ],
  // 党纪重处分, 政务处分 降级 or 撤职, or a major post adjustment.
  3: [
    'removal_from_party_post',
    'party_probation',
    'demotion',
    'dismissal_from_post',
    'major_post_adjustment',
  ],
  4: ['case_filed', 'expulsion', 'dismissal_from_public_office', 'transfer_to_judiciary'],
} as const satisfies Record<DispositionForm, readonly string[]>;
export type DispositionMeasure = (typeof DISPOSITION_MEASURES)[DispositionForm][number];
export const ALL_DISPOSITION_MEASURES: readonly DispositionMeasure[] =
  Object.values(DISPOSITION_MEASURES).flat();

/** Where a tip-off stands, as its (possibly anonymous) reporter can follow it. */
export const TIP_OFF_STATUSES = ['received', 'triaged', 'not_pursued'] as const;
export type TipOffStatus = (typeof TIP_OFF_STATUSES)[number];

/** Rule-making (建章立制): abolish, amend, establish (废改立). */
export const RULE_TASK_KINDS = ['abolish', 'amend', 'establish'] as const;
export type RuleTaskKind = (typeof RULE_TASK_KINDS)[number];
