import type { Violation } from '../errors.js';
import { dayNumber, isCalendarDate, isWeekend } from './days.js';
import { DAY_OFF_KEYS, isDayOffKey } from './holidays.js';

/** Years a calendar may be kept for: wide enough for any campaign, narrow enough to catch typos. */
export const CALENDAR_YEAR_MIN = 2000;
export const CALENDAR_YEAR_MAX = 2100;

export function isCalendarYearInRange(year: unknown): year is number {
  return (
    typeof year === 'number' &&
    Number.isInteger(year) &&
    year >= CALENDAR_YEAR_MIN &&
    year <= CALENDAR_YEAR_MAX
  );
}

/** A year's data as a person enters it: the notice's days off and make-up working days. */
export interface CalendarYearInput {
  holidays: ReadonlyArray<{ date: string; holiday: string }>;
  makeupWorkdays: ReadonlyArray<{ date: string; holiday: string }>;
}

/**
 * The rules a year's data must keep, all reported at once with the path of each offending
 * field (`holidays.3.date`): every date real and inside the year (the New Year break and its
 * make-up days may start in the December before, as the notices give it), every holiday known,
 * no date listed twice, no date both a day off and a make-up working day, make-up days on
 * weekends only (a weekday is a working day already), and each make-up day for a holiday the
 * year has.
 */
export function checkCalendarYear(year: number, input: CalendarYearInput): Violation[] {
  const violations: Violation[] = [];
  if (!isCalendarYearInRange(year)) {
    violations.push({
      field: 'year',
      rule: 'year_out_of_range',
      message: `a calendar year lies between ${CALENDAR_YEAR_MIN} and ${CALENDAR_YEAR_MAX}, got ${String(year)}`,
    });
    return violations;
  }
  const firstDay = dayNumber(`${year}-01-01`);
  const lastDay = dayNumber(`${year}-12-31`);
  const newYearFrom = dayNumber(`${year - 1}-12-01`);
  const daysOff = new Set<string>();
  const holidaysHad = new Set<string>();

  const checkList = (list: 'holidays' | 'makeupWorkdays') => {
    const seen = new Set<string>();
    input[list].forEach((day, i) => {
      const at = `${list}.${i}`;
      if (!isDayOffKey(day.holiday)) {
        violations.push({
          field: `${at}.holiday`,
          rule: 'unknown_holiday',
          message: `${String(day.holiday)} is not one of ${DAY_OFF_KEYS.join(', ')}`,
        });
      }
      if (!isCalendarDate(day.date)) {
        violations.push({
          field: `${at}.date`,
          rule: 'not_a_date',
          message: `${String(day.date)} is not a real YYYY-MM-DD date`,
        });
        return;
      }
      const n = dayNumber(day.date);
      const inYear = n >= firstDay && n <= lastDay;
      const newYearEve = day.holiday === 'new_year' && n >= newYearFrom && n < firstDay;
      if (!inYear && !newYearEve) {
        violations.push({
          field: `${at}.date`,
          rule: 'outside_year',
          message: `${day.date} is not in ${year} (only the New Year break may begin in December ${year - 1})`,
        });
      }
      if (seen.has(day.date)) {
        violations.push({
          field: `${at}.date`,
          rule: 'duplicate_date',
          message: `${day.date} is listed twice`,
        });
      }
      seen.add(day.date);
      if (list === 'holidays') {
        daysOff.add(day.date);
        holidaysHad.add(day.holiday);
        return;
      }
      if (daysOff.has(day.date)) {
        violations.push({
          field: `${at}.date`,
          rule: 'holiday_and_makeup',
          message: `${day.date} cannot be both a day off and a make-up working day`,
        });
      }
      if (!isWeekend(day.date)) {
        violations.push({
          field: `${at}.date`,
          rule: 'makeup_not_weekend',
          message: `${day.date} is a weekday, a working day already: make-up days fall on weekends`,
        });
      }
      if (isDayOffKey(day.holiday) && !holidaysHad.has(day.holiday)) {
        violations.push({
          field: `${at}.holiday`,
          rule: 'makeup_without_holiday',
          message: `${day.date} makes up for ${day.holiday}, which has no day off in ${year}`,
        });
      }
    });
  };
  checkList('holidays');
  checkList('makeupWorkdays');
  return violations;
}
