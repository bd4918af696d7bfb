import { describe, expect, it } from '@jest/globals';

import { DomainError } from '../errors.js';
import { addCalendarDays, dayNumber, endOfDay, isWeekend, startOfDay } from './days.js';
import { type DayOffKey, HOLIDAY_KEYS } from './holidays.js';
import { type CalendarYear, WorkingDayCalendar } from './working-day-calendar.js';

type Spec = Partial<Record<DayOffKey, string[]>>;

/** Every day from `first` to `last`, both included. */
function days(first: string, last = first): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

/** A year's notice from days off and make-up days, grouped by holiday. */
function notice(year: number, off: Spec, makeup: Spec = {}): CalendarYear {
  const entries = (spec: Spec) =>
    Object.entries(spec).flatMap(([holiday, dates]) =>
      dates.map((date) => ({ date, holiday: holiday as DayOffKey })),
    );
  return { year, holidays: entries(off), makeupWorkdays: entries(makeup), source: 'chinese-days' };
}

// The State Council's notices, as the chinese-days data carries them.
const Y2018 = notice(
  2018,
  {
    new_year: ['2018-01-01'],
    spring_festival: days('2018-02-15', '2018-02-21'),
    qingming: days('2018-04-05', '2018-04-07'),
    labour_day: days('2018-04-29', '2018-05-01'),
    dragon_boat: ['2018-06-18'],
    mid_autumn: ['2018-09-24'],
    national_day: days('2018-10-01', '2018-10-07'),
  },
  {
    spring_festival: ['2018-02-11', '2018-02-24'],
    qingming: ['2018-04-08'],
    labour_day: ['2018-04-28'],
    national_day: ['2018-09-29', '2018-09-30'],
  },
);
/** The 2019 notice: New Year's break from 2018-12-30, and Saturday 2018-12-29 worked. */
const Y2019 = notice(
  2019,
  {
    new_year: days('2018-12-30', '2019-01-01'),
    spring_festival: days('2019-02-04', '2019-02-10'),
    qingming: days('2019-04-05', '2019-04-07'),
    labour_day: days('2019-05-01', '2019-05-04'),
    dragon_boat: days('2019-06-07', '2019-06-09'),
    mid_autumn: days('2019-09-13', '2019-09-15'),
    national_day: days('2019-10-01', '2019-10-07'),
  },
  {
    new_year: ['2018-12-29'],
    spring_festival: ['2019-02-02', '2019-02-03'],
    labour_day: ['2019-04-28', '2019-05-05'],
    national_day: ['2019-09-29', '2019-10-12'],
  },
);
/** 2025: 中秋节 (10-06) falls inside the National Day break. */
const Y2025 = notice(
  2025,
  {
    new_year: ['2025-01-01'],
    spring_festival: days('2025-01-28', '2025-02-04'),
    qingming: days('2025-04-04', '2025-04-06'),
    labour_day: days('2025-05-01', '2025-05-05'),
    dragon_boat: days('2025-05-31', '2025-06-02'),
    national_day: [...days('2025-10-01', '2025-10-05'), '2025-10-07', '2025-10-08'],
    mid_autumn: ['2025-10-06'],
  },
  {
    spring_festival: ['2025-01-26', '2025-02-08'],
    labour_day: ['2025-04-27'],
    national_day: ['2025-09-28', '2025-10-11'],
  },
);
/** 2026: a nine-day Spring Festival with make-up Saturdays 02-14 and 02-28. */
const Y2026 = notice(
  2026,
  {
    new_year: days('2026-01-01', '2026-01-03'),
    spring_festival: days('2026-02-15', '2026-02-23'),
    qingming: days('2026-04-04', '2026-04-06'),
    labour_day: days('2026-05-01', '2026-05-05'),
    dragon_boat: days('2026-06-19', '2026-06-21'),
    mid_autumn: days('2026-09-25', '2026-09-27'),
    national_day: days('2026-10-01', '2026-10-07'),
  },
  {
    new_year: ['2026-01-04'],
    spring_festival: ['2026-02-14', '2026-02-28'],
    labour_day: ['2026-05-09'],
    national_day: ['2026-09-20', '2026-10-10'],
  },
);
/** 2015: a one-off day off on 09-03/04 (70th anniversary), Sunday 09-06 worked. */
const Y2015 = notice(
  2015,
  {
    new_year: days('2015-01-01', '2015-01-03'),
    spring_festival: days('2015-02-18', '2015-02-24'),
    special: ['2015-09-03', '2015-09-04'],
    national_day: days('2015-10-01', '2015-10-07'),
  },
  { special: ['2015-09-06'], spring_festival: ['2015-02-15', '2015-02-28'] },
);

const calendar = new WorkingDayCalendar([Y2026, Y2019, Y2025, Y2018, Y2015]);

describe('WorkingDayCalendar: which days are working days', () => {
  it('works Monday to Friday and rests at weekends in an ordinary week', () => {
    expect(days('2026-03-09', '2026-03-15').map((d) => calendar.isWorkingDay(d))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('follows 2026’s Spring Festival: Saturday 02-14 worked, 02-15 to 02-23 off, Saturday 02-28 worked', () => {
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 调休上班
    for (const d of days('2026-02-15', '2026-02-23')) expect(calendar.isWorkingDay(d)).toBe(false);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true); // Saturday, 调休上班
    expect(calendar.isWorkingDay('2026-03-01')).toBe(false); // the Sunday after stays off
    expect(calendar.holidayOn('2026-02-16')).toBe('spring_festival');
    expect(calendar.holidayOn('2026-03-01')).toBeNull(); // a weekend is not a holiday
    expect(calendar.makeupFor('2026-02-28')).toBe('spring_festival');
    expect(calendar.makeupFor('2026-02-27')).toBeNull();
  });

  it('counts 248 working days in 2026: 365 days less 104 weekend days and 13 holidays', () => {
    const working = days('2026-01-01', '2026-12-31').filter((d) => calendar.isWorkingDay(d));
    expect(working).toHaveLength(248);
  });

  it('counts a one-off special day off like any other, and its make-up Sunday', () => {
    expect(calendar.isWorkingDay('2015-09-03')).toBe(false);
    expect(calendar.isWorkingDay('2015-09-04')).toBe(false);
    expect(calendar.isWorkingDay('2015-09-06')).toBe(true);
    expect(calendar.holidayOn('2015-09-03')).toBe('special');
  });

  it('computes a year without data on weekends alone and never invents its holidays', () => {
    expect(calendar.hasYear(2027)).toBe(false);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true); // a Friday; no notice for 2027 yet
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2027-10-01')).toBe(true);
    expect(calendar.holidays(2027)).toEqual([]);
    expect(calendar.holidayOn('2027-10-01')).toBeNull();
  });

  it('knows which years it has', () => {
    expect(calendar.years()).toEqual([2015, 2018, 2019, 2025, 2026]);
    expect(calendar.hasYear(2026)).toBe(true);
    expect(new WorkingDayCalendar([]).isWorkingDay('2026-02-16')).toBe(true);
  });

  it('refuses a day that does not exist', () => {
    expect(() => calendar.isWorkingDay('2026-02-29')).toThrow(DomainError);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  const add = (date: string, n: number) => calendar.addWorkingDays(date, n);

  it('counts forward from the day after, across 2026’s Spring Festival and its make-up Saturdays', () => {
    expect(add('2026-02-13', 1)).toEqual({ date: '2026-02-14', missingYears: [] });
    expect(add('2026-02-14', 1).date).toBe('2026-02-24');
    expect(add('2026-02-12', 3).date).toBe('2026-02-24'); // 02-13, Saturday 02-14, 02-24
    expect(add('2026-02-24', 4).date).toBe('2026-02-28'); // the make-up Saturday counts
    expect(add('2026-02-24', 5).date).toBe('2026-03-02');
  });

  it('counts from a day off as from any other day', () => {
    expect(add('2026-02-15', 1).date).toBe('2026-02-24');
    expect(add('2026-02-21', -1).date).toBe('2026-02-14');
    expect(add('2026-03-01', 1).date).toBe('2026-03-02');
  });

  it('counts backward from the day before', () => {
    expect(add('2026-02-24', -1).date).toBe('2026-02-14');
    expect(add('2026-02-24', -2).date).toBe('2026-02-13');
    expect(add('2026-03-02', -1).date).toBe('2026-02-28');
  });

  it('crosses a year end: 2026 opens with three days off and a make-up Sunday', () => {
    expect(add('2025-12-31', 1)).toEqual({ date: '2026-01-04', missingYears: [] });
    expect(add('2026-01-04', -1)).toEqual({ date: '2025-12-31', missingYears: [] });
  });

  it('follows a New Year break that begins in December (the 2019 notice)', () => {
    expect(add('2018-12-28', 1).date).toBe('2018-12-29'); // Saturday worked
    expect(add('2018-12-29', 1).date).toBe('2019-01-02');
    expect(add('2019-01-02', -1).date).toBe('2018-12-29');
    // Without the 2018 notice, 2018's days are weekend-only but the 2019 notice still applies.
    const only2019 = new WorkingDayCalendar([Y2019]);
    expect(only2019.addWorkingDays('2018-12-28', 2)).toEqual({
      date: '2019-01-02',
      missingYears: [2018],
    });
  });

  it('flags each year without data that it counts over, in order', () => {
    expect(add('2026-12-31', 1)).toEqual({ date: '2027-01-01', missingYears: [2027] });
    // 2027 has 261 weekdays, 2028 has 260 (both computed on weekends alone).
    expect(add('2026-12-31', 521)).toEqual({ date: '2028-12-29', missingYears: [2027, 2028] });
    expect(add('2027-01-04', -2)).toEqual({ date: '2026-12-31', missingYears: [2027] });
    expect(add('2026-01-05', -3)).toEqual({ date: '2025-12-30', missingYears: [] });
    expect(new WorkingDayCalendar([Y2026]).addWorkingDays('2026-01-05', -3)).toEqual({
      date: '2025-12-30',
      missingYears: [2025],
    });
  });

  it('ignores the year of the start day itself: only days counted over matter', () => {
    expect(add('2027-12-31', -1).missingYears).toEqual([2027]);
    expect(add('2024-12-31', 1)).toEqual({ date: '2025-01-02', missingYears: [] });
  });

  it('walks long spans: the last working day of 2026 is 248 working days after 2025-12-31', () => {
    expect(add('2025-12-31', 248)).toEqual({ date: '2026-12-31', missingYears: [] });
    expect(add('2027-01-01', -248)).toEqual({ date: '2026-01-04', missingYears: [] });
    // The longest step allowed: about 40 years, every year after 2026 flagged.
    const far = add('2025-01-01', 10_000);
    const lastYear = Number(far.date.slice(0, 4));
    expect(lastYear).toBeGreaterThan(2060);
    expect(far.missingYears).toEqual(Array.from({ length: lastYear - 2026 }, (_, i) => 2027 + i));
    expect(calendar.isWorkingDay(far.date)).toBe(true);
  });

  it('lands only on working days, and undoes itself with the opposite count', () => {
    for (const date of days('2025-12-01', '2026-03-15').filter((d) => calendar.isWorkingDay(d))) {
      for (const n of [1, 2, 5, 10, 22]) {
        const forward = add(date, n).date;
        expect(calendar.isWorkingDay(forward)).toBe(true);
        expect(add(forward, -n).date).toBe(date);
      }
    }
  });

  it.each([0, 0.5, -1.5, Number.NaN, Number.POSITIVE_INFINITY, 10_001, -10_001])(
    'refuses %p working days (0 names no day: say 1 for the next working day)',
    (n) => {
      expect(() => add('2026-02-13', n)).toThrow(DomainError);
    },
  );

  it('refuses a start that is not a day', () => {
    expect(() => add('2026-02-30', 1)).toThrow(DomainError);
  });
});

describe('WorkingDayCalendar.holidays', () => {
  it('lists 2026’s seven breaks in order, first and last day, with both names', () => {
    expect(calendar.holidays(2026)).toEqual([
      {
        key: 'new_year',
        firstDay: '2026-01-01',
        lastDay: '2026-01-03',
        name: { 'zh-CN': '元旦', en: "New Year's Day" },
      },
      {
        key: 'spring_festival',
        firstDay: '2026-02-15',
        lastDay: '2026-02-23',
        name: { 'zh-CN': '春节', en: 'Spring Festival' },
      },
      {
        key: 'qingming',
        firstDay: '2026-04-04',
        lastDay: '2026-04-06',
        name: { 'zh-CN': '清明节', en: 'Qingming Festival' },
      },
      {
        key: 'labour_day',
        firstDay: '2026-05-01',
        lastDay: '2026-05-05',
        name: { 'zh-CN': '劳动节', en: 'Labour Day' },
      },
      {
        key: 'dragon_boat',
        firstDay: '2026-06-19',
        lastDay: '2026-06-21',
        name: { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
      },
      {
        key: 'mid_autumn',
        firstDay: '2026-09-25',
        lastDay: '2026-09-27',
        name: { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival' },
      },
      {
        key: 'national_day',
        firstDay: '2026-10-01',
        lastDay: '2026-10-07',
        name: { 'zh-CN': '国庆节', en: 'National Day' },
      },
    ]);
    expect(calendar.holidays(2026).map((p) => p.key)).toEqual([...HOLIDAY_KEYS]);
  });

  it('gives a holiday that shares a break the whole break (中秋节 inside 国庆节, 2025)', () => {
    const shared = calendar
      .holidays(2025)
      .filter((p) => p.key === 'mid_autumn' || p.key === 'national_day')
      .map(({ key, firstDay, lastDay }) => ({ key, firstDay, lastDay }));
    expect(shared).toEqual([
      { key: 'mid_autumn', firstDay: '2025-10-01', lastDay: '2025-10-08' },
      { key: 'national_day', firstDay: '2025-10-01', lastDay: '2025-10-08' },
    ]);
  });

  it('puts a New Year break beginning in December under the year it welcomes', () => {
    expect(calendar.holidays(2019)[0]).toMatchObject({
      key: 'new_year',
      firstDay: '2018-12-30',
      lastDay: '2019-01-01',
    });
    expect(calendar.holidays(2018).filter((p) => p.key === 'new_year')).toMatchObject([
      { firstDay: '2018-01-01', lastDay: '2018-01-01' },
    ]);
  });

  it('leaves special days off out of the seven holidays, and lists them on request', () => {
    expect(calendar.holidays(2015).map((p) => p.key)).toEqual([
      'new_year',
      'spring_festival',
      'national_day',
    ]);
    expect(calendar.holidayPeriods(2015).map((p) => p.key)).toEqual([
      'new_year',
      'spring_festival',
      'special',
      'national_day',
    ]);
    expect(calendar.holidayPeriods(2015)[2]).toMatchObject({
      firstDay: '2015-09-03',
      lastDay: '2015-09-04',
      name: { 'zh-CN': '特别假日', en: 'Special public holiday' },
    });
  });

  it('gives the reminder day of each break: 3 working days before its first day', () => {
    const reminders = calendar
      .holidays(2026)
      .map((p) => [p.key, calendar.addWorkingDays(p.firstDay, -3).date]);
    expect(Object.fromEntries(reminders)).toEqual({
      new_year: '2025-12-29',
      spring_festival: '2026-02-12', // 02-14 is a make-up Saturday and counts
      qingming: '2026-04-01',
      labour_day: '2026-04-28',
      dragon_boat: '2026-06-16',
      mid_autumn: '2026-09-22',
      national_day: '2026-09-28',
    });
  });
});

describe('WorkingDayCalendar: building one', () => {
  it('refuses the same year twice', () => {
    expect(() => new WorkingDayCalendar([Y2026, { ...Y2026, source: 'admin' }])).toThrow(
      /2026 is given twice/,
    );
  });

  it('refuses a year listing a day both off and worked', () => {
    const broken = notice(2026, { labour_day: ['2026-05-09'] }, { labour_day: ['2026-05-09'] });
    expect(() => new WorkingDayCalendar([broken])).toThrow(DomainError);
  });

  it('refuses a date that does not exist', () => {
    expect(() => new WorkingDayCalendar([notice(2026, { new_year: ['2026-02-30'] })])).toThrow(
      DomainError,
    );
  });

  it('takes the later notice’s word for a day two notices list', () => {
    const earlier = notice(2030, { national_day: days('2030-10-01', '2030-10-07') });
    // A (made-up) 2031 notice starting the New Year break on Monday 2030-12-30.
    const later = notice(2031, { new_year: days('2030-12-30', '2031-01-01') });
    const both = new WorkingDayCalendar([later, earlier]);
    expect(both.isWorkingDay('2030-12-30')).toBe(false);
    expect(both.holidayOn('2030-12-31')).toBe('new_year');
  });

  it('has the Asia/Shanghai day helpers the engine arms timers with', () => {
    expect(WorkingDayCalendar.dayOf(Date.parse('2026-02-13T23:30:00+08:00'))).toBe('2026-02-13');
    expect(WorkingDayCalendar.dayOf(Date.parse('2026-02-13T16:30:00Z'))).toBe('2026-02-14');
    expect(WorkingDayCalendar.startOfDay('2026-02-24')).toBe(startOfDay('2026-02-24'));
    expect(WorkingDayCalendar.endOfDay('2026-02-24')).toBe(endOfDay('2026-02-24'));
    // A deadline "3 working days from Thursday 2026-02-12, 16:00": the end of 2026-02-24.
    const from = WorkingDayCalendar.dayOf(Date.parse('2026-02-12T16:00:00+08:00'));
    const due = WorkingDayCalendar.endOfDay(calendar.addWorkingDays(from, 3).date);
    expect(new Date(due).toISOString()).toBe('2026-02-24T16:00:00.000Z');
  });

  it('is consistent with weekends on every weekday-only day of the data range', () => {
    for (const d of days('2026-01-01', '2026-12-31')) {
      if (calendar.holidayOn(d) || calendar.makeupFor(d)) continue;
      expect(calendar.isWorkingDay(d)).toBe(!isWeekend(d));
    }
    expect(dayNumber('2026-01-01')).toBeLessThan(dayNumber('2026-12-31'));
  });
});
