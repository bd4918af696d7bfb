import type { Language } from '@campaign/domain';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { CalendarYearPipe } from '../calendar/dto/calendar.dto.js';
import { RequestLanguage } from '../common/language.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  AssessmentView,
  PhaseSummaryListView,
  StatisticsView,
  YearEndView,
  YearQueryDto,
} from './assessment.dto.js';
import { AssessmentService } from './assessment.service.js';

/** Phase summaries, assessment (考核), the year-end lists and statistics; see AssessmentService. */
@ApiTags('consolidation')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class AssessmentController {
  constructor(private readonly assessment: AssessmentService) {}

  /**
   * After each phase, per unit in your scope: tasks owed, done and overdue; problems found in
   * the phase by channel; ledger items registered and closed; warnings; and the summary the
   * unit's office wrote (its phase_summary task's evidence).
   */
  @Get('campaigns/:id/phase-summaries')
  @Policy('assessment.read')
  @ApiOkResponse({ type: PhaseSummaryListView })
  phaseSummaries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<PhaseSummaryListView> {
    return this.assessment.phaseSummaries(principal, id, language);
  }

  /**
   * Each unit's assessment in the campaign: gates met and missed, items overdue, yellow and red
   * warnings, escalation rungs, new violation cases, and the score (the base less the points the
   * campaign's assessment policy deducts for each).
   */
  @Get('campaigns/:id/assessment')
  @Policy('assessment.read')
  @ApiOkResponse({ type: AssessmentView })
  campaignAssessment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<AssessmentView> {
    return this.assessment.campaignAssessment(principal, id, language);
  }

  /**
   * The year's lists across the campaigns you can read: units to commend (no new violation case)
   * and units whose rectification failed, to be named in the bulletin.
   */
  @Get('year-end/:year')
  @Policy('assessment.read')
  @ApiOkResponse({ type: YearEndView })
  yearEnd(
    @CurrentPrincipal() principal: Principal,
    @Param('year', new CalendarYearPipe()) year: number,
    @Query() query: YearQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<YearEndView> {
    return this.assessment.yearEnd(principal, year, query.rehearsal === 'true', language);
  }

  /**
   * The figures of the year-end report in your units: clues handled by channel, dispositions by
   * form and measure, warning-education sessions held, reminders sent to key-post holders.
   */
  @Get('statistics/:year')
  @Policy('assessment.read')
  @ApiOkResponse({ type: StatisticsView })
  statistics(
    @CurrentPrincipal() principal: Principal,
    @Param('year', new CalendarYearPipe()) year: number,
    @Query() query: YearQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<StatisticsView> {
    return this.assessment.statistics(principal, year, query.rehearsal === 'true', language);
  }
}
