import type { Language } from '@campaign/domain';
import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { CalendarService } from './calendar.service.js';
import { CalendarYearPipe, PutCalendarYearDto } from './dto/calendar.dto.js';
import { CalendarYearView } from './dto/calendar.view.js';

@ApiTags('calendar')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** A year's holidays and make-up working days, and where they come from. */
  @Get(':year')
  @Policy('calendar.read')
  @ApiOkResponse({ type: CalendarYearView })
  @ApiBadRequestResponse({ description: 'The year is not one from 2000 to 2100' })
  get(
    @Param('year', new CalendarYearPipe()) year: number,
    @RequestLanguage() language: Language,
  ): Promise<CalendarYearView> {
    return this.calendar.get(year, language);
  }

  /** Enters (or corrects) a year from the State Council's notice; replaces the year whole. */
  @Put(':year')
  @Policy('calendar.write')
  @ApiOkResponse({ type: CalendarYearView })
  @ApiBadRequestResponse({ description: 'Malformed fields, each named' })
  @ApiUnprocessableEntityResponse({ description: 'Every broken rule, each with its path' })
  put(
    @CurrentPrincipal() principal: Principal,
    @Param('year', new CalendarYearPipe()) year: number,
    @Body() body: PutCalendarYearDto,
    @RequestLanguage() language: Language,
  ): Promise<CalendarYearView> {
    return this.calendar.put(principal, year, body, language);
  }

  /** Drops an admin's year, so the package's data (or none) applies again. */
  @Delete(':year')
  @Policy('calendar.write')
  @ApiOkResponse({ type: CalendarYearView, description: 'The year as it reads now' })
  @ApiNotFoundResponse({ description: 'No admin has entered this year' })
  remove(
    @Param('year', new CalendarYearPipe()) year: number,
    @RequestLanguage() language: Language,
  ): Promise<CalendarYearView> {
    return this.calendar.remove(year, language);
  }
}
