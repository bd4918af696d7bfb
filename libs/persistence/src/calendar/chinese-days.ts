import { createRequire } from 'node:module';

import type { CalendarDay, CalendarYear, DayOffKey } from '@campaign/domain';

/**
 * The shape of the `chinese-days` package's dist/chinese-days.json: days keyed by date, each
 * valued "English name,中文名,N". `holidays` are days off, `workdays` the make-up working days
 * (调休上班); `inLieuDays` (the weekdays given off in exchange) are a subset of `holidays` and
 * add nothing a working-day count needs.
 */
export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

/** The package's Chinese holiday names (its second field) onto our keys. */
const HOLIDAY_NAMES: Record<string, DayOffKey> = {
  元旦: 'new_year',
  春节: 'spring_festival',
  清明: 'qingming',
  清明节: 'qingming',
  劳动节: 'labour_day',
  端午: 'dragon_boat',
  端午节: 'dragon_boat',
  中秋: 'mid_autumn',
  中秋节: 'mid_autumn',
  国庆节: 'national_day',
};

/**
 * The key of a package value such as "Spring Festival,春节,4". A name outside the seven is a
 * one-off day off the State Council declared (2015's 抗战胜利70周年纪念日): `special`, so the day
 * still counts as off.
 */
export function holidayKeyOf(value: string): DayOffKey {
  const name = value.split(',')[1]?.trim() ?? '';
  return HOLIDAY_NAMES[name] ?? 'special';
}

/**
 * The notice year a day belongs to: its own year, except that a New Year break (and its make-up
 * day) in December belongs to the next year's notice, whose New Year it is (2018-12-30 → 2019).
 */
function noticeYear(date: string, holiday: DayOffKey): number {
  const year = Number(date.slice(0, 4));
  return holiday === 'new_year' && date.slice(5, 7) === '12' ? year + 1 : year;
}

/** The package's data regrouped into one CalendarYear per notice, in year order. */
export function chineseDaysYears(data: ChineseDaysData): CalendarYear[] {
  const years = new Map<number, CalendarYear>();
  const yearFor = (year: number): CalendarYear => {
    let entry = years.get(year);
    if (!entry) {
      entry = { year, holidays: [], makeupWorkdays: [], source: 'chinese-days' };
      years.set(year, entry);
    }
    return entry;
  };
  const add = (list: 'holidays' | 'makeupWorkdays', days: Record<string, string>) => {
    for (const date of Object.keys(days).sort()) {
      const holiday = holidayKeyOf(days[date]);
      const day: CalendarDay = { date, holiday };
      yearFor(noticeYear(date, holiday))[list].push(day);
    }
  };
  add('holidays', data.holidays);
  add('makeupWorkdays', data.workdays);
  return [...years.values()].sort((a, b) => a.year - b.year);
}

let cached: ReadonlyMap<number, CalendarYear> | undefined;

/**
 * The package's years, read once per process from the exact version package.json pins (a newer
 * version may carry a newly published year: upgrading it is how a year arrives without an admin).
 */
export function chineseDaysCalendar(): ReadonlyMap<number, CalendarYear> {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
    cached = new Map(chineseDaysYears(data).map((y) => [y.year, y]));
  }
  return cached;
}
