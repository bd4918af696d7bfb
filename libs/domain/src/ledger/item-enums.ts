/**
 * The ledger's vocabulary (DOMAIN.md D4, D5). Every value has its zh-CN and en label in
 * labels.ts; the Excel ledger, the timeline and the accountability register show those.
 */

/** Where a problem came from: the intake channels of D4. A cross-unit visit names its round. */
export const ITEM_SOURCES = [
  'self_check',
  'portrait',
  'life_meeting',
  'tip_off',
  'inspection',
  'audit',
  'cross_visit',
  'clue_verification',
  'look_back',
  // Seed 001: "谈心谈话、调研座谈、征求意见、集中研讨等多措并举查摆问题".
  'heart_to_heart_talk',
  'research_forum',
  'soliciting_opinions',
  'focused_discussion',
  // Not a channel: a rule-making task (建章立制) tracked as an item of its own (D6).
  'rule_making',
] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

/** The intake channels of D4: every source a problem can come from (not a rule-making task). */
export const PROBLEM_CHANNELS = ITEM_SOURCES.filter(
  (s): s is Exclude<ItemSource, 'rule_making'> => s !== 'rule_making',
);
export type ProblemChannel = Exclude<ItemSource, 'rule_making'>;

/**
 * The checklists of D4: the six disciplines (六大纪律) and the five styles (五大作风). Prefixed,
 * because "work" and "life" are both a discipline and a style.
 */
export const ITEM_CATEGORIES = [
  'discipline_political',
  'discipline_organisational',
  'discipline_integrity',
  'discipline_mass',
  'discipline_work',
  'discipline_life',
  'style_thinking',
  'style_study',
  'style_work',
  'style_leadership',
  'style_life',
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

/** Fix at once (立行立改), fix by deadline (限期整改), or long-term (长期坚持). */
export const ITEM_MODES = ['immediate', 'by_deadline', 'long_term'] as const;
export type ItemMode = (typeof ITEM_MODES)[number];

/**
 * registered → assigned → in_progress → submitted → closed (销号), or sent_back to rectify
 * again; a closed item's look-back (回头看) confirms it or reopens it (a rebound, 反弹).
 * Escalation (warning level, rungs) is a separate dimension, never a status.
 */
export const ITEM_STATUSES = [
  'registered',
  'assigned',
  'in_progress',
  'submitted',
  'sent_back',
  'closed',
  'confirmed',
  'reopened',
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses in which the responsible person owes work: the ladder and the stall track run. */
export const RECTIFYING_STATUSES = ['assigned', 'in_progress', 'sent_back', 'reopened'] as const;
export type RectifyingStatus = (typeof RECTIFYING_STATUSES)[number];

/** Red / yellow / green cards (红黄绿灯预警). */
export const WARNING_LEVELS = ['green', 'yellow', 'red'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** Why a verifier sent an item back; the first two are escalation triggers (D5). */
export const SEND_BACK_REASONS = ['poor_quality', 'false_report', 'other'] as const;
export type SendBackReason = (typeof SEND_BACK_REASONS)[number];

/** Why a warning was given or a rung fired. */
export const ESCALATION_REASONS = [
  'overdue',
  'stalled',
  'poor_quality',
  'false_report',
  'repeat_offence',
  'extension_unanswered',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/**
 * Who closes an item (销号), as the plan says (DOMAIN.md D5): the discipline inspectors; the
 * office's rectification task force (整改专班, seed 003); or the task force first (初审) and
 * the inspectors after it.
 */
export const CLOSED_BY = ['inspectors', 'task_force', 'task_force_then_inspectors'] as const;
export type ClosedBy = (typeof CLOSED_BY)[number];
/** Who verifies a submission: an inspector, or the office's task force. */
export type VerifierRole = 'inspector' | 'task_force';

/** A look-back's finding: the fix held, or the problem came back. */
export const LOOK_BACK_OUTCOMES = ['confirmed', 'rebound'] as const;
export type LookBackOutcome = (typeof LOOK_BACK_OUTCOMES)[number];

/** A long-term item's periodic review by an inspector. */
export const REVIEW_OUTCOMES = ['on_track', 'off_track'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * Whom an effect reaches, named by role and resolved from the organisation tree when it fires
 * (a leader who changed meanwhile is the one warned; someone who left is skipped for the next
 * one up). `levelsUp` 0 is the responsible unit, 1 its parent, 2 its grandparent (上追两级).
 * The party line is the unit's first responsible person (第一责任人); the business line is the
 * committee member who leads the item's area (分管领导): 两线问责.
 */
export const RESPONSIBILITY_ROLES = [
  'responsible_person',
  'responsible_leader',
  'supervising_leader',
  'first_responsible',
  'area_leader',
  'inspector',
  'inspector_leader',
  'office',
] as const;
export type ResponsibilityRole = (typeof RESPONSIBILITY_ROLES)[number];

export type ResponsibilityRef =
  | { role: 'first_responsible' | 'area_leader'; levelsUp: 0 | 1 | 2 }
  | { role: Exclude<ResponsibilityRole, 'first_responsible' | 'area_leader'> };
