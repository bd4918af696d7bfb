import { dayOf } from '../calendar/days.js';
import type { DecisionRole } from '../ledger/decisions.js';
import { forecastItemLadder, ladderMissingYears } from '../ledger/item-forecast.js';
import { addDuration } from '../time/duration.js';
import type { WorkingDays } from '../time/working-days.js';
import type { ResolvedPlan, TaskOwner } from './plan.js';
import { campaignEvents, INITIAL_SCHEDULE_STATE, unitEvents } from './schedule.js';

/** Who is in one covered unit, as far as owing tasks goes. */
export interface UnitPopulation {
  unitId: string;
  /** Active people, and of them leaders, key persons, and those in the plan's key groups. */
  everyone: number;
  leaders: number;
  keyPersons: number;
  keyGroups: number;
  /** People who act for the unit on its own tasks (its office, else its first responsible person). */
  contacts: number;
}

/**
 * `afterHold`: the event belongs to a phase behind a gate that holds (nobody acting, it fails),
 * so it happens only once the office decides to go on; dated as planned, i.e. as if it went on
 * at once.
 */
export type ForecastEvent = (
  | { kind: 'phase_open'; at: number; phaseIndex: number }
  | {
      kind: 'gate_evaluation';
      at: number;
      phaseIndex: number;
      units: number;
      /** The gate fails with nothing done and its rule is `hold`: the campaign waits here. */
      holds?: boolean;
    }
  | {
      kind: 'task_due';
      at: number;
      phaseIndex: number;
      taskKey: string;
      owner: TaskOwner;
      total: number;
      perUnit: Array<{ unitId: string; count: number }>;
    }
  | {
      kind: 'reminder';
      at: number;
      phaseIndex: number;
      taskKey: string;
      offset: string;
      total: number;
      perUnit: Array<{ unitId: string; count: number }>;
    }
  | { kind: 'holiday_reminder'; at: number; holiday: string; year: number; recipients: number }
  | {
      kind: 'ladder_rung';
      at: number;
      rung: string;
      offset?: string;
      /** A decision rung: who decides each step, and by when (then one level up). */
      decision?: Array<{ role: DecisionRole; levelsUp: number; decideBy: number }>;
    }
) & { afterHold?: boolean };

export interface Forecast {
  events: ForecastEvent[];
  /** The example item the ladder is dated for: registered when rectification opens, due one review cadence later. */
  ladderItem: { registeredAt: number; deadline: number };
  ladderMissingYears: number[];
}

/** How many in a unit owe a task of this owner kind. */
export function owedBy(owner: TaskOwner, unit: UnitPopulation): number {
  switch (owner) {
    case 'everyone':
      return unit.everyone;
    case 'leaders':
      return unit.leaders;
    case 'key_persons':
      return unit.keyPersons;
    case 'key_groups':
      return unit.keyGroups;
    case 'unit':
      return 1;
  }
}

/**
 * Everything a campaign will produce if nobody acts, with its date: the same schedule
 * functions the workflows arm their timers from, applied to the launch state, with the
 * population that owes each task. Nobody completing anything means every reminder goes to
 * everyone who owes the task, and every gate is judged on nothing done.
 */
export function forecastCampaign(
  plan: ResolvedPlan,
  units: readonly UnitPopulation[],
  calendar: WorkingDays,
): Forecast {
  const events: ForecastEvent[] = [];
  const everyone = units.reduce((n, u) => n + u.everyone, 0);
  const firstHold = plan.phases.findIndex(
    (p, i) =>
      i < plan.phases.length - 1 && p.gate.onFail === 'hold' && failsWithNothingDone(p, units),
  );
  const behindHold = (phaseIndex: number) =>
    firstHold >= 0 && phaseIndex > firstHold ? { afterHold: true } : {};
  for (const e of campaignEvents(plan, INITIAL_SCHEDULE_STATE)) {
    if (e.kind === 'phase_open')
      events.push({
        kind: 'phase_open',
        at: e.at,
        phaseIndex: e.phaseIndex,
        ...behindHold(e.phaseIndex),
      });
    else if (e.kind === 'phase_close') {
      const phase = plan.phases[e.phaseIndex];
      const holds =
        e.phaseIndex < plan.phases.length - 1 &&
        phase.gate.onFail === 'hold' &&
        failsWithNothingDone(phase, units);
      events.push({
        kind: 'gate_evaluation',
        at: e.at,
        phaseIndex: e.phaseIndex,
        units: units.length,
        ...(holds ? { holds: true } : {}),
        ...behindHold(e.phaseIndex),
      });
    } else {
      events.push({
        kind: 'holiday_reminder',
        at: e.at,
        holiday: e.holiday,
        year: e.year,
        recipients: everyone,
      });
    }
  }

  const owners = new Map(plan.phases.flatMap((p) => p.tasks.map((t) => [t.key, t.owner] as const)));
  // Every unit runs the same schedule; only who owes what differs.
  for (const e of unitEvents(plan, INITIAL_SCHEDULE_STATE)) {
    const owner = owners.get(e.taskKey)!;
    const perUnit = units
      .map((u) => ({
        unitId: u.unitId,
        count: e.kind === 'task_reminder' && owner === 'unit' ? u.contacts : owedBy(owner, u),
      }))
      .filter((u) => u.count > 0);
    const total = perUnit.reduce((n, u) => n + u.count, 0);
    if (total === 0) continue;
    if (e.kind === 'task_reminder') {
      events.push({
        kind: 'reminder',
        at: e.at,
        phaseIndex: e.phaseIndex,
        taskKey: e.taskKey,
        offset: e.offset,
        total,
        perUnit,
        ...behindHold(e.phaseIndex),
      });
    } else {
      events.push({
        kind: 'task_due',
        at: e.at,
        phaseIndex: e.phaseIndex,
        taskKey: e.taskKey,
        owner,
        total,
        perUnit,
        ...behindHold(e.phaseIndex),
      });
    }
  }

  const rectification = plan.phases.find((p) => p.kind === 'rectification')!;
  // An example item registered as rectification opens and due a review cadence later, climbed
  // by the item's own core (what its workflow does), every desk deciding the day it is asked.
  const registeredAt = Date.parse(rectification.startsAt);
  const { deadline, steps } = forecastItemLadder(
    plan.escalation,
    plan.review.cadence,
    registeredAt,
    dayOf(addDuration(registeredAt, plan.review.cadence)),
    calendar,
  );
  for (const step of steps) {
    events.push({
      kind: 'ladder_rung',
      at: step.at,
      rung: step.rung,
      ...(step.offset ? { offset: step.offset } : {}),
      ...(step.decision
        ? {
            decision: step.decision.map(({ role, levelsUp, decideBy }) => ({
              role,
              levelsUp,
              decideBy,
            })),
          }
        : {}),
      ...behindHold(rectification.index),
    });
  }
  events.sort((a, b) => a.at - b.at);
  return {
    events,
    ladderItem: { registeredAt, deadline },
    ladderMissingYears: ladderMissingYears(registeredAt, steps, calendar),
  };
}

/**
 * Whether a phase's gate fails when nobody does anything: some unit owes a required task the
 * gate counts (its own, or its members' with a share above zero).
 */
function failsWithNothingDone(
  phase: ResolvedPlan['phases'][number],
  units: readonly UnitPopulation[],
): boolean {
  const required = phase.tasks.filter((t) => t.required);
  return units.some((u) =>
    required.some((t) =>
      t.owner === 'unit'
        ? phase.gate.requireUnitTasks
        : phase.gate.minMemberCompletion > 0 && owedBy(t.owner, u) > 0,
    ),
  );
}
