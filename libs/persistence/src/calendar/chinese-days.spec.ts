import {
  addCalendarDays,
  checkCalendarYear,
  type DayOffKey,
  HOLIDAY_KEYS,
  type HolidayKey,
  WorkingDayCalendar,
} from '@campaign/domain';
import { describe, expect, it } from '@jest/globals';

import { chineseDaysCalendar, chineseDaysYears, holidayKeyOf } from './chinese-days.js';

const years = chineseDaysCalendar();
const calendar = new WorkingDayCalendar([...years.values()]);
const YEARS = Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i);

const keysOf = (year: number) => new Set(years.get(year)!.holidays.map((d) => d.holiday));

/** Holidays a year of the package lacks, and why. */
const LACKS: Partial<Record<number, HolidayKey[]>> = {
  // 清明, 端午 and 中秋 became public holidays in 2008.
  2004: ['qingming', 'dragon_boat', 'mid_autumn'],
  2005: ['qingming', 'dragon_boat', 'mid_autumn'],
  2006: ['qingming', 'dragon_boat', 'mid_autumn'],
  2007: ['qingming', 'dragon_boat', 'mid_autumn'],
  // 中秋节 fell on 10-01: the package tags the whole shared break 国庆节.
  2020: ['mid_autumn'],
};

describe('chinese-days 1.5.7 mapped onto the calendar', () => {
  it('carries every year from 2004 to 2026, and nothing else', () => {
    expect([...years.keys()]).toEqual(YEARS);
  });

  it.each(YEARS)('%i has the seven holidays, less those the package lacks', (year) => {
    const lacks = LACKS[year] ?? [];
    const expected = HOLIDAY_KEYS.filter((k) => !lacks.includes(k));
    expect(HOLIDAY_KEYS.filter((k) => keysOf(year).has(k))).toEqual(expected);
    expect(calendar.holidays(year).map((p) => p.key)).toEqual(
      expect.arrayContaining([...expected]),
    );
  });

  it.each(YEARS)('%i keeps every rule an admin’s year must keep', (year) => {
    expect(checkCalendarYear(year, years.get(year)!)).toEqual([]);
  });

  it('maps the one name outside the seven, 2015’s 70th anniversary, to a special day off', () => {
    const special = [...years.values()].flatMap((y) =>
      [...y.holidays, ...y.makeupWorkdays].filter((d) => d.holiday === 'special'),
    );
    expect(special.map((d) => d.date)).toEqual(['2015-09-03', '2015-09-04', '2015-09-06']);
    expect(calendar.isWorkingDay('2015-09-03')).toBe(false);
    expect(calendar.isWorkingDay('2015-09-06')).toBe(true); // a Sunday worked
  });

  it.each<[string, DayOffKey]>([
    ["New Year's Day,元旦,1", 'new_year'],
    ['Spring Festival,春节,4', 'spring_festival'],
    ['Tomb-sweeping Day,清明,1', 'qingming'],
    ['Labour Day,劳动节,3', 'labour_day'],
    ['Dragon Boat Festival,端午,1', 'dragon_boat'],
    ['Mid-autumn Festival,中秋,1', 'mid_autumn'],
    ['National Day,国庆节,3', 'national_day'],
    ['Anti-Fascist 70th Day,中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日,1', 'special'],
  ])('reads %p as %s', (value, key) => {
    expect(holidayKeyOf(value)).toBe(key);
  });

  it('files a New Year break that begins in December under the next year’s notice', () => {
    const y2019 = years.get(2019)!;
    expect(y2019.holidays.filter((d) => d.holiday === 'new_year').map((d) => d.date)).toEqual([
      '2018-12-30',
      '2018-12-31',
      '2019-01-01',
    ]);
    expect(y2019.makeupWorkdays[0]).toEqual({ date: '2018-12-29', holiday: 'new_year' });
    expect(years.get(2018)!.holidays.some((d) => d.date >= '2018-12-01')).toBe(false);
    expect(calendar.holidays(2008)[0]).toMatchObject({
      key: 'new_year',
      firstDay: '2007-12-30',
      lastDay: '2008-01-01',
    });
  });

  it('gives 2026’s Spring Festival: 02-15 to 02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    expect(calendar.holidays(2026).find((p) => p.key === 'spring_festival')).toEqual({
      key: 'spring_festival',
      firstDay: '2026-02-15',
      lastDay: '2026-02-23',
      name: { 'zh-CN': '春节', en: 'Spring Festival' },
    });
    expect(years.get(2026)!.makeupWorkdays).toEqual(
      expect.arrayContaining([
        { date: '2026-02-14', holiday: 'spring_festival' },
        { date: '2026-02-28', holiday: 'spring_festival' },
      ]),
    );
    expect(calendar.addWorkingDays('2026-02-13', 2).date).toBe('2026-02-24');
  });

  it('joins 中秋节 and 国庆节 where they share a break (2023: 09-29 to 10-06)', () => {
    const shared = calendar
      .holidays(2023)
      .filter((p) => p.key === 'mid_autumn' || p.key === 'national_day');
    expect(shared.map((p) => [p.key, p.firstDay, p.lastDay])).toEqual([
      ['mid_autumn', '2023-09-29', '2023-10-06'],
      ['national_day', '2023-09-29', '2023-10-06'],
    ]);
  });

  /**
   * Working days per calendar year: days less weekend days less the statutory days off (10 to
   * 2007, 11 from 2008, 13 from 2025), moved by make-up days that fall in the December before
   * (2006, 2011), by 2015's special day and by 2020's epidemic extension of the Spring Festival.
   */
  it.each([
    [2004, 252],
    [2005, 250],
    [2006, 251],
    [2007, 249],
    [2008, 251],
    [2011, 250],
    [2012, 249],
    [2015, 249],
    [2019, 250],
    [2020, 249],
    [2023, 249],
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('counts the working days of %i: %i', (year, expected) => {
    let count = 0;
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addCalendarDays(d, 1)) {
      if (calendar.isWorkingDay(d)) count++;
    }
    expect(count).toBe(expected);
  });

  it('regroups any data the same way, in year order', () => {
    expect(
      chineseDaysYears({
        holidays: { '2031-01-01': "New Year's Day,元旦,1", '2030-12-31': "New Year's Day,元旦,1" },
        workdays: { '2030-12-28': "New Year's Day,元旦,1", '2030-09-29': 'National Day,国庆节,3' },
      }),
    ).toEqual([
      {
        year: 2030,
        holidays: [],
        makeupWorkdays: [{ date: '2030-09-29', holiday: 'national_day' }],
        source: 'chinese-days',
      },
      {
        year: 2031,
        holidays: [
          { date: '2030-12-31', holiday: 'new_year' },
          { date: '2031-01-01', holiday: 'new_year' },
        ],
        makeupWorkdays: [{ date: '2030-12-28', holiday: 'new_year' }],
        source: 'chinese-days',
      },
    ]);
  });
});
