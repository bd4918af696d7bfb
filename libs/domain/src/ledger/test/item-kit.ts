/**
 * Test factories for the item core: a campaign context, items registered and assigned with
 * overridable defaults, and helpers to drive time. Unit tests only (never exported).
 */
import { type CalendarYear, WorkingDayCalendar } from '../../calendar/working-day-calendar.js';
import { toShanghaiIso } from '../../time/duration.js';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from '../escalation.js';
import { advanceItem, applyItemEvent } from '../item.js';
import type { Assignment } from '../item-checks.js';
import { nextItemTimers } from '../item-schedule.js';
import type { ItemContext, ItemEffect, ItemEvent, ItemState, ItemTimer } from '../item-state.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** An instant in Shanghai time: `at('2026-03-02 10:00')`. */
export const at = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
export const show = (t: number): string => toShanghaiIso(t).slice(0, 16).replace('T', ' ');

const year = (y: number, off: string[]): CalendarYear => ({
  year: y,
  // Stand-in breaks for the tests, not the State Council's official ones.
  holidays: off.map((date) => ({ date, holiday: 'labour_day' })),
  makeupWorkdays: [],
  source: 'admin',
});

/** 2026 and 2027, with a stand-in break on 1–5 May 2026 (Friday to Tuesday). */
export const calendar = new WorkingDayCalendar([
  year(2026, ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']),
  year(2027, []),
]);

/**
 * D5's ladder with every rung a notice (a plan's `decisions: {}`, and every policy frozen before
 * issue 18): the timer mechanics alone. The seeds' decisions are tested in decisions.spec.ts.
 */
export const TIMER_LADDER: EscalationPolicy = { ...DEFAULT_ESCALATION_POLICY, decisions: {} };

export const context = (policy: EscalationPolicy = TIMER_LADDER): ItemContext => ({
  policy,
  calendar,
  reviewCadence: 'P1M',
});
export const ctx = context();

/** A Monday morning, when the office registers and assigns. */
export const T0 = at('2026-03-02 10:00');

export const PEOPLE = {
  office: 'p-office',
  concerned: 'p-concerned',
  leader: 'p-leader',
  person: 'p-person',
  inspector: 'p-inspector',
  inspector2: 'p-inspector-2',
  supervisor: 'p-supervising',
} as const;

export function registration(
  patch: Partial<Extract<ItemEvent, { type: 'registered' }>> = {},
): Extract<ItemEvent, { type: 'registered' }> {
  return {
    type: 'registered',
    at: T0,
    by: PEOPLE.office,
    itemId: 'item-1',
    campaignId: 'c-1',
    unitId: 'u-county',
    personIds: [PEOPLE.concerned],
    source: 'inspection',
    category: 'style_work',
    ...patch,
  };
}

export function assignment(patch: Partial<Assignment> = {}): Assignment {
  return {
    responsibleLeaderId: PEOPLE.leader,
    responsibleUnitId: 'u-dept',
    responsiblePersonId: PEOPLE.person,
    deadline: '2026-03-31',
    acceptanceStandard: '制度建立并执行到位',
    expectedEffect: '同类问题不再发生',
    measures: '修订审批流程，开展专项检查',
    mode: 'by_deadline',
    ...patch,
  };
}

/** Thrown by the helpers when the core refuses what a test expected it to accept. */
export class Refused extends Error {}

/** Applies events in order, failing on a refusal; returns the last state and every effect. */
export function apply(
  state: ItemState | null,
  events: ItemEvent[],
  c: ItemContext = ctx,
): { state: ItemState; effects: ItemEffect[] } {
  let s = state;
  const effects: ItemEffect[] = [];
  for (const e of events) {
    const r = applyItemEvent(s, e, c);
    if (!r.ok)
      throw new Refused(`${e.type}: ${r.code} ${r.message} ${JSON.stringify(r.violations)}`);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s!, effects };
}

/** An item registered at T0 and assigned at `assignedAt` (default T0 + 1 h). */
export function assignedItem(
  patch: Partial<Assignment> = {},
  options: { c?: ItemContext; assignedAt?: number; itemId?: string } = {},
): { state: ItemState; effects: ItemEffect[] } {
  const c = options.c ?? ctx;
  return apply(
    null,
    [
      registration(options.itemId ? { itemId: options.itemId } : {}),
      {
        type: 'assigned',
        at: options.assignedAt ?? T0 + HOUR,
        by: PEOPLE.office,
        ...assignment(patch),
      },
    ],
    c,
  );
}

/** Lets time pass to `to`: every timer due fires, as the workflow would fire them. */
export function wait(
  state: ItemState,
  to: number,
  c: ItemContext = ctx,
): { state: ItemState; effects: ItemEffect[] } {
  return advanceItem(state, to, c);
}

/**
 * Drives the item the way its workflow does: sleep until the first timer, fire it with
 * `timer_fired`, repeat until `until`. Returns every timer fired and every effect.
 */
export function runTimers(
  state: ItemState,
  until: number,
  c: ItemContext = ctx,
): { state: ItemState; effects: ItemEffect[]; fired: ItemTimer[] } {
  let s = state;
  const effects: ItemEffect[] = [];
  const fired: ItemTimer[] = [];
  for (;;) {
    const next = nextItemTimers(s, c.policy, c.calendar)[0];
    if (!next || next.at > until) break;
    const r = applyItemEvent(s, { type: 'timer_fired', key: next.key, at: next.at }, c);
    if (!r.ok) throw new Refused(r.message);
    s = r.state;
    fired.push(next);
    effects.push(...r.effects);
  }
  return { state: s, effects, fired };
}

/**
 * As `runTimers`, but every desk issues its decision the moment it reaches them (问责 holding
 * the responsible person to account): the ladder as the forecast dates it.
 */
export function runDeciding(
  state: ItemState,
  until: number,
  c: ItemContext,
): { state: ItemState; effects: ItemEffect[] } {
  let s = state;
  const effects: ItemEffect[] = [];
  for (;;) {
    const pending = s.escalation.decision;
    if (pending && pending.deferredUntil === null) {
      const r = applyItemEvent(
        s,
        {
          type: 'decision_taken',
          at: s.clock,
          by: PEOPLE.inspector2,
          decisionKey: pending.key,
          decision: 'issue',
          reason: '经研究，决定实施',
          accountable: [
            {
              personId: PEOPLE.person,
              responsibility: 'direct',
              form: 'admonishment',
              reason: '整改不力',
            },
          ],
        },
        c,
      );
      // Only the last step of 问责 names who is held to account.
      const retried = r.ok
        ? r
        : applyItemEvent(
            s,
            {
              type: 'decision_taken',
              at: s.clock,
              by: PEOPLE.inspector2,
              decisionKey: pending.key,
              decision: 'issue',
              reason: '经研究，决定实施',
            },
            c,
          );
      if (!retried.ok) throw new Refused(retried.message);
      s = retried.state;
      effects.push(...retried.effects);
      continue;
    }
    const next = nextItemTimers(s, c.policy, c.calendar)[0];
    if (!next || next.at > until) break;
    const r = applyItemEvent(s, { type: 'timer_fired', key: next.key, at: next.at }, c);
    if (!r.ok) throw new Refused(r.message);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

export const ofKind = <K extends ItemEffect['kind']>(effects: ItemEffect[], kind: K) =>
  effects.filter((e): e is Extract<ItemEffect, { kind: K }> => e.kind === kind);
