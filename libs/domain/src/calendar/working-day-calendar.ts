import { DomainError } from '../errors.js';
import { LABELS, type Language } from '../labels.js';
import {
  dayNumber,
  dayOf,
  endOfDay,
  fromDayNumber,
  startOfDay,
  weekdayOfDayNumber,
} from './days.js';
import { DAY_OFF_KEYS, type DayOffKey, type HolidayKey, isHolidayKey } from './holidays.js';

/** Where a year's data comes from: the `chinese-days` package, or entered by an admin. */
export const CALENDAR_SOURCES = ['chinese-days', 'admin'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

/** One day of a year's data, and the holiday it belongs to. */
export interface CalendarDay {
  date: string;
  holiday: DayOffKey;
}

/**
 * One year of official data, as the State Council's notice for that year gives it: the days off
 * (holidays) and the make-up working days (调休上班). Dates lie in `year`, except that the New
 * Year break and its make-up days may begin in the December before (the notice for 2019 gives
 * 2018-12-30 to 2019-01-01 off and 2018-12-29 as a working day).
 */
export interface CalendarYear {
  year: number;
  holidays: CalendarDay[];
  makeupWorkdays: CalendarDay[];
  source: CalendarSource;
}

/** A holiday break: its first and last day off, with its name in each language. */
export interface HolidayPeriod<K extends DayOffKey = HolidayKey> {
  key: K;
  firstDay: string;
  lastDay: string;
  name: Record<Language, string>;
}

/** At most this many working days in one step (about 40 years): guards against runaway input. */
export const MAX_WORKING_DAYS = 10_000;

interface DayEntry {
  working: boolean;
  holiday: DayOffKey;
  year: number;
}

/**
 * Working days in Asia/Shanghai: Monday to Friday, except the days off of the year's data, plus
 * its make-up working days on weekends. A year without data is computed on weekends alone and
 * reported as missing; its holidays are never guessed. Pure and deterministic, so workflows can
 * use it on data an activity loaded.
 */
export class WorkingDayCalendar {
  private readonly byYear = new Map<number, CalendarYear>();
  private readonly entries = new Map<number, DayEntry>();

  constructor(years: readonly CalendarYear[]) {
    // Applied in year order: a date two notices list (a December day of a New Year break)
    // takes the later notice's word, since that notice is the one about the break.
    for (const year of [...years].sort((a, b) => a.year - b.year)) {
      if (this.byYear.has(year.year)) {
        throw new DomainError('invalid', `calendar data for ${year.year} is given twice`);
      }
      this.byYear.set(year.year, year);
      const own = new Map<number, DayEntry>();
      const add = (day: CalendarDay, working: boolean) => {
        const n = dayNumber(day.date);
        const seen = own.get(n);
        if (seen && seen.working !== working) {
          throw new DomainError(
            'invalid',
            `calendar data for ${year.year} lists ${day.date} both as a day off and as a make-up working day`,
          );
        }
        own.set(n, { working, holiday: day.holiday, year: year.year });
      };
      year.holidays.forEach((day) => add(day, false));
      year.makeupWorkdays.forEach((day) => add(day, true));
      for (const [n, entry] of own) this.entries.set(n, entry);
    }
  }

  /** The Asia/Shanghai day (`YYYY-MM-DD`) an instant falls on. */
  static dayOf(instantMs: number): string {
    return dayOf(instantMs);
  }

  /** The instant `date` begins in Asia/Shanghai (00:00 +08:00). */
  static startOfDay(date: string): number {
    return startOfDay(date);
  }

  /** The instant `date` ends in Asia/Shanghai (24:00 +08:00, exclusive: the next day's start). */
  static endOfDay(date: string): number {
    return endOfDay(date);
  }

  /** Whether the year's data is loaded (otherwise it is computed on weekends alone). */
  hasYear(year: number): boolean {
    return this.byYear.has(year);
  }

  /** The years whose data is loaded, in order. */
  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(dayNumber(date));
  }

  /** The holiday `date` is a day off for, or null (a weekend is not a holiday). */
  holidayOn(date: string): DayOffKey | null {
    const entry = this.entries.get(dayNumber(date));
    return entry && !entry.working ? entry.holiday : null;
  }

  /** Whether `date` is a make-up working day (调休上班), and for which holiday. */
  makeupFor(date: string): DayOffKey | null {
    const entry = this.entries.get(dayNumber(date));
    return entry?.working ? entry.holiday : null;
  }

  /**
   * n > 0: the n-th working day after `date` (counting starts the day after, so from a Friday
   * 1 is the next working Monday); n < 0: the |n|-th working day before it. `date` itself never
   * counts, whether or not it is a working day. n = 0 is refused (`invalid`): "within 0 working
   * days" names no day, and returning `date` could set a deadline on a holiday. `missingYears`
   * lists the years of the days counted over that have no data (computed on weekends alone).
   */
  addWorkingDays(date: string, n: number): { date: string; missingYears: number[] } {
    if (!Number.isSafeInteger(n) || n === 0 || Math.abs(n) > MAX_WORKING_DAYS) {
      throw new DomainError(
        'invalid',
        `a number of working days is a non-zero whole number up to ±${MAX_WORKING_DAYS}, got ${n}`,
      );
    }
    const step = Math.sign(n);
    let day = dayNumber(date);
    let remaining = Math.abs(n);
    const missing = new Set<number>();
    let year = Number.NaN;
    let yearEnds = Number.NEGATIVE_INFINITY;
    let yearStarts = Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      day += step;
      if (day > yearEnds || day < yearStarts) {
        year = Number(fromDayNumber(day).slice(0, 4));
        yearStarts = dayNumber(`${year}-01-01`);
        yearEnds = dayNumber(`${year}-12-31`);
        if (!this.byYear.has(year)) missing.add(year);
      }
      if (this.isWorking(day)) remaining--;
    }
    return { date: fromDayNumber(day), missingYears: [...missing].sort((a, b) => a - b) };
  }

  /**
   * The breaks of the seven holidays in the year's data, first and last day, in order of their
   * first day; [] without data. A holiday that shares its break with another (中秋节 and 国庆节
   * in 2023 and 2025) gets the whole shared break, as the notice announces it.
   */
  holidays(year: number): HolidayPeriod[] {
    return this.holidayPeriods(year).filter((p): p is HolidayPeriod => isHolidayKey(p.key));
  }

  /** Like `holidays`, including one-off special days off. */
  holidayPeriods(year: number): HolidayPeriod<DayOffKey>[] {
    const data = this.byYear.get(year);
    if (!data) return [];
    const off = new Set(data.holidays.map((d) => dayNumber(d.date)));
    const spans = new Map<DayOffKey, { first: number; last: number }>();
    for (const day of data.holidays) {
      const n = dayNumber(day.date);
      const span = spans.get(day.holiday);
      if (!span) spans.set(day.holiday, { first: n, last: n });
      else spans.set(day.holiday, { first: Math.min(span.first, n), last: Math.max(span.last, n) });
    }
    const periods: HolidayPeriod<DayOffKey>[] = [];
    for (const [key, span] of spans) {
      let { first, last } = span;
      while (off.has(first - 1)) first--;
      while (off.has(last + 1)) last++;
      periods.push({
        key,
        firstDay: fromDayNumber(first),
        lastDay: fromDayNumber(last),
        name: { ...LABELS.holiday[key] },
      });
    }
    return periods.sort(
      (a, b) =>
        (a.firstDay < b.firstDay ? -1 : a.firstDay > b.firstDay ? 1 : 0) ||
        DAY_OFF_KEYS.indexOf(a.key) - DAY_OFF_KEYS.indexOf(b.key),
    );
  }

  private isWorking(day: number): boolean {
    const entry = this.entries.get(day);
    if (entry) return entry.working;
    return weekdayOfDayNumber(day) <= 5;
  }
}
