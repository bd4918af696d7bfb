import {
  type CalendarDay,
  type CalendarSource,
  type CalendarYear,
  DomainError,
  WorkingDayCalendar,
} from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { CalendarYearEntity } from '../entities/calendar-year.entity.js';
import { chineseDaysCalendar } from './chinese-days.js';

/** One year as the calendar holds it, and where it comes from. */
export interface CalendarYearRecord {
  year: number;
  /** The year's data, or null when neither the package nor an admin has it. */
  data: CalendarYear | null;
  source: CalendarSource | 'none';
  /** Whether the `chinese-days` package carries the year (an admin's entry may replace it). */
  inPackage: boolean;
  /** For an admin's year: who last changed it, and when. */
  changedByPersonId: string | null;
  changedAt: Date | null;
}

/** At most this many years in one read: a campaign spans a few; this only stops runaway input. */
const MAX_SPAN = 200;

const copy = (year: CalendarYear): CalendarYear => ({
  year: year.year,
  holidays: year.holidays.map((d) => ({ ...d })),
  makeupWorkdays: year.makeupWorkdays.map((d) => ({ ...d })),
  source: year.source,
});

const fromEntity = (row: CalendarYearEntity): CalendarYear => ({
  year: row.year,
  holidays: row.holidays.map(({ date, holiday }) => ({ date, holiday })),
  makeupWorkdays: row.makeupWorkdays.map(({ date, holiday }) => ({ date, holiday })),
  source: 'admin',
});

/**
 * The working-day calendar's data: the `chinese-days` package's years (2004–2026 in 1.5.7)
 * merged with the years an admin entered. An admin's year replaces the package's year whole,
 * so a correction is never half applied. Loading is I/O, so it lives here and not in
 * libs/domain; activities pass the years on to workflows as plain data.
 */
export class CalendarRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly packageYears: ReadonlyMap<number, CalendarYear> = chineseDaysCalendar(),
  ) {}

  /**
   * Every notice bearing on the days of `fromYear`..`toYear`: each year's own, plus the notice
   * for `toYear + 1` where there is one, since its New Year break may begin in December of
   * `toYear`. Years nobody has are simply absent (the calendar reports them as missing).
   */
  async years(fromYear: number, toYear: number, tx?: EntityManager): Promise<CalendarYear[]> {
    if (
      !Number.isSafeInteger(fromYear) ||
      !Number.isSafeInteger(toYear) ||
      toYear < fromYear ||
      toYear - fromYear > MAX_SPAN
    ) {
      throw new DomainError('invalid', `no calendar range from ${fromYear} to ${toYear}`);
    }
    const last = toYear + 1;
    const rows = await (tx ?? this.dataSource.manager)
      .createQueryBuilder(CalendarYearEntity, 'y')
      .where('y.year BETWEEN :fromYear AND :last', { fromYear, last })
      .getMany();
    const admin = new Map(rows.map((row) => [row.year, fromEntity(row)]));
    const years: CalendarYear[] = [];
    for (let year = fromYear; year <= last; year++) {
      const entry = admin.get(year) ?? this.packageYears.get(year);
      if (entry) years.push(entry.source === 'admin' ? entry : copy(entry));
    }
    return years;
  }

  /** A calendar for the days of `fromYear`..`toYear`. */
  async calendar(fromYear: number, toYear: number): Promise<WorkingDayCalendar> {
    return new WorkingDayCalendar(await this.years(fromYear, toYear));
  }

  /** One year, where it comes from, and who last changed it. */
  async year(year: number, tx?: EntityManager): Promise<CalendarYearRecord> {
    const row = await (tx ?? this.dataSource.manager).findOneBy(CalendarYearEntity, { year });
    const packaged = this.packageYears.get(year);
    if (row) {
      return {
        year,
        data: fromEntity(row),
        source: 'admin',
        inPackage: packaged !== undefined,
        changedByPersonId: row.changedByPersonId,
        changedAt: row.changedAt,
      };
    }
    return {
      year,
      data: packaged ? copy(packaged) : null,
      source: packaged ? 'chinese-days' : 'none',
      inPackage: packaged !== undefined,
      changedByPersonId: null,
      changedAt: null,
    };
  }

  /**
   * Stores an admin's data for a year, replacing what was there. The caller has checked it
   * (`checkCalendarYear`); days are stored sorted so the same notice always reads the same.
   */
  async saveAdminYear(
    year: number,
    data: { holidays: CalendarDay[]; makeupWorkdays: CalendarDay[] },
    changedByPersonId: string | null,
  ): Promise<CalendarYearRecord> {
    const sorted = (days: CalendarDay[]) =>
      days
        .map(({ date, holiday }) => ({ date, holiday }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(CalendarYearEntity)
      .values({
        year,
        holidays: sorted(data.holidays),
        makeupWorkdays: sorted(data.makeupWorkdays),
        changedByPersonId,
      })
      .orUpdate(['holidays', 'makeup_workdays', 'changed_by_person_id', 'changed_at'], ['year'])
      .execute();
    return this.year(year);
  }

  /** Drops an admin's data for a year: the package's data (or none) applies again. */
  async deleteAdminYear(year: number): Promise<boolean> {
    const result = await this.dataSource.manager.delete(CalendarYearEntity, { year });
    return (result.affected ?? 0) > 0;
  }
}
