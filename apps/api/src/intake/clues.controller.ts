import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { RequestId } from '../common/request-id.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  ClarificationCorrectionDto,
  DispositionCountsView,
  FlagDecisionDto,
  FlagListItemView,
  FlagPageView,
  FlagsQueryDto,
  ProblemsQueryDto,
  RecordDispositionDto,
  ReportBackDto,
} from './clues.dto.js';
import { CluesService } from './clues.service.js';
import { ProblemPageView } from './problem-summary.dto.js';
import { ProblemView } from './problems.dto.js';

/**
 * Problems after intake: the lists, the inspectors' handling of clues (concealment flags, the
 * matching clarification item, dispositions in the four forms) and the report back of a
 * handed-down problem (D8). Every decision is audited with its reason.
 */
@ApiTags('intake')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class CluesController {
  constructor(private readonly clues: CluesService) {}

  /** Problems in your scope, newest first. */
  @Get('problems')
  @Policy('problems.read')
  @ApiOkResponse({ type: ProblemPageView })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ProblemsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<ProblemPageView> {
    return this.clues.list(principal, query, language);
  }

  /** Suspected concealments (欺瞒组织) in your scope, newest first. */
  @Get('concealment-flags')
  @Policy('clues.handle')
  @ApiOkResponse({ type: FlagPageView })
  flags(
    @CurrentPrincipal() principal: Principal,
    @Query() query: FlagsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<FlagPageView> {
    return this.clues.flags(principal, query, language);
  }

  /** Confirms (认定隐瞒不报, strict) or dismisses a suspected concealment, once, with the reason. */
  @Post('concealment-flags/:id/decision')
  @HttpCode(200)
  @Policy('clues.handle')
  @ApiOkResponse({ type: FlagListItemView })
  @ApiErrors({
    409: 'The flag is decided already, or withdrawn',
    422: 'The flag is about you',
  })
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: FlagDecisionDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<FlagListItemView> {
    return this.clues.decideFlag(principal, id, body, { requestId, language });
  }

  /**
   * Corrects the clarification item a problem matches (null: none) and judges it again against
   * the statement version in force when it arrived: a concealment flag is raised or withdrawn
   * accordingly. The same item again changes nothing.
   */
  @Put('problems/:id/clarification')
  @Policy('clues.handle')
  @ApiOkResponse({ type: ProblemView })
  @ApiErrors({
    409: 'The problem’s concealment flag is confirmed or dismissed: its match stands',
    422: 'The problem is about you',
  })
  correct(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ClarificationCorrectionDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<ProblemView> {
    return this.clues.correctClarification(principal, id, body, { requestId, language });
  }

  /** Records the disposition of a clue in the four forms (四种形态); the latest counts. */
  @Post('problems/:id/dispositions')
  @Policy('clues.handle')
  @ApiCreatedResponse({ type: ProblemView })
  @ApiErrors({ 422: 'The measure is not of that form, or the problem is about you' })
  dispose(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RecordDispositionDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<ProblemView> {
    return this.clues.dispose(principal, id, body, { requestId, language });
  }

  /**
   * The lower unit's office reports back, once, the result and handling of a problem handed
   * down to it; the finding unit's office is told at once.
   */
  @Post('problems/:id/report-back')
  @HttpCode(200)
  @Policy('problems.report')
  @ApiOkResponse({ type: ProblemView })
  @ApiErrors({ 409: 'The problem was not handed down, or is reported back already' })
  reportBack(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReportBackDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<ProblemView> {
    return this.clues.reportBack(principal, id, body, { requestId, language });
  }

  /** The four forms' figures of a campaign in your scope: each problem's latest disposition. */
  @Get('campaigns/:id/disposition-counts')
  @Policy('clues.statistics')
  @ApiOkResponse({ type: DispositionCountsView })
  counts(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<DispositionCountsView> {
    return this.clues.dispositionCounts(principal, id, language);
  }
}
