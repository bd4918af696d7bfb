import { describe, expect, it } from '@jest/globals';

import { type CalendarYearInput, checkCalendarYear } from './calendar-year-check.js';

/** A plausible 2027 (test data, not an official notice) that keeps every rule. */
function year2027(changes: Partial<CalendarYearInput> = {}): CalendarYearInput {
  return {
    holidays: [
      { date: '2027-01-01', holiday: 'new_year' },
      { date: '2027-02-06', holiday: 'spring_festival' },
      { date: '2027-02-07', holiday: 'spring_festival' },
      { date: '2027-02-08', holiday: 'spring_festival' },
      { date: '2027-10-01', holiday: 'national_day' },
    ],
    makeupWorkdays: [
      { date: '2027-01-30', holiday: 'spring_festival' },
      { date: '2027-10-09', holiday: 'national_day' },
    ],
    ...changes,
  };
}

const rules = (year: number, input: CalendarYearInput) =>
  checkCalendarYear(year, input).map((v) => `${v.field} ${v.rule}`);

describe('checkCalendarYear', () => {
  it('accepts a year that keeps every rule', () => {
    expect(checkCalendarYear(2027, year2027())).toEqual([]);
  });

  it('accepts a New Year break and its make-up day in the December before (the 2019 notice)', () => {
    expect(
      checkCalendarYear(2019, {
        holidays: [
          { date: '2018-12-30', holiday: 'new_year' },
          { date: '2018-12-31', holiday: 'new_year' },
          { date: '2019-01-01', holiday: 'new_year' },
        ],
        makeupWorkdays: [{ date: '2018-12-29', holiday: 'new_year' }],
      }),
    ).toEqual([]);
  });

  it('refuses a year outside 2000–2100 and says so once', () => {
    expect(rules(1999, year2027())).toEqual(['year year_out_of_range']);
    expect(rules(2101, year2027())).toEqual(['year year_out_of_range']);
    expect(rules(2027.5, year2027())).toEqual(['year year_out_of_range']);
  });

  it('lists every broken rule at once, each with the path of its field', () => {
    const input = year2027({
      holidays: [
        { date: '2027-01-01', holiday: 'new_year' },
        { date: '2027-02-30', holiday: 'spring_festival' },
        { date: '2026-12-31', holiday: 'spring_festival' },
        { date: '2027-01-01', holiday: 'new_year' },
        { date: '2028-10-01', holiday: 'national_day' },
        { date: '2027-05-01', holiday: 'childrens_day' },
        { date: '2027-10-01', holiday: 'national_day' },
      ],
      makeupWorkdays: [
        { date: '2027-10-01', holiday: 'national_day' },
        { date: '2027-10-04', holiday: 'national_day' },
        { date: '2027-10-09', holiday: 'dragon_boat' },
        { date: '2027-10-09', holiday: 'national_day' },
        { date: '2026-11-28', holiday: 'new_year' },
      ],
    });
    expect(rules(2027, input)).toEqual([
      'holidays.1.date not_a_date',
      'holidays.2.date outside_year', // only New Year may begin in December
      'holidays.3.date duplicate_date',
      'holidays.4.date outside_year',
      'holidays.5.holiday unknown_holiday',
      'makeupWorkdays.0.date holiday_and_makeup',
      'makeupWorkdays.0.date makeup_not_weekend', // 2027-10-01 is a Friday
      'makeupWorkdays.1.date makeup_not_weekend', // a Monday
      'makeupWorkdays.2.holiday makeup_without_holiday', // no 端午 day off listed
      'makeupWorkdays.3.date duplicate_date',
      'makeupWorkdays.4.date outside_year', // December only, not November
    ]);
    expect(checkCalendarYear(2027, input)[0]).toMatchObject({
      message: expect.stringContaining('2027-02-30'),
    });
  });

  it('accepts a one-off special day off and its make-up day', () => {
    expect(
      checkCalendarYear(2015, {
        holidays: [
          { date: '2015-09-03', holiday: 'special' },
          { date: '2015-09-04', holiday: 'special' },
        ],
        makeupWorkdays: [{ date: '2015-09-06', holiday: 'special' }],
      }),
    ).toEqual([]);
  });
});
