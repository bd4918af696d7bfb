import { describe, expect, it } from '@jest/globals';

import { WorkingDayCalendar } from '../calendar/working-day-calendar.js';
import { type ResolvedPlan, resolvePlan } from './plan.js';
import {
  campaignEvents,
  INITIAL_SCHEDULE_STATE,
  type ScheduleState,
  shifted,
  unitEvents,
} from './schedule.js';
import { EDUCATION_RECTIFICATION_TEMPLATE } from './templates.js';

const DAY = 86_400_000;
const START = Date.parse('2026-12-01T00:00:00+08:00');
const plan: ResolvedPlan = resolvePlan(
  EDUCATION_RECTIFICATION_TEMPLATE.plan,
  START,
  new WorkingDayCalendar([
    { year: 2026, holidays: [], makeupWorkdays: [], source: 'admin' },
    {
      year: 2027,
      // A stand-in Spring Festival break for the test, not 2027's official one.
      holidays: ['2027-02-06', '2027-02-07', '2027-02-08'].map((date) => ({
        date,
        holiday: 'spring_festival',
      })),
      makeupWorkdays: [],
      source: 'admin',
    },
  ]),
).plan!;
const state = (patch: Partial<ScheduleState> = {}): ScheduleState => ({
  ...structuredClone(INITIAL_SCHEDULE_STATE),
  ...patch,
});
const iso = (t: number) => new Date(t).toISOString();

describe('campaignEvents', () => {
  it('opens and closes the four phases in order and reminds before holidays', () => {
    const events = campaignEvents(plan, state());
    expect(events.map((e) => e.key)).toEqual([
      'phase:0:open',
      'phase:0:close',
      'phase:1:open',
      'phase:1:close',
      'phase:2:open',
      'holiday:spring_festival:2027',
      'phase:2:close',
      'phase:3:open',
      'phase:3:close',
    ]);
    // At the same instant the old phase closes (its gate) before the next opens.
    expect(events[1].at).toBe(events[2].at);
    expect(iso(events[5].at)).toBe(iso(Date.parse('2027-02-04T09:00:00+08:00')));
  });

  it('moves everything at or after a pause by its length, and nothing before it', () => {
    const pauseAt = Date.parse('2026-12-20T00:00:00+08:00');
    const events = campaignEvents(plan, state({ shifts: [{ from: pauseAt, by: 3 * DAY }] }));
    const at = (key: string) => events.find((e) => e.key === key)!.at;
    expect(at('phase:0:open')).toBe(START);
    expect(at('phase:0:close')).toBe(Date.parse(plan.phases[0].endsAt) + 3 * DAY);
    expect(at('phase:3:close')).toBe(Date.parse(plan.endsAt) + 3 * DAY);
  });

  it('applies shifts one after another on the timeline the earlier ones made', () => {
    const t = 1_000 * DAY;
    expect(
      shifted(t, [
        { from: t - DAY, by: DAY },
        { from: t + DAY, by: 2 * DAY },
      ]),
    ).toBe(t + 3 * DAY);
    expect(
      shifted(t, [
        { from: t + DAY, by: DAY },
        { from: t - DAY, by: 2 * DAY },
      ]),
    ).toBe(t + 2 * DAY);
  });

  it('opens a phase early on advance and closes the one before at that instant', () => {
    const now = START + 5 * DAY;
    const events = campaignEvents(plan, state({ openAt: { 1: now }, closeAt: { 0: now } }));
    expect(events.slice(0, 3).map((e) => [e.key, e.at])).toEqual([
      ['phase:0:open', START],
      ['phase:0:close', now],
      ['phase:1:open', now],
    ]);
    // Self-check still ends on its planned date.
    expect(events.find((e) => e.key === 'phase:1:close')!.at).toBe(
      Date.parse(plan.phases[1].endsAt),
    );
  });

  it('schedules no later phase while a held gate waits for the office', () => {
    const keys = campaignEvents(plan, state({ holdingAfter: 1 })).map((e) => e.key);
    expect(keys).toContain('phase:1:close');
    expect(keys).not.toContain('phase:2:open');
    expect(keys).toContain('holiday:spring_festival:2027');
  });
});

describe('unitEvents', () => {
  const events = unitEvents(plan, state());
  const find = (key: string) => events.find((e) => e.key === key);

  it('reminds three days and one day before each deadline, then notes the deadline', () => {
    const due = Date.parse(plan.phases[0].tasks.find((t) => t.key === 'integrity-pledge')!.dueAt);
    expect(find('task:integrity-pledge:reminder:P3D')!.at).toBe(due - 3 * DAY);
    expect(find('task:integrity-pledge:reminder:P1D')!.at).toBe(due - DAY);
    expect(find('task:integrity-pledge:due')!.at).toBe(due);
    for (let i = 1; i < events.length; i++)
      expect(events[i].at).toBeGreaterThanOrEqual(events[i - 1].at);
  });

  it('sends no reminder before its phase opens or after it closed early', () => {
    // Six clarifications are due ten working days into self-check: both reminders fall inside it.
    expect(find('task:six-clarifications:reminder:P3D')).toBeDefined();
    const closedEarly = unitEvents(
      plan,
      state({ closeAt: { 0: START + 2 * DAY }, openAt: { 1: START + 2 * DAY } }),
    );
    expect(closedEarly.find((e) => e.key === 'task:integrity-pledge:reminder:P3D')).toBeUndefined();
    // The deadline itself is still noted: the task stays owed.
    expect(closedEarly.find((e) => e.key === 'task:integrity-pledge:due')).toBeDefined();
  });

  it('gives joiners their own reminders for their own deadlines', () => {
    const dueAt = START + 25 * DAY;
    const withJoiner = unitEvents(plan, state(), [{ taskKey: 'reflection', phaseIndex: 0, dueAt }]);
    expect(withJoiner.find((e) => e.key === `task:reflection@${dueAt}:reminder:P1D`)!.at).toBe(
      dueAt - DAY,
    );
    expect(withJoiner.length).toBe(events.length + 3);
  });
});
