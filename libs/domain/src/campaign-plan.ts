import type { Violation } from './errors.js';
import { PHASE_KINDS, type PhaseKind } from './phase.js';

/** One phase of a work plan (工作方案): when it opens and its deadline. ISO-8601 instants. */
export interface PhasePlan {
  kind: PhaseKind;
  startsAt: string;
  endsAt: string;
}

export interface CampaignPlan {
  title: string;
  coveredUnitId: string;
  phases: PhasePlan[];
}

/**
 * Checks the rules a well-formed plan can still break: every phase present once, in the
 * campaign's order, each ending after it starts, and none overlapping the next. Field shape
 * (types, formats) is the edge's job; this is the business rule, so it returns violations to be
 * reported together rather than failing on the first.
 */
export function checkPhaseOrder(phases: readonly PhasePlan[]): Violation[] {
  const violations: Violation[] = [];
  if (phases.length !== PHASE_KINDS.length) {
    violations.push({
      field: 'phases',
      rule: 'phase_count',
      message: `a plan has exactly ${PHASE_KINDS.length} phases (${PHASE_KINDS.join(', ')}), got ${phases.length}`,
    });
    return violations;
  }
  phases.forEach((phase, i) => {
    const expected = PHASE_KINDS[i];
    if (phase.kind !== expected) {
      violations.push({
        field: `phases.${i}.kind`,
        rule: 'phase_order',
        message: `phase ${i + 1} must be ${expected}, got ${phase.kind}`,
      });
    }
    const start = Date.parse(phase.startsAt);
    const end = Date.parse(phase.endsAt);
    const unreadable = (['startsAt', 'endsAt'] as const).filter((f) =>
      Number.isNaN(Date.parse(phase[f])),
    );
    for (const field of unreadable) {
      violations.push({
        field: `phases.${i}.${field}`,
        rule: 'invalid_date',
        message: `${field} is not a readable date-time`,
      });
    }
    if (unreadable.length > 0) return;
    if (!(end > start)) {
      violations.push({
        field: `phases.${i}.endsAt`,
        rule: 'phase_ends_before_start',
        message: `${phase.kind} must end after it starts`,
      });
    }
    const next = phases[i + 1];
    if (next && Date.parse(next.startsAt) < end) {
      violations.push({
        field: `phases.${i + 1}.startsAt`,
        rule: 'phase_overlap',
        message: `${next.kind} starts before ${phase.kind} ends`,
      });
    }
  });
  return violations;
}
