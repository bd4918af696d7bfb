import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { addCalendarDays, dayOf } from '../calendar/days.js';
import {
  checkEscalationPolicy,
  DEFAULT_ESCALATION_POLICY,
  type EscalationPolicy,
  ladderSchedule,
  supervisionOrderIndex,
  yellowWarningTarget,
} from './escalation.js';
import {
  assignedItem,
  at,
  calendar,
  context,
  runDeciding,
  show,
  TIMER_LADDER,
} from './test/item-kit.js';

describe('the default policy (D5)', () => {
  it('keeps its own rules', () => {
    expect(checkEscalationPolicy(DEFAULT_ESCALATION_POLICY, 'escalation')).toEqual([]);
  });

  it('takes an untouched item from its deadline to accountability in about two months', () => {
    const deadline = at('2026-06-30 23:59');
    const { steps } = ladderSchedule(DEFAULT_ESCALATION_POLICY, deadline, calendar);
    const last = steps.at(-1)!;
    expect(last.rung).toBe('accountability');
    const days = (last.at - deadline) / 86_400_000;
    expect(days).toBeGreaterThan(50);
    expect(days).toBeLessThan(70);
  });
});

describe('counting rules', () => {
  const policy = (n: number, ladder = DEFAULT_ESCALATION_POLICY.ladder): EscalationPolicy => ({
    ...DEFAULT_ESCALATION_POLICY,
    yellowWarningsForSupervisionOrder: n,
    ladder,
  });

  it('names the item in the bulletin on the first yellow warnings, orders supervision on the N-th, then climbs', () => {
    expect([1, 2, 3, 4, 5, 6].map((c) => yellowWarningTarget(policy(2), c))).toEqual([
      0, 1, 2, 3, 4, 4,
    ]);
    expect([1, 2, 3, 4].map((c) => yellowWarningTarget(policy(3), c))).toEqual([0, 0, 1, 2]);
    expect(yellowWarningTarget(policy(1), 1)).toBe(1);
  });

  it('finds the supervision order, or the first rung above it a policy keeps', () => {
    expect(supervisionOrderIndex(DEFAULT_ESCALATION_POLICY)).toBe(1);
    const short = policy(2, [
      { rung: 'bulletin', after: { days: 1 } },
      { rung: 'admonishment_talk', after: { days: 5 } },
      { rung: 'accountability', after: { days: 10 } },
    ]);
    expect(supervisionOrderIndex(short)).toBe(1);
  });
});

/**
 * The forecast dates the ladder with ladderSchedule; the item workflow arms its timers from
 * nextItemTimers. For an item nobody touches, whose deadline comes before its first review
 * window is judged, the two must give the same rungs at the same instants (timers add the
 * item's spread).
 */
describe('ladderSchedule agrees with nextItemTimers for an unprogressed item', () => {
  const agree = (deadlineDay: string, policy: EscalationPolicy, itemId = 'item-1') => {
    const c = context(policy);
    const assignedAt = at('2026-03-02 11:00');
    const { state } = assignedItem({ deadline: deadlineDay }, { c, assignedAt, itemId });
    // Effects, not the timers the loop woke for: timers due at the same instant fire together.
    // A desk decides the moment a proposal reaches it, as the forecast assumes.
    const { effects } = runDeciding(state, at('2027-06-30 00:00'), c);
    const fromTimers = effects.flatMap((e) =>
      e.kind === 'reminder' || e.kind === 'rung'
        ? [{ rung: e.kind === 'rung' ? e.rung : 'reminder', at: e.at - state.spreadMs }]
        : [],
    );
    const forecast = ladderSchedule(policy, state.deadline!, calendar)
      .steps.filter((s) => s.at >= assignedAt)
      .map((s) => ({ rung: s.rung, at: s.at }));
    return { fromTimers, forecast };
  };

  it.each(['2026-03-05', '2026-03-20', '2026-03-31', '2026-04-02'])(
    'for a deadline on %s, the seeds’ decisions taken the day they are proposed, and every rung a notice',
    (day) => {
      for (const policy of [DEFAULT_ESCALATION_POLICY, TIMER_LADDER]) {
        const { fromTimers, forecast } = agree(day, policy);
        expect(fromTimers.map((s) => [s.rung, show(s.at)])).toEqual(
          forecast.map((s) => [s.rung, show(s.at)]),
        );
      }
    },
  );

  it('for any deadline in the first window, any item and any well-formed policy', () => {
    const wait = fc.oneof(
      fc.integer({ min: 0, max: 30 }).map((days) => ({ days })),
      fc.integer({ min: 1, max: 20 }).map((workingDays) => ({ workingDays })),
    );
    const policy = fc
      .record({
        waits: fc.array(wait, { minLength: 5, maxLength: 5 }),
        offsets: fc.subarray(['P14D', 'P7D', 'P3D', 'P1D', 'PT12H']),
      })
      .map(({ waits, offsets }): EscalationPolicy => ({
        ...TIMER_LADDER,
        reminderOffsets: offsets,
        ladder: DEFAULT_ESCALATION_POLICY.ladder.map((s, i) => ({ ...s, after: waits[i] })),
      }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), policy, fc.uuid(), (days, p, itemId) => {
        const day = addCalendarDays(dayOf(at('2026-03-02 11:00')), days);
        const { fromTimers, forecast } = agree(day, p, itemId);
        expect(fromTimers).toEqual(forecast);
      }),
      { numRuns: 100 },
    );
  });
});
