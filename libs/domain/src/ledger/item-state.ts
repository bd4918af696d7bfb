import type { Violation } from '../errors.js';
import type { WorkingDays } from '../time/working-days.js';
import type {
  AccountableDecision,
  DecisionRole,
  DecisionRung,
  DecisionStatus,
  PendingDecision,
} from './decisions.js';
import type { EscalationPolicy, LadderRung } from './escalation.js';
import type { Assignment, ItemRegistration } from './item-checks.js';
import type {
  ClosedBy,
  EscalationReason,
  ItemCategory,
  ItemMode,
  ItemSource,
  ItemStatus,
  LookBackOutcome,
  ResponsibilityRef,
  ReviewOutcome,
  SendBackReason,
  VerifierRole,
  WarningLevel,
} from './item-enums.js';

/**
 * The item core's data: plain, JSON-serialisable objects (instants are campaign-time epoch
 * ms), since the state lives in the item's workflow and is carried over continue-as-new. Free
 * text (descriptions, evidence, reasons) stays in Postgres; the state holds ids and instants.
 */

/** What the item needs from its campaign, all frozen at launch and given in the workflow input. */
export interface ItemContext {
  policy: EscalationPolicy;
  calendar: WorkingDays;
  /** The plan's review cadence (`PlanSpec.review.cadence`); taken into the item at registration. */
  reviewCadence: string;
  /** Who closes (销号), as the plan says; the inspectors when it says nothing. */
  closedBy?: ClosedBy;
}

interface Base {
  /** Campaign time. An instant before the item's clock is taken as the clock (time never runs back). */
  at: number;
  /** The request (API call, import row) that caused it, for the timeline. */
  requestId?: string;
}
interface ByPerson extends Base {
  /** The person who acted. Role and scope are the API's policy table's; the core checks conflicts. */
  by: string;
}

export type ItemEvent =
  | ({ type: 'registered' } & ByPerson & ItemRegistration)
  | ({ type: 'assigned' } & ByPerson & Assignment)
  | ({ type: 'supervision_flagged'; supervisingLeaderId: string } & ByPerson)
  | ({ type: 'progress_reported'; reportId: string; evidence: number } & ByPerson)
  | ({ type: 'submitted'; reportId: string; evidence: number } & ByPerson)
  /** `as`: who verifies (the inspectors unless said; the task force where the plan has it). */
  | ({ type: 'verified'; decision: 'close'; as?: VerifierRole } & ByPerson)
  | ({
      type: 'verified';
      decision: 'send_back';
      reason: SendBackReason;
      as?: VerifierRole;
    } & ByPerson)
  | ({
      type: 'extension_requested';
      extensionId: string;
      /** The day asked for (YYYY-MM-DD). */
      newDeadline: string;
      reason: string;
    } & ByPerson)
  | ({
      type: 'extension_decided';
      extensionId: string;
      decision: 'approve' | 'refuse';
      /** An inspector may approve a different day than the one asked for. */
      deadline?: string;
    } & ByPerson)
  | ({
      type: 'talk_recorded';
      /** The record (date, attendees, outcome) in Postgres. */
      recordId: string;
    } & ByPerson)
  | ({ type: 'offence_repeated'; recordId: string } & ByPerson)
  | ({ type: 'periodic_review_done'; outcome: ReviewOutcome } & ByPerson)
  | ({
      type: 'look_back_done';
      outcome: LookBackOutcome;
      /** For a rebound: the day the reopened item is due (YYYY-MM-DD). */
      newDeadline?: string;
    } & ByPerson)
  | ({ type: 'summary_recorded'; summaryId: string; loopholeTag?: string } & ByPerson)
  /**
   * The 督查问效组's spot check (抽查) of a closed item: upheld, or found not really rectified
   * (整改不到位) and reopened with a new deadline — a yellow warning, not a repeat offence. The
   * reason and what was checked are in Postgres (`recordId`).
   */
  | ({
      type: 'spot_checked';
      recordId: string;
      outcome: 'upheld' | 'reopened';
      /** For a reopening: the day the reopened item is due (YYYY-MM-DD). */
      newDeadline?: string;
    } & ByPerson)
  /**
   * A desk takes the decision in front of it (issue 18): `issue` (the step is taken: the rung
   * fires, or the chain's next step reaches its desk), `defer` (the same desk has it again at
   * `until`) or `decline` (the rung is not taken; it is proposed again after its wait). The API
   * checks the person holds the desk and that the accountable are among the candidates.
   */
  | ({
      type: 'decision_taken';
      decisionKey: string;
      decision: 'issue' | 'defer' | 'decline';
      reason: string;
      /** Defer: campaign instant the desk has it again. */
      until?: number;
      /** Issue of the last step of 问责: who is held to account, in which form. */
      accountable?: AccountableDecision[];
      /** Issue: the document's number (督〔2026〕1号) where the rung has one. */
      documentNo?: string;
    } & ByPerson)
  /**
   * The campaign stood still from `pausedAt` for `pausedMs` (a pause, or its part until now):
   * every timer still ahead at `pausedAt` moves by it, and so does a deadline still ahead.
   * Sent by the item's workflow, never by a person.
   */
  | ({ type: 'time_shifted'; pausedAt: number; pausedMs: number } & Base)
  | ({ type: 'timer_fired'; key: string } & Base);

export type ItemEventType = ItemEvent['type'];

export interface ItemAssignmentState {
  responsibleLeaderId: string;
  responsibleUnitId: string;
  responsiblePersonId: string;
  mode: ItemMode;
  assignedAt: number;
  assignedBy: string;
}

export interface ExtensionRecord {
  extensionId: string;
  requestedAt: number;
  requestedBy: string;
  /** The deadline asked for. */
  requested: number;
  decision: 'approved' | 'refused' | 'withdrawn';
  decidedAt: number;
  decidedBy: string | null;
  /** The deadline before and after (equal unless approved). */
  from: number;
  to: number;
}

export interface PendingExtension {
  extensionId: string;
  requestedAt: number;
  requestedBy: string;
  requested: number;
  /** The policy's limit for the decision (`extensionDecisionWithin`). */
  decideBy: number;
  /** Escalated to the inspector's own leader once the limit passed. */
  escalated: boolean;
}

export interface ClosureRecord {
  closedAt: number;
  verifierId: string;
  lookBackRequested: boolean;
  lookBack: { at: number; by: string; outcome: LookBackOutcome } | null;
  /** Pauses since the closure: the look-back falls due this much later. */
  lookBackShiftMs?: number;
}

export interface WarningRecord {
  level: Exclude<WarningLevel, 'green'>;
  reason: EscalationReason;
  at: number;
}

export interface RungRecord {
  rung: LadderRung;
  reason: EscalationReason;
  at: number;
}

export interface ItemState {
  /** Shape version, for continue-as-new across deploys. */
  v: 1;
  itemId: string;
  campaignId: string;
  unitId: string;
  personIds: string[];
  source: ItemSource;
  sourceRound: number | null;
  category: ItemCategory;
  registeredAt: number;
  registeredBy: string;
  /** Review cadence (ISO duration), from the plan. */
  cadence: string;
  /** Per-item offset added to every timer, so thousands of items never fire in the same second. */
  spreadMs: number;
  /** The campaign instant of the last event or timer applied: the state's clock. */
  clock: number;
  /** Events and timers applied so far; numbers the records' keys. */
  seq: number;

  status: ItemStatus;
  assignment: ItemAssignmentState | null;
  supervisingLeaderId: string | null;
  /** The deadline at assignment: never changes. */
  originalDeadline: number | null;
  /** The deadline in force: moved by approved extensions and by a rebound's new deadline. */
  deadline: number | null;
  /** Bumped on every deadline change: reminders and overdue warnings are per deadline. */
  deadlineVersion: number;
  extensions: ExtensionRecord[];
  /** Sum of approved extensions. */
  cumulativeDelayMs: number;
  pendingExtension: PendingExtension | null;

  /** Progress reports (a submission counts as one). */
  progress: { count: number; lastAt: number | null };
  /**
   * Review windows of `cadence`, counted from `from` (assignment; restarted by a send-back or a
   * reopening, so the person always has a whole window); `checked` is the last window judged.
   */
  windows: { epoch: number; from: number; checked: number };
  /** Long-term items: the periodic reviews requested for the current deadline version. */
  reviews: { version: number; requested: number };

  submission: {
    at: number;
    by: string;
    reportId: string;
    /** Where the task force checks first (初审): who passed it on to the inspectors, and when. */
    checked?: { by: string; at: number };
  } | null;
  sendBacks: Array<{ at: number; by: string; reason: SendBackReason }>;
  closures: ClosureRecord[];
  /** Closures whose summary (一案一总结) is recorded. */
  summaries: number;
  talks: number;

  escalation: {
    /** The highest warning since the item last closed (closure clears it; the record stays). */
    level: WarningLevel;
    warnings: WarningRecord[];
    /** Yellow warnings ever (counting rule: N of them bring the supervision order). */
    yellowWarnings: number;
    /** Rungs fired, in order; each rung at most once. */
    rungs: RungRecord[];
    /** The instant the next rung's wait counts from, besides the deadline. */
    ladderAnchor: number | null;
    /** Set when a send-back or reopening restarts the ladder's clock. */
    resumedAt: number | null;
    /** The deadline version whose passing gave its overdue warning. */
    overdueNoted: number | null;
    /** Reminders given, `d<version>:<offset>`, for the current deadline version. */
    remindersSent: string[];
    /** Rebounds and repeat offences (屡查屡犯、边改边犯). */
    repeatOffences: number;
    /** The decision waiting at a desk (issue 18; absent in states carried from before). */
    decision?: PendingDecision | null;
    /** Desks proposals have reached so far: numbers the decisions' keys. */
    decisionCount?: number;
  };
}

/** A dated timer the workflow arms (campaign time; the clock maps it to workflow time). */
export type ItemTimer =
  | { kind: 'reminder'; key: string; at: number; offset: string; deadline: number }
  | { kind: 'overdue'; key: string; at: number; deadline: number }
  | { kind: 'rung'; key: string; at: number; rung: LadderRung; dueAt: number }
  | {
      kind: 'window_check';
      key: string;
      at: number;
      epoch: number;
      window: number;
      windowEnd: number;
    }
  | { kind: 'extension_due'; key: string; at: number; extensionId: string; decideBy: number }
  | { kind: 'look_back'; key: string; at: number; closure: number }
  | { kind: 'periodic_review'; key: string; at: number; index: number }
  /** A desk's limit passed (the step climbs a level), or a deferral ended (the desk has it again). */
  | {
      kind: 'decision_due';
      key: string;
      at: number;
      decisionKey: string;
      deferred: boolean;
    };

export type ItemTimerKind = ItemTimer['kind'];

/** What an item's messages ask someone to do, beside the notices (labelled `itemRequest`). */
export const ITEM_REQUESTS = [
  'look_back',
  'periodic_review',
  'summary',
  'extension_unanswered',
] as const;
export type ItemRequest = (typeof ITEM_REQUESTS)[number];

/** Messages that are not warnings: who must act next. */
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

/**
 * What the workflow performs, in order. `key` is deterministic (item id + what + which), so
 * the activities are idempotent: retries, restarts, replays and a second worker never
 * duplicate a rung or a message. `at` is the campaign instant it happened.
 */
export type ItemEffect =
  | {
      kind: 'record';
      key: string;
      at: number;
      /** What caused it: the event applied, or the timer that fired. */
      cause: { event: ItemEvent } | { timer: ItemTimer };
      status: ItemStatus;
    }
  | { kind: 'notice'; key: string; at: number; topic: NoticeTopic; recipients: ResponsibilityRef[] }
  | {
      kind: 'reminder';
      key: string;
      at: number;
      offset: string;
      deadline: number;
      recipients: ResponsibilityRef[];
    }
  | {
      kind: 'warning';
      key: string;
      at: number;
      level: Exclude<WarningLevel, 'green'>;
      reason: EscalationReason;
      /** Yellow warnings so far, this one included. */
      yellowWarnings: number;
      recipients: ResponsibilityRef[];
    }
  | {
      kind: 'rung';
      key: string;
      at: number;
      rung: LadderRung;
      reason: EscalationReason;
      recipients: ResponsibilityRef[];
      /** Accountability: who is held to account (the leader too after a repeat offence). */
      accountable?: ResponsibilityRef[];
      /** When the next rung falls due if nothing changes: the supervision order's new deadline. */
      respondBy?: number;
      deadline: number | null;
    }
  | {
      kind: 'extension_unanswered';
      key: string;
      at: number;
      extensionId: string;
      decideBy: number;
      recipients: ResponsibilityRef[];
    }
  | {
      kind: 'look_back_request';
      key: string;
      at: number;
      closedAt: number;
      /** Nobody here may do it: the verifier, the responsible and the concerned. */
      excludePersonIds: string[];
      recipients: ResponsibilityRef[];
    }
  | {
      kind: 'review_request';
      key: string;
      at: number;
      index: number;
      excludePersonIds: string[];
      recipients: ResponsibilityRef[];
    }
  | { kind: 'summary_request'; key: string; at: number; recipients: ResponsibilityRef[] }
  | { kind: 'rule_making_task'; key: string; at: number; summaryId: string; loopholeTag: string }
  /** A proposal reaches a desk: the decision's row, and the desk's people told. */
  | {
      kind: 'decision_opened';
      key: string;
      at: number;
      rung: DecisionRung;
      reason: EscalationReason;
      step: number;
      steps: number;
      role: DecisionRole;
      levelsUp: number;
      decideBy: number;
      /** The desk it came from: escalated, deferred, or the chain's step before. */
      previousKey: string | null;
      /** 问责: who may be held to account, with the responsibility each bears. */
      candidates?: Array<{
        ref: ResponsibilityRef;
        responsibility: AccountableDecision['responsibility'];
      }>;
    }
  /** A desk's decision ends: taken (issued, deferred, declined), let pass (escalated), or moot. */
  | {
      kind: 'decision_closed';
      key: string;
      at: number;
      decisionKey: string;
      rung: DecisionRung;
      status: Exclude<DecisionStatus, 'pending'>;
      by: string | null;
      reason: string | null;
      until?: number;
      accountable?: AccountableDecision[];
      documentNo?: string;
    };

export type ItemEffectKind = ItemEffect['kind'];

export interface ItemRefusal {
  ok: false;
  /** 409 and 422 at the HTTP edge. */
  code: 'wrong_state' | 'rule_broken';
  message: string;
  violations: Violation[];
}

export type ItemResult = { ok: true; state: ItemState; effects: ItemEffect[] } | ItemRefusal;

/** Every event type, every timer kind and every notice topic, for labels and for exhaustiveness. */
export const ITEM_EVENT_TYPES = [
  'registered',
  'assigned',
  'supervision_flagged',
  'progress_reported',
  'submitted',
  'verified',
  'extension_requested',
  'extension_decided',
  'talk_recorded',
  'offence_repeated',
  'periodic_review_done',
  'look_back_done',
  'summary_recorded',
  'spot_checked',
  'decision_taken',
  'time_shifted',
  'timer_fired',
] as const satisfies readonly ItemEventType[];
export const ITEM_TIMER_KINDS = [
  'reminder',
  'overdue',
  'rung',
  'window_check',
  'extension_due',
  'look_back',
  'periodic_review',
  'decision_due',
] as const satisfies readonly ItemTimerKind[];
export const NOTICE_TOPICS = [
  'assigned',
  'supervision_flagged',
  'submitted',
  'sent_back',
  'closed',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'reopened',
] as const;
