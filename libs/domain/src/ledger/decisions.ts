import type { Violation } from '../errors.js';
import type { LadderRung, Wait } from './escalation.js';
import type { EscalationReason, ResponsibilityRef } from './item-enums.js';

/**
 * Decisions on the ladder (issue 18). In the seeds the rungs after the deadline are decided by
 * people, not by a timer: the 督查问效组 issues a 督办单, holds a 约谈 and sends a 派驻督导
 * (seed 003); 问责 is decided by the Party organisation on the inspectors' proposal, "依规依纪依法、
 * 稳妥慎重" (seed 000). A decision rung is a chain of steps, each taken by a role at a level
 * relative to the responsible unit within a limit; a step nobody takes in time goes to the same
 * role one level higher. Reminders, warnings and the bulletin stay notices: they happen by
 * themselves.
 */
export const DECISION_RUNGS = [
  'supervision_order',
  'admonishment_talk',
  'stationed_supervision',
  'accountability',
] as const satisfies readonly LadderRung[];
export type DecisionRung = (typeof DECISION_RUNGS)[number];

/**
 * Who takes a step: the 督查问效组 (role `supervisor`), the discipline inspectors (`inspector`),
 * or the Party committee of the level, answered by its first responsible person (`committee`).
 */
export const DECISION_ROLES = ['supervisor', 'inspector', 'committee'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];

export interface DecisionStepPolicy {
  role: DecisionRole;
  /** The desk's unit: 0 the responsible unit, 1 its parent… */
  levelsUp: number;
  /** How long the desk has; after it the step goes to the same role one level higher. */
  within: Wait;
}

/** The decision rungs of a policy and their chains; a rung not named here is a notice. */
export type LadderDecisions = Partial<Record<DecisionRung, DecisionStepPolicy[]>>;

/**
 * The seeds' desks: the 督查问效组 one level up decides the 督办单, the 约谈 and the 派驻督导; for
 * 问责 the inspectors one level up propose and that level's Party committee decides.
 */
export const SEED_LADDER_DECISIONS: LadderDecisions = {
  supervision_order: [{ role: 'supervisor', levelsUp: 1, within: { workingDays: 3 } }],
  admonishment_talk: [{ role: 'supervisor', levelsUp: 1, within: { workingDays: 5 } }],
  stationed_supervision: [{ role: 'supervisor', levelsUp: 1, within: { workingDays: 5 } }],
  accountability: [
    { role: 'inspector', levelsUp: 1, within: { workingDays: 5 } },
    { role: 'committee', levelsUp: 1, within: { workingDays: 10 } },
  ],
};

/** Highest desk a step climbs to (levels above the responsible unit); the root answers above it. */
export const MAX_DECISION_LEVELS_UP = 6;

export const DECISION_STATUSES = [
  'pending',
  'deferred',
  'escalated',
  'issued',
  'declined',
  'withdrawn',
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DECISION_CHOICES = ['issue', 'defer', 'decline'] as const;
export type DecisionChoice = (typeof DECISION_CHOICES)[number];

/** The responsibility a person bears for an item (问责 on both lines, seed 000). */
export const ACCOUNTABLE_RESPONSIBILITIES = [
  'direct',
  'leadership',
  'principal',
  'supervision',
] as const;
export type AccountableResponsibility = (typeof ACCOUNTABLE_RESPONSIBILITIES)[number];

/** 通报批评, 诫勉, 组织调整, 纪律处分. */
export const ACCOUNTABILITY_FORMS = [
  'criticism',
  'admonishment',
  'reorganisation',
  'discipline',
] as const;
export type AccountabilityForm = (typeof ACCOUNTABILITY_FORMS)[number];

export interface AccountableDecision {
  personId: string;
  responsibility: AccountableResponsibility;
  form: AccountabilityForm;
  reason: string;
}

/**
 * Who an accountability proposal lists, with the responsibility each bears: the responsible
 * person and leader (直接责任), the first responsible persons of the unit and one and two levels
 * up (上追两级, 主体责任), the committee members who lead the area at those levels (两线问责,
 * 领导责任), the inspectors who supervise it (监督责任).
 */
export const ACCOUNTABILITY_CANDIDATES: ReadonlyArray<{
  ref: ResponsibilityRef;
  responsibility: AccountableResponsibility;
}> = [
  { ref: { role: 'responsible_person' }, responsibility: 'direct' },
  { ref: { role: 'responsible_leader' }, responsibility: 'direct' },
  { ref: { role: 'first_responsible', levelsUp: 0 }, responsibility: 'principal' },
  { ref: { role: 'first_responsible', levelsUp: 1 }, responsibility: 'principal' },
  { ref: { role: 'first_responsible', levelsUp: 2 }, responsibility: 'principal' },
  { ref: { role: 'area_leader', levelsUp: 1 }, responsibility: 'leadership' },
  { ref: { role: 'area_leader', levelsUp: 2 }, responsibility: 'leadership' },
  { ref: { role: 'inspector' }, responsibility: 'supervision' },
];

/** A decision in front of a desk, held in the item's state while it waits. */
export interface PendingDecision {
  /** `<itemId>:decision:<n>`: one per desk a proposal reaches. */
  key: string;
  rung: DecisionRung;
  reason: EscalationReason;
  /** The step of the rung's chain, and the desk's level now (escalations add one). */
  step: number;
  levelsUp: number;
  openedAt: number;
  /** The desk's limit (business instant; the item's spread is added to its timer). */
  decideBy: number;
  /** Deferred by the desk: the same desk has it again from this instant. */
  deferredUntil: number | null;
}

/** The chain of a rung under `decisions`, or null when the rung is a notice. */
export function decisionChain(
  decisions: LadderDecisions | undefined,
  rung: LadderRung,
): DecisionStepPolicy[] | null {
  const chain = decisions?.[rung as DecisionRung];
  return chain && chain.length > 0 ? chain : null;
}

/** The rules a policy's decision chains keep; every problem reported with its path. */
export function checkLadderDecisions(
  decisions: LadderDecisions | undefined,
  ladder: ReadonlyArray<{ rung: LadderRung }>,
  path: string,
): Violation[] {
  if (decisions === undefined) return [];
  const violations: Violation[] = [];
  if (typeof decisions !== 'object' || decisions === null || Array.isArray(decisions)) {
    return [{ field: path, rule: 'invalid_decisions', message: 'an object naming decision rungs' }];
  }
  for (const [rung, chain] of Object.entries(decisions)) {
    const at = `${path}.${rung}`;
    if (!(DECISION_RUNGS as readonly string[]).includes(rung)) {
      violations.push({
        field: at,
        rule: 'not_a_decision_rung',
        message: `decision rungs are ${DECISION_RUNGS.join(', ')}; reminders and the bulletin happen by themselves`,
      });
      continue;
    }
    if (!ladder.some((s) => s.rung === rung)) {
      violations.push({
        field: at,
        rule: 'rung_not_on_ladder',
        message: 'the ladder has no such rung',
      });
    }
    if (!Array.isArray(chain) || chain.length === 0 || chain.length > 4) {
      violations.push({ field: at, rule: 'invalid_chain', message: 'one to four steps' });
      continue;
    }
    chain.forEach((step, i) => {
      const f = `${at}.${i}`;
      if (!(DECISION_ROLES as readonly string[]).includes(step?.role)) {
        violations.push({
          field: `${f}.role`,
          rule: 'invalid_role',
          message: `one of ${DECISION_ROLES.join(', ')}`,
        });
      }
      if (!Number.isInteger(step?.levelsUp) || step.levelsUp < 0 || step.levelsUp > 3) {
        violations.push({
          field: `${f}.levelsUp`,
          rule: 'invalid_level',
          message: '0 to 3 levels up',
        });
      }
      const w = step?.within as Wait | undefined;
      const n = w && ('days' in w ? w.days : 'workingDays' in w ? w.workingDays : NaN);
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 366) {
        violations.push({
          field: `${f}.within`,
          rule: 'invalid_wait',
          message: 'a limit of 1 to 366 days or working days',
        });
      }
    });
  }
  return violations;
}
