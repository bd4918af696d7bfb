import { describe, expect, it } from '@jest/globals';

import { addDuration } from '../time/duration.js';
import {
  ITEM_TIMER_SPREAD_MS,
  itemSpreadMs,
  nextItemTimers,
  scaleDuration,
} from './item-schedule.js';
import { assignedItem, at, ctx, show } from './test/item-kit.js';

describe('the per-item spread', () => {
  it('is the same for the same id everywhere, and within the first hour', () => {
    expect(itemSpreadMs('item-1')).toBe(itemSpreadMs('item-1'));
    expect(itemSpreadMs('item-1')).not.toBe(itemSpreadMs('item-2'));
    for (const id of ['', 'a', '问题-001', 'f47ac10b-58cc-4372-a567-0e02b2c3d479']) {
      expect(itemSpreadMs(id)).toBeGreaterThanOrEqual(0);
      expect(itemSpreadMs(id)).toBeLessThan(ITEM_TIMER_SPREAD_MS);
    }
  });

  it('keeps 5,000 items imported together from firing their monthly checks in the same second', () => {
    const assignedAt = at('2026-03-02 11:00');
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 5000; i++) {
      const itemId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const { state } = assignedItem({ deadline: '2026-09-30' }, { assignedAt, itemId });
      const check = nextItemTimers(state, ctx.policy, ctx.calendar)[0];
      expect(check.kind).toBe('window_check');
      const second = Math.floor(check.at / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Spread over the hour (3,600 seconds): about 1.4 a second, never a burst.
    expect(perSecond.size).toBeGreaterThan(2500);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(10);
  });
});

describe('review windows', () => {
  it('scales the cadence so month ends do not drift', () => {
    const jan31 = at('2026-01-31 10:00');
    expect(show(addDuration(jan31, scaleDuration('P1M', 1)))).toBe('2026-02-28 10:00');
    expect(show(addDuration(jan31, scaleDuration('P1M', 2)))).toBe('2026-03-31 10:00');
    expect(scaleDuration('P1M2DT3H', 3)).toMatchObject({ months: 3, days: 6, hours: 9 });
    expect(() => scaleDuration('monthly', 2)).toThrow(RangeError);
  });
});
