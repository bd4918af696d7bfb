import { addDuration } from '../time/duration.js';
import type { ResolvedPlan } from './plan.js';

/**
 * The schedule functions: from a frozen plan and what has happened to it (pauses, extensions,
 * early advances, a held gate), every dated event the campaign will produce. Workflows arm
 * their timers from these and the forecast iterates them, so the two cannot disagree. All
 * instants are campaign time (ms); the campaign clock maps them to workflow time.
 */

/** Everything at or after `from` moved later by `by` (a pause's length, an extension). */
export interface ScheduleShift {
  from: number;
  by: number;
}

export interface ScheduleState {
  /** In the order they were applied; each `from` is on the timeline the earlier ones made. */
  shifts: ScheduleShift[];
  /** Phases an office opened before their time (advance): phase index → instant. */
  openAt: Record<number, number>;
  /** Phases that closed before their time because the next was opened: index → instant. */
  closeAt: Record<number, number>;
  /** Instants phases actually opened (known once they did): index → instant. */
  opened: Record<number, number>;
  /** A phase whose gate failed under a `hold` rule: the later phases wait for the office. */
  holdingAfter: number | null;
}

export const INITIAL_SCHEDULE_STATE: ScheduleState = {
  shifts: [],
  openAt: {},
  closeAt: {},
  opened: {},
  holdingAfter: null,
};

/** A planned instant after every shift. */
export function shifted(instant: number, shifts: readonly ScheduleShift[]): number {
  return shifts.reduce((t, s) => (t >= s.from ? t + s.by : t), instant);
}

export function phaseStart(plan: ResolvedPlan, state: ScheduleState, index: number): number {
  return state.openAt[index] ?? shifted(Date.parse(plan.phases[index].startsAt), state.shifts);
}

export function phaseEnd(plan: ResolvedPlan, state: ScheduleState, index: number): number {
  return state.closeAt[index] ?? shifted(Date.parse(plan.phases[index].endsAt), state.shifts);
}

/** A task's deadline as the plan has it now (shifted); joiners' own deadlines are stored per row. */
export function taskDue(state: ScheduleState, dueAt: string): number {
  return shifted(Date.parse(dueAt), state.shifts);
}

export type CampaignEvent =
  | { key: string; kind: 'phase_open'; at: number; phaseIndex: number }
  | { key: string; kind: 'phase_close'; at: number; phaseIndex: number }
  | { key: string; kind: 'holiday_reminder'; at: number; holiday: string; year: number };

/** What the campaign workflow itself does: open and close phases (gates), holiday reminders. */
export function campaignEvents(plan: ResolvedPlan, state: ScheduleState): CampaignEvent[] {
  const events: Array<Ordered<CampaignEvent>> = [];
  plan.phases.forEach((_, i) => {
    if (state.holdingAfter !== null && i > state.holdingAfter) return;
    const open = phaseStart(plan, state, i);
    const close = phaseEnd(plan, state, i);
    events.push({
      order: 2 * i,
      event: { key: `phase:${i}:open`, kind: 'phase_open', at: open, phaseIndex: i },
    });
    events.push({
      order: 2 * i + 1,
      event: { key: `phase:${i}:close`, kind: 'phase_close', at: close, phaseIndex: i },
    });
  });
  for (const h of plan.holidays) {
    const at = shifted(Date.parse(h.remindAt), state.shifts);
    events.push({
      order: 100,
      event: {
        key: `holiday:${h.holiday}:${h.year}`,
        kind: 'holiday_reminder',
        at,
        holiday: h.holiday,
        year: h.year,
      },
    });
  }
  return sortEvents(events);
}

/** A deadline of the unit's tasks that the plan does not know: people who joined mid-campaign. */
export interface ExtraDue {
  taskKey: string;
  phaseIndex: number;
  /** Campaign time the joiners' rows carry (already shifted as rows are). */
  dueAt: number;
}

export type UnitEvent =
  | {
      key: string;
      kind: 'task_reminder';
      at: number;
      phaseIndex: number;
      taskKey: string;
      offset: string;
      /** The deadline the reminded rows carry. */
      dueAt: number;
    }
  | {
      key: string;
      kind: 'task_due';
      at: number;
      phaseIndex: number;
      taskKey: string;
      dueAt: number;
    };

/**
 * What a unit workflow does: remind whoever still owes a task before its deadline (each plan
 * offset), and note each deadline as it passes. A reminder before its phase opened, or after
 * the phase closed, is not sent; nor are those of phases waiting behind a held gate.
 */
export function unitEvents(
  plan: ResolvedPlan,
  state: ScheduleState,
  extraDues: readonly ExtraDue[] = [],
): UnitEvent[] {
  const events: Array<Ordered<UnitEvent>> = [];
  const add = (
    phaseIndex: number,
    taskKey: string,
    dueAt: number,
    suffix: string,
    order: number,
  ) => {
    if (state.holdingAfter !== null && phaseIndex > state.holdingAfter) return;
    // Planned (or advanced) opening, not the instant the workflow got to it: a late worker
    // must not drop reminders the plan promised.
    const opens = phaseStart(plan, state, phaseIndex);
    const closes = phaseEnd(plan, state, phaseIndex);
    for (const offset of plan.reminders.offsets) {
      const at = addDuration(dueAt, offset, -1);
      if (at < opens || at >= closes) continue;
      const key = `task:${taskKey}${suffix}:reminder:${offset}`;
      events.push({
        order,
        event: { key, kind: 'task_reminder', at, phaseIndex, taskKey, offset, dueAt },
      });
    }
    const key = `task:${taskKey}${suffix}:due`;
    events.push({
      order: order + 1,
      event: { key, kind: 'task_due', at: dueAt, phaseIndex, taskKey, dueAt },
    });
  };
  plan.phases.forEach((phase) => {
    phase.tasks.forEach((task, j) => {
      add(phase.index, task.key, taskDue(state, task.dueAt), '', phase.index * 1000 + j * 2);
    });
  });
  for (const extra of extraDues) {
    add(extra.phaseIndex, extra.taskKey, extra.dueAt, `@${extra.dueAt}`, 1_000_000);
  }
  return sortEvents(events);
}

interface Ordered<T> {
  order: number;
  event: T;
}

/** Time first; at the same instant a phase closes before the next opens; keys break ties. */
function sortEvents<T extends { at: number; key: string }>(events: Array<Ordered<T>>): T[] {
  return events
    .sort(
      (a, b) =>
        a.event.at - b.event.at ||
        a.order - b.order ||
        (a.event.key < b.event.key ? -1 : a.event.key > b.event.key ? 1 : 0),
    )
    .map((o) => o.event);
}
