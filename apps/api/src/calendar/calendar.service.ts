import { checkCalendarYear, type Language, NotFoundError, RuleBrokenError } from '@campaign/domain';
import { CalendarRepository, type CalendarYearRecord, OrgRepository } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import type { PutCalendarYearDto } from './dto/calendar.dto.js';
import { type CalendarYearView, toCalendarYearView } from './dto/calendar.view.js';

/** The working-day calendar as people read it, and an admin's years. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly org: OrgRepository,
  ) {}

  async get(year: number, language: Language): Promise<CalendarYearView> {
    return this.view(await this.calendar.year(year), language);
  }

  /** Checks every rule first and stores nothing unless all hold. */
  async put(
    principal: Principal,
    year: number,
    body: PutCalendarYearDto,
    language: Language,
  ): Promise<CalendarYearView> {
    const violations = checkCalendarYear(year, body);
    if (violations.length > 0) {
      throw new RuleBrokenError(
        `the calendar for ${year} breaks ${violations.length} rule(s)`,
        violations,
      );
    }
    const record = await this.calendar.saveAdminYear(year, body, principal.personId);
    return this.view(record, language);
  }

  /** Drops an admin's year; the package's data (or none) applies again. */
  async remove(year: number, language: Language): Promise<CalendarYearView> {
    if (!(await this.calendar.deleteAdminYear(year))) {
      throw new NotFoundError('admin calendar year', String(year));
    }
    return this.get(year, language);
  }

  private async view(record: CalendarYearRecord, language: Language): Promise<CalendarYearView> {
    const person = record.changedByPersonId
      ? await this.org.findPerson(record.changedByPersonId)
      : null;
    return toCalendarYearView(record, person?.name ?? null, language);
  }
}
