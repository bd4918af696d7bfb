import { describe, expect, it } from '@jest/globals';

import { DomainError } from '../errors.js';
import {
  addCalendarDays,
  DAY_MS,
  dayNumber,
  dayOf,
  dayOfWeek,
  endOfDay,
  fromDayNumber,
  isCalendarDate,
  isWeekend,
  startOfDay,
  yearOf,
} from './days.js';

/** An instant written with its offset, as people read it. */
const at = (iso: string) => Date.parse(iso);

describe('calendar days', () => {
  it.each([
    ['2026-02-14', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-5', false],
    ['2026-01-05T00:00:00Z', false],
    [' 2026-01-05', false],
    ['0050-01-01', false],
    ['', false],
  ])('%p is a real YYYY-MM-DD day: %p', (value, real) => {
    expect(isCalendarDate(value)).toBe(real);
  });

  it('refuses what is not a string', () => {
    expect(isCalendarDate(20260214)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
    expect(() => dayNumber(undefined as unknown as string)).toThrow(DomainError);
  });

  it('numbers days from 1970-01-01 both ways, and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1969-12-31')).toBe(-1);
    for (const date of ['2000-02-29', '2026-02-14', '2099-12-31', '1969-07-20']) {
      expect(fromDayNumber(dayNumber(date))).toBe(date);
    }
  });

  it('adds calendar days across month, leap-day and year ends', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addCalendarDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('gives ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(dayOfWeek('2026-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-02-14')).toBe(6); // Saturday, a make-up working day
    expect(dayOfWeek('2026-02-15')).toBe(7);
    expect(dayOfWeek('2026-02-16')).toBe(1);
    expect(dayOfWeek('1969-12-31')).toBe(3); // before the epoch too
    expect(isWeekend('2026-02-14')).toBe(true);
    expect(isWeekend('2026-02-13')).toBe(false);
    expect(yearOf('2026-12-31')).toBe(2026);
  });

  it('finds the Asia/Shanghai day of an instant, turning at midnight +08:00', () => {
    expect(dayOf(at('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
    expect(dayOf(at('2026-01-01T00:00:00+08:00') - 1)).toBe('2025-12-31');
    expect(dayOf(at('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(dayOf(at('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(dayOf(at('2026-07-01T23:59:59+08:00'))).toBe('2026-07-01');
    expect(() => dayOf(Number.NaN)).toThrow(DomainError);
  });

  it('starts a day at 00:00 +08:00 and ends it at the next 00:00 (exclusive)', () => {
    expect(startOfDay('2026-02-15')).toBe(at('2026-02-15T00:00:00+08:00'));
    expect(endOfDay('2026-02-15')).toBe(at('2026-02-16T00:00:00+08:00'));
    expect(endOfDay('2026-12-31')).toBe(startOfDay('2027-01-01'));
    expect(endOfDay('2026-02-15') - startOfDay('2026-02-15')).toBe(DAY_MS);
    // Every instant of the day maps back to it; the end belongs to the next day.
    expect(dayOf(startOfDay('2026-02-15'))).toBe('2026-02-15');
    expect(dayOf(endOfDay('2026-02-15') - 1)).toBe('2026-02-15');
    expect(dayOf(endOfDay('2026-02-15'))).toBe('2026-02-16');
  });

  it('refuses a day that does not exist', () => {
    expect(() => startOfDay('2026-02-30')).toThrow(DomainError);
    expect(() => endOfDay('tomorrow')).toThrow(/not a YYYY-MM-DD date/);
  });
});
