import {
  type CalendarYear,
  type DayOffKey,
  HOLIDAY_KEYS,
  label,
  type Language,
  WorkingDayCalendar,
} from '@campaign/domain';
import type { CalendarYearRecord } from '@campaign/persistence';
import { ApiProperty } from '@nestjs/swagger';

import { LabelledView } from '../../common/labelled.js';

export class HolidayBreakView {
  @ApiProperty({ type: LabelledView, description: 'The holiday, named in the caller’s language' })
  holiday!: LabelledView;
  @ApiProperty({ example: '2026-02-15', description: 'First day off of the break' })
  firstDay!: string;
  @ApiProperty({ example: '2026-02-23', description: 'Last day off of the break' })
  lastDay!: string;
  @ApiProperty({
    type: [String],
    description: 'The days off the data gives this holiday (a shared break lists each own days)',
  })
  dates!: string[];
}

export class MakeupWorkdayView {
  @ApiProperty({ example: '2026-02-14' }) date!: string;
  @ApiProperty({ type: LabelledView, description: 'The holiday this working day pays for' })
  holiday!: LabelledView;
}

export class ChangedByView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() name!: string;
}

export class CalendarYearView {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ enum: ['chinese-days', 'admin', 'none'] })
  source!: 'chinese-days' | 'admin' | 'none';
  @ApiProperty({
    description: 'Whether the year has holiday data; without it working days are Monday–Friday',
  })
  hasData!: boolean;
  @ApiProperty({ description: 'Whether the chinese-days package carries the year' })
  inPackage!: boolean;
  @ApiProperty({ type: [HolidayBreakView] }) holidays!: HolidayBreakView[];
  @ApiProperty({ type: [MakeupWorkdayView] }) makeupWorkdays!: MakeupWorkdayView[];
  @ApiProperty({
    type: [LabelledView],
    description:
      'Which of the seven holidays the data has no day off for (all of them without data)',
  })
  missingHolidays!: LabelledView[];
  @ApiProperty({ type: ChangedByView, nullable: true, description: 'For an admin’s year' })
  changedBy!: ChangedByView | null;
  @ApiProperty({ type: String, nullable: true }) changedAt!: string | null;
}

const holiday = (key: DayOffKey, language: Language): LabelledView => ({
  code: key,
  label: label('holiday', key, language),
});

export function toCalendarYearView(
  record: CalendarYearRecord,
  changedByName: string | null,
  language: Language,
): CalendarYearView {
  const data: CalendarYear | null = record.data;
  const breaks = data ? new WorkingDayCalendar([data]).holidayPeriods(record.year) : [];
  const has = new Set(data?.holidays.map((d) => d.holiday) ?? []);
  return {
    year: record.year,
    source: record.source,
    hasData: data !== null,
    inPackage: record.inPackage,
    holidays: breaks.map((b) => ({
      holiday: holiday(b.key, language),
      firstDay: b.firstDay,
      lastDay: b.lastDay,
      dates: (data?.holidays ?? []).filter((d) => d.holiday === b.key).map((d) => d.date),
    })),
    makeupWorkdays: (data?.makeupWorkdays ?? []).map((d) => ({
      date: d.date,
      holiday: holiday(d.holiday, language),
    })),
    missingHolidays: HOLIDAY_KEYS.filter((k) => !has.has(k)).map((k) => holiday(k, language)),
    changedBy:
      record.changedByPersonId !== null
        ? { personId: record.changedByPersonId, name: changedByName ?? '' }
        : null,
    changedAt: record.changedAt?.toISOString() ?? null,
  };
}
