import { dayOf, startOfDay } from '../calendar/days.js';
import type { Violation } from '../errors.js';
import { addDuration, isDuration } from '../time/duration.js';
import type { WorkingDays } from '../time/working-days.js';
import {
  checkLadderDecisions,
  type DecisionRole,
  type LadderDecisions,
  SEED_LADDER_DECISIONS,
} from './decisions.js';

/**
 * The escalation ladder (DOMAIN.md D5): the rungs an item climbs, one at a time, when it
 * stalls or passes its deadline. The policy is part of a campaign's plan and frozen at launch:
 * a policy changed later applies to new campaigns only.
 */
export const ESCALATION_RUNGS = [
  'reminder',
  'bulletin',
  'supervision_order',
  'admonishment_talk',
  'stationed_supervision',
  'accountability',
] as const;
export type EscalationRung = (typeof ESCALATION_RUNGS)[number];
export type LadderRung = Exclude<EscalationRung, 'reminder'>;

/** What an accountability register entry records: a rung, a warning, or an unanswered extension request. */
export const REGISTER_ENTRY_RUNGS = [
  ...ESCALATION_RUNGS,
  'warning',
  'extension_unanswered',
] as const;
export type RegisterEntryRung = (typeof REGISTER_ENTRY_RUNGS)[number];

/** A wait in calendar days or in working days (工作日, the working-day calendar's). */
export type Wait = { days: number } | { workingDays: number };

export interface EscalationPolicy {
  /** Reminders to the responsible person before the deadline, e.g. P7D and P1D before. */
  reminderOffsets: string[];
  /** The rungs after the deadline, in order; each waits `after` from the one before (the first from the deadline). */
  ladder: Array<{ rung: LadderRung; after: Wait }>;
  /** How long after a missed review window the stall track gives its first warning. */
  stallGrace: Wait;
  /** Yellow warnings that together bring a supervision order (counting rule). */
  yellowWarningsForSupervisionOrder: number;
  /** A rebound or a repeat offence holds the responsible leader accountable too. */
  repeatOffenceHoldsLeader: boolean;
  /** How long an inspector has to decide an extension request before it escalates. */
  extensionDecisionWithin: Wait;
  /** How long after closure an item is re-checked (回头看). */
  lookBackAfter: string;
  /**
   * The rungs people decide, and who (issue 18): absent in policies frozen before, whose rungs
   * all fire by themselves.
   */
  decisions?: LadderDecisions;
}

/**
 * D5's default: reminders seven days and one day before the deadline; then named in the next
 * bulletin, a supervision order, an admonishment talk with the first responsible person,
 * stationed supervision and accountability. Untouched, an item climbs from its deadline to
 * accountability in about two months (1 day + 40 working days).
 */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  reminderOffsets: ['P7D', 'P1D'],
  ladder: [
    { rung: 'bulletin', after: { days: 1 } },
    { rung: 'supervision_order', after: { workingDays: 5 } },
    { rung: 'admonishment_talk', after: { workingDays: 10 } },
    { rung: 'stationed_supervision', after: { workingDays: 10 } },
    { rung: 'accountability', after: { workingDays: 15 } },
  ],
  stallGrace: { workingDays: 3 },
  yellowWarningsForSupervisionOrder: 2,
  repeatOffenceHoldsLeader: true,
  extensionDecisionWithin: { workingDays: 5 },
  lookBackAfter: 'P3M',
  decisions: SEED_LADDER_DECISIONS,
};

/** Office hours: a rung counted in working days fires at 09:00 Shanghai time on its day. */
const OFFICE_OPENS_MS = 9 * 3600 * 1000;

/**
 * The instant `wait` after `from`: calendar days are exact multiples of 24 hours; N working
 * days land at 09:00 on the N-th working day after `from`'s day. Also reports the years the
 * calendar lacked (counted on weekends alone there).
 */
export function afterWait(
  from: number,
  wait: Wait,
  calendar: WorkingDays,
): { at: number; missingYears: number[] } {
  if ('days' in wait) return { at: addDuration(from, `P${wait.days}D`), missingYears: [] };
  const { date, missingYears } = calendar.addWorkingDays(dayOf(from), wait.workingDays);
  return { at: startOfDay(date) + OFFICE_OPENS_MS, missingYears };
}

export interface LadderStep {
  rung: EscalationRung;
  /** When the rung falls due: it fires, or (a decision rung) its proposal reaches the first desk. */
  at: number;
  /** For reminders: the offset before the deadline. */
  offset?: string;
  /**
   * A decision rung's steps and each desk's limit. The dates assume every desk decides the day
   * the proposal reaches it (the earliest the ladder moves: a later decision moves the rungs
   * after it by as much); a desk that lets its limit pass hands the step one level up.
   */
  decision?: Array<{ role: DecisionRole; levelsUp: number; decideBy: number }>;
}

/**
 * The dated ladder an item with `deadline` climbs if nobody acts: the reminders before the
 * deadline, then every rung after it. The item workflow arms its timers from this, and the
 * forecast shows it, so the two cannot disagree.
 */
export function ladderSchedule(
  policy: EscalationPolicy,
  deadline: number,
  calendar: WorkingDays,
): { steps: LadderStep[]; missingYears: number[] } {
  const missing = new Set<number>();
  const steps: LadderStep[] = policy.reminderOffsets
    .map((offset) => ({ rung: 'reminder' as const, at: addDuration(deadline, offset, -1), offset }))
    .sort((a, b) => a.at - b.at);
  let at = deadline;
  for (const { rung, after } of policy.ladder) {
    const next = afterWait(at, after, calendar);
    next.missingYears.forEach((y) => missing.add(y));
    at = next.at;
    const chain = policy.decisions?.[rung as keyof LadderDecisions];
    const decision = chain?.map((step) => {
      const limit = afterWait(at, step.within, calendar);
      limit.missingYears.forEach((y) => missing.add(y));
      return { role: step.role, levelsUp: step.levelsUp, decideBy: limit.at };
    });
    steps.push(decision && decision.length > 0 ? { rung, at, decision } : { rung, at });
  }
  return { steps, missingYears: [...missing].sort() };
}

/** Position of a rung in D5's order (reminder 0 … accountability 5). */
export function rungOrder(rung: EscalationRung): number {
  return ESCALATION_RUNGS.indexOf(rung);
}

/**
 * Where a counting rule puts an item, as an index into `policy.ladder`: the first yellow
 * warnings name it in the bulletin (the ladder's first rung); the N-th
 * (`yellowWarningsForSupervisionOrder`) brings the supervision order; every one after that
 * climbs one rung more, so paper rectification that goes on and on ends in accountability.
 */
export function yellowWarningTarget(policy: EscalationPolicy, yellowWarnings: number): number {
  const n = policy.yellowWarningsForSupervisionOrder;
  if (yellowWarnings < n) return 0;
  return Math.min(supervisionOrderIndex(policy) + yellowWarnings - n, policy.ladder.length - 1);
}

/** The ladder index of the supervision order, or of the first rung above it the policy keeps. */
export function supervisionOrderIndex(policy: EscalationPolicy): number {
  const i = policy.ladder.findIndex((s) => rungOrder(s.rung) >= rungOrder('supervision_order'));
  return i < 0 ? policy.ladder.length - 1 : i;
}

function checkWait(wait: Wait, field: string): Violation[] {
  const n = 'days' in wait ? wait.days : wait.workingDays;
  return Number.isInteger(n) && n >= 0 && n <= 366
    ? []
    : [{ field, rule: 'invalid_wait', message: 'a wait is 0 to 366 days or working days' }];
}

/** The rules an escalation policy must keep; every problem is reported with its path. */
export function checkEscalationPolicy(policy: EscalationPolicy, path: string): Violation[] {
  const violations: Violation[] = [];
  policy.reminderOffsets.forEach((offset, i) => {
    if (!isDuration(offset)) {
      violations.push({
        field: `${path}.reminderOffsets.${i}`,
        rule: 'invalid_duration',
        message: 'an ISO-8601 duration such as P7D',
      });
    }
  });
  const order = ESCALATION_RUNGS.slice(1);
  let last = -1;
  policy.ladder.forEach((step, i) => {
    const position = order.indexOf(step.rung);
    if (position <= last) {
      violations.push({
        field: `${path}.ladder.${i}.rung`,
        rule: 'ladder_order',
        message: `rungs climb one at a time in the order ${order.join(', ')}`,
      });
    }
    last = Math.max(last, position);
    violations.push(...checkWait(step.after, `${path}.ladder.${i}.after`));
  });
  if (policy.ladder.at(-1)?.rung !== 'accountability') {
    violations.push({
      field: `${path}.ladder`,
      rule: 'ladder_without_accountability',
      message: 'the ladder ends in accountability (问责)',
    });
  }
  violations.push(...checkLadderDecisions(policy.decisions, policy.ladder, `${path}.decisions`));
  violations.push(...checkWait(policy.stallGrace, `${path}.stallGrace`));
  violations.push(...checkWait(policy.extensionDecisionWithin, `${path}.extensionDecisionWithin`));
  if (!isDuration(policy.lookBackAfter)) {
    violations.push({
      field: `${path}.lookBackAfter`,
      rule: 'invalid_duration',
      message: 'an ISO-8601 duration such as P3M',
    });
  }
  if (
    !Number.isInteger(policy.yellowWarningsForSupervisionOrder) ||
    policy.yellowWarningsForSupervisionOrder < 1
  ) {
    violations.push({
      field: `${path}.yellowWarningsForSupervisionOrder`,
      rule: 'invalid_count',
      message: 'at least one warning',
    });
  }
  return violations;
}
