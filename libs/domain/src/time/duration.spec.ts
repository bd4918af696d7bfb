import { describe, expect, it } from '@jest/globals';

import { dayOf, startOfDay } from '../calendar/days.js';
import { addDuration, deadlineOfDay, parseDuration, toShanghaiIso } from './duration.js';

const at = (iso: string) => Date.parse(iso);

describe('ISO-8601 durations in Asia/Shanghai', () => {
  it('parses the units plans use and refuses what is not a duration', () => {
    expect(parseDuration('P1M')).toMatchObject({ months: 1, days: 0 });
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    for (const bad of ['', 'P', 'PT', '1M', 'P1.5D', 'P-1D', 'P1DT', 'p1d', 'P99999999D'])
      expect(parseDuration(bad)).toBeNull();
  });

  it('adds months on the Shanghai calendar, clamping to the month end', () => {
    // 31 January 10:00 in Shanghai, plus a month: the last day of February.
    expect(toShanghaiIso(addDuration(at('2027-01-31T10:00:00+08:00'), 'P1M'))).toBe(
      '2027-02-28T10:00:00.000+08:00',
    );
    expect(toShanghaiIso(addDuration(at('2028-01-31T10:00:00+08:00'), 'P1M'))).toBe(
      '2028-02-29T10:00:00.000+08:00',
    );
    // Midnight on 1 December Shanghai time is still 30 November in UTC: the local month counts.
    expect(toShanghaiIso(addDuration(at('2026-12-01T00:00:00+08:00'), 'P1M'))).toBe(
      '2027-01-01T00:00:00.000+08:00',
    );
    expect(toShanghaiIso(addDuration(at('2026-12-01T00:00:00+08:00'), 'P1Y'))).toBe(
      '2027-12-01T00:00:00.000+08:00',
    );
  });

  it('moves days, weeks and hours by fixed amounts, forwards and backwards', () => {
    const t = at('2027-03-10T09:00:00+08:00');
    expect(addDuration(t, 'P3D') - t).toBe(3 * 86_400_000);
    expect(addDuration(t, 'P2W') - t).toBe(14 * 86_400_000);
    expect(addDuration(t, 'PT90M') - t).toBe(90 * 60_000);
    expect(addDuration(t, 'P1D', -1)).toBe(t - 86_400_000);
    expect(toShanghaiIso(addDuration(t, 'P1M', -1))).toBe('2027-02-10T09:00:00.000+08:00');
  });

  it('puts a deadline on a day at its last instant, so it reads as that day', () => {
    // 23:30 UTC on 31 December is already 1 January in Shanghai.
    expect(dayOf(at('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(toShanghaiIso(startOfDay('2027-01-01'))).toBe('2027-01-01T00:00:00.000+08:00');
    expect(toShanghaiIso(deadlineOfDay('2027-01-01'))).toBe('2027-01-01T23:59:59.999+08:00');
  });
});
