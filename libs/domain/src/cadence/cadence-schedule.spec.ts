import { describe, expect, it } from '@jest/globals';

import {
  cadenceKey,
  cadenceOwed,
  cadencePeriodLabel,
  cadenceSchedule,
} from './cadence-schedule.js';

const at = (iso: string) => Date.parse(iso);
const rows = (startsAt: string, endsAt: string) =>
  cadenceSchedule(at(startsAt), at(endsAt)).map((p) => [
    cadenceKey(p),
    new Date(p.from).toISOString(),
    new Date(p.to).toISOString(),
  ]);

describe('cadenceSchedule', () => {
  it('dates a dispatch for every month and a bulletin for every quarter of 教育整顿, in order', () => {
    // The README's example: study in December, through consolidation ending 1 May 2027.
    expect(rows('2026-12-01T00:00:00+08:00', '2027-05-01T00:00:00+08:00')).toEqual([
      ['dispatch:2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
      ['bulletin:2026-Q4', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
      ['dispatch:2027-01', '2026-12-31T16:00:00.000Z', '2027-01-31T16:00:00.000Z'],
      ['dispatch:2027-02', '2027-01-31T16:00:00.000Z', '2027-02-28T16:00:00.000Z'],
      ['dispatch:2027-03', '2027-02-28T16:00:00.000Z', '2027-03-31T16:00:00.000Z'],
      ['bulletin:2027-Q1', '2026-12-31T16:00:00.000Z', '2027-03-31T16:00:00.000Z'],
      // The campaign ends with April: its quarter's bulletin is due with it.
      ['dispatch:2027-04', '2027-03-31T16:00:00.000Z', '2027-04-30T16:00:00.000Z'],
      ['bulletin:2027-Q2', '2027-03-31T16:00:00.000Z', '2027-04-30T16:00:00.000Z'],
    ]);
  });

  it('uses China time: a month begins at 00:00 +08:00, not at midnight UTC', () => {
    // 23:30 UTC on 31 January is already 1 February in Shanghai.
    const [first] = cadenceSchedule(at('2027-01-31T23:30:00Z'), at('2027-03-15T00:00:00+08:00'));
    expect(first).toMatchObject({ kind: 'dispatch', period: '2027-02' });
    expect(first.from).toBe(at('2027-01-31T23:30:00Z'));
    expect(first.to).toBe(at('2027-03-01T00:00:00+08:00'));
  });

  it('clips the first and last periods to the campaign and is due when each ends', () => {
    const schedule = cadenceSchedule(
      at('2027-02-10T09:00:00+08:00'),
      at('2027-08-20T00:00:00+08:00'),
    );
    expect(schedule.map(cadenceKey)).toEqual([
      'dispatch:2027-02',
      'dispatch:2027-03',
      'bulletin:2027-Q1',
      'dispatch:2027-04',
      'dispatch:2027-05',
      'dispatch:2027-06',
      'bulletin:2027-Q2',
      'dispatch:2027-07',
      'dispatch:2027-08',
      'bulletin:2027-Q3',
    ]);
    const q1 = schedule.find((p) => p.period === '2027-Q1')!;
    expect([q1.from, q1.to]).toEqual([
      at('2027-02-10T09:00:00+08:00'),
      at('2027-04-01T00:00:00+08:00'),
    ]);
    const last = schedule.at(-1)!;
    expect([last.from, last.to, last.dueAt]).toEqual([
      at('2027-07-01T00:00:00+08:00'),
      at('2027-08-20T00:00:00+08:00'),
      at('2027-08-20T00:00:00+08:00'),
    ]);
    for (const p of schedule) expect(p.dueAt).toBe(p.to);
    // Due in order, never backwards; every period once.
    const dues = schedule.map((p) => p.dueAt);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    expect(new Set(schedule.map(cadenceKey)).size).toBe(schedule.length);
  });

  it('covers a year across the new year, and a campaign inside one month', () => {
    const year = cadenceSchedule(at('2026-11-15T00:00:00+08:00'), at('2027-11-15T00:00:00+08:00'));
    expect(year.filter((p) => p.kind === 'dispatch')).toHaveLength(13);
    expect(year.filter((p) => p.kind === 'bulletin').map((p) => p.period)).toEqual([
      '2026-Q4',
      '2027-Q1',
      '2027-Q2',
      '2027-Q3',
      '2027-Q4',
    ]);
    expect(rows('2027-05-03T00:00:00+08:00', '2027-05-20T00:00:00+08:00').map(([k]) => k)).toEqual([
      'dispatch:2027-05',
      'bulletin:2027-Q2',
    ]);
  });

  it('is empty for a campaign without duration', () => {
    expect(cadenceSchedule(at('2027-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(cadenceSchedule(Number.NaN, 0)).toEqual([]);
  });
});

describe('the half-year analysis (半年分析, 年中查账)', () => {
  it('closes June, December and the campaign after that instant’s bulletin, only when asked', () => {
    const starts = at('2027-03-01T00:00:00+08:00');
    const ends = at('2028-02-15T00:00:00+08:00');
    const analyses = cadenceSchedule(starts, ends, { halfYear: true }).filter(
      (p) => p.kind === 'analysis',
    );
    expect(
      analyses.map((p) => [p.period, new Date(p.from).toISOString(), new Date(p.to).toISOString()]),
    ).toEqual([
      ['2027-H1', '2027-02-28T16:00:00.000Z', '2027-06-30T16:00:00.000Z'],
      ['2027-H2', '2027-06-30T16:00:00.000Z', '2027-12-31T16:00:00.000Z'],
      ['2028-H1', '2027-12-31T16:00:00.000Z', '2028-02-14T16:00:00.000Z'],
    ]);
    const june = cadenceSchedule(starts, ends, { halfYear: true })
      .filter((p) => p.to === at('2027-07-01T00:00:00+08:00'))
      .map(cadenceKey);
    expect(june).toEqual(['dispatch:2027-06', 'bulletin:2027-Q2', 'analysis:2027-H1']);
    // A cadence launched before it existed keeps its schedule exactly.
    expect(cadenceSchedule(starts, ends).some((p) => p.kind === 'analysis')).toBe(false);
    expect(cadencePeriodLabel('2027-H1', 'zh-CN')).toBe('2027年上半年');
    expect(cadencePeriodLabel('2027-H2', 'en')).toBe('H2 2027');
  });
});

describe('cadenceOwed', () => {
  it('keeps the order and leaves out what was produced, so a late worker catches up in turn', () => {
    const schedule = cadenceSchedule(
      at('2027-01-01T00:00:00+08:00'),
      at('2027-04-01T00:00:00+08:00'),
    );
    expect(cadenceOwed(schedule, ['dispatch:2027-01']).map(cadenceKey)).toEqual([
      'dispatch:2027-02',
      'dispatch:2027-03',
      'bulletin:2027-Q1',
    ]);
  });
});

describe('cadencePeriodLabel', () => {
  it('names months and quarters as the offices do, and in English', () => {
    expect(cadencePeriodLabel('2027-01', 'zh-CN')).toBe('2027年1月');
    expect(cadencePeriodLabel('2027-12', 'en')).toBe('December 2027');
    expect(cadencePeriodLabel('2027-Q1', 'zh-CN')).toBe('2027年第一季度');
    expect(cadencePeriodLabel('2026-Q4', 'en')).toBe('Q4 2026');
  });
});
