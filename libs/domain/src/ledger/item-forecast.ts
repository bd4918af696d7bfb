import { dayOf } from '../calendar/days.js';
import type { WorkingDays } from '../time/working-days.js';
import type { EscalationPolicy, LadderStep } from './escalation.js';
import { applyItemEvent, registerItem } from './item.js';
import { nextItemTimers } from './item-schedule.js';
import type { ItemContext, ItemEffect, ItemState } from './item-state.js';

/**
 * An example item whose timers carry no spread (its id's FNV-1a hash is a multiple of the spread
 * window), so the instants the core fires at are the business instants the forecast shows.
 */
const EXAMPLE_ITEM = 'forecast-4182055';
const NOBODY = 'forecast';
/** Who decides at every desk: nobody the item names (they may not). */
const DESK = 'forecast-desk';

/** Past this many steps the example has climbed everything (a guard, never reached). */
const MAX_STEPS = 10_000;

/**
 * The ladder an item registered at `registeredAt` and due by the end of `deadlineDay` climbs when
 * nobody moves it, dated by the item's own core — the functions its workflow arms its timers
 * from — with every desk deciding the day it is asked (the earliest the ladder moves; a later
 * decision moves the rungs after it by as much). Reminders and rungs in order; a decision rung
 * lists each desk with its limit.
 */
export function forecastItemLadder(
  policy: EscalationPolicy,
  reviewCadence: string,
  registeredAt: number,
  deadlineDay: string,
  calendar: WorkingDays,
): { deadline: number; steps: LadderStep[] } {
  const ctx: ItemContext = { policy, reviewCadence, calendar };
  const registered = registerItem(
    {
      type: 'registered',
      at: registeredAt,
      by: NOBODY,
      itemId: EXAMPLE_ITEM,
      campaignId: NOBODY,
      unitId: NOBODY,
      personIds: [],
      source: 'inspection',
      category: 'discipline_work',
    },
    ctx,
  );
  if (!registered.ok) throw new Error(`forecast example: ${registered.message}`);
  const assigned = applyItemEvent(
    registered.state,
    {
      type: 'assigned',
      at: registeredAt,
      by: NOBODY,
      responsibleLeaderId: NOBODY,
      responsibleUnitId: NOBODY,
      responsiblePersonId: NOBODY,
      deadline: deadlineDay,
      acceptanceStandard: '—',
      expectedEffect: '—',
      measures: '—',
      mode: 'by_deadline',
    },
    ctx,
  );
  if (!assigned.ok) throw new Error(`forecast example: ${assigned.message}`);
  let s: ItemState = assigned.state;
  const steps: LadderStep[] = [];
  const take = (effects: ItemEffect[]) => {
    for (const e of effects) {
      if (e.kind === 'reminder') steps.push({ rung: 'reminder', at: e.at, offset: e.offset });
      if (e.kind === 'rung' && !steps.some((x) => x.rung === e.rung && x.decision)) {
        steps.push({ rung: e.rung, at: e.at });
      }
      if (e.kind === 'decision_opened') {
        const desk = { role: e.role, levelsUp: e.levelsUp, decideBy: e.decideBy };
        const rung = steps.find((x) => x.rung === e.rung && x.decision);
        if (rung) rung.decision!.push(desk);
        else steps.push({ rung: e.rung, at: e.at, decision: [desk] });
      }
    }
  };
  for (let n = 0; n < MAX_STEPS; n++) {
    const pending = s.escalation.decision;
    if (pending) {
      // The desk decides at once; the last step of 问责 names someone, as it must.
      const last = policy.decisions?.[pending.rung]?.length === pending.step + 1;
      const decided = applyItemEvent(
        s,
        {
          type: 'decision_taken',
          at: s.clock,
          by: DESK,
          decisionKey: pending.key,
          decision: 'issue',
          reason: '—',
          ...(pending.rung === 'accountability' && last
            ? {
                accountable: [
                  { personId: NOBODY, responsibility: 'direct', form: 'criticism', reason: '—' },
                ],
              }
            : {}),
        },
        ctx,
      );
      if (!decided.ok) throw new Error(`forecast example: ${decided.message}`);
      s = decided.state;
      take(decided.effects);
      continue;
    }
    const next = nextItemTimers(s, policy, calendar).find(
      (t) => t.kind === 'reminder' || t.kind === 'overdue' || t.kind === 'rung',
    );
    if (!next) break;
    const fired = applyItemEvent(s, { type: 'timer_fired', key: next.key, at: next.at }, ctx);
    if (!fired.ok) throw new Error(`forecast example: ${fired.message}`);
    s = fired.state;
    take(fired.effects);
  }
  return { deadline: s.deadline!, steps };
}

/** The calendar years the ladder spans that the calendar lacks (counted on weekends alone). */
export function ladderMissingYears(
  from: number,
  steps: readonly LadderStep[],
  calendar: WorkingDays,
): number[] {
  const last = Math.max(from, ...steps.map((s) => s.at));
  const years: number[] = [];
  for (let y = Number(dayOf(from).slice(0, 4)); y <= Number(dayOf(last).slice(0, 4)); y++) {
    if (!calendar.hasYear(y)) years.push(y);
  }
  return years;
}
