import {
  datedPlanSpec,
  DEFAULT_ESCALATION_POLICY,
  PHASE_KINDS,
  type PhaseKind,
} from '@campaign/domain';

export interface PlanBody {
  title: string;
  coveredUnitId: string;
  phases: Array<{ kind: string; startsAt: string; endsAt: string }>;
}

/**
 * A work plan whose four phases follow each other back to back: the first opens `startInMs` from
 * `now`, and each lasts `phaseMs`. Tests run campaigns in seconds; production plans in months.
 */
export function planFactory(
  options: {
    startInMs?: number;
    phaseMs?: number;
    now?: number;
    title?: string;
    coveredUnitId?: string;
  } = {},
): PlanBody {
  const now = options.now ?? Date.now();
  const start = now + (options.startInMs ?? 0);
  const phaseMs = options.phaseMs ?? 30 * 24 * 3600 * 1000;
  return {
    title: options.title ?? '全市公安队伍教育整顿',
    coveredUnitId: options.coveredUnitId ?? '7b1c2f4e-1d2a-4c3b-9a8e-1f2e3d4c5b6a',
    phases: PHASE_KINDS.map((kind, i) => ({
      kind,
      startsAt: new Date(start + i * phaseMs).toISOString(),
      endsAt: new Date(start + (i + 1) * phaseMs).toISOString(),
    })),
  };
}

/**
 * The plan with a ladder of notices: every rung fires by itself (`escalation.decisions: {}`, as
 * policies frozen before decisions on the ladder), for tests that need an item to climb
 * untouched. Without `escalation`, the default policy's. The seeds' desks are tested on their own.
 */
export function withNoticesLadder<P extends object>(plan: P): P {
  const escalation = (plan as { escalation?: object }).escalation ?? DEFAULT_ESCALATION_POLICY;
  return { ...plan, escalation: { ...escalation, decisions: {} } };
}

/**
 * POST /campaigns' body for planFactory's dated phases with a ladder of notices (the phases
 * alone would launch the default plan, whose rungs wait on their desks): for the fault battery
 * and the ledger benchmark, which follow items climbing untouched.
 */
export function noticesLadderLaunch(body: PlanBody) {
  return {
    title: body.title,
    coveredUnitId: body.coveredUnitId,
    startsAt: body.phases[0].startsAt,
    plan: withNoticesLadder(
      datedPlanSpec(body.phases.map((p) => ({ ...p, kind: p.kind as PhaseKind }))),
    ),
  };
}
