import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  DecisionsQueryDto,
  LadderDecisionPageView,
  LadderDecisionView,
  TakeDecisionDto,
} from './decisions.dto.js';
import { DecisionsService } from './decisions.service.js';

/** Decisions on the ladder (督办单, 约谈, 派驻督导, 问责): the ladder proposes, desks decide. */
@ApiTags('decisions')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  /** What awaits the caller's desk: pending decisions unless `status` asks for others. */
  @Get('me/decisions')
  @Policy('authenticated')
  @ApiOkResponse({ type: LadderDecisionPageView })
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DecisionsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<LadderDecisionPageView> {
    return this.decisions.mine(principal, query, language);
  }

  /** Decisions about items in the caller's scope, newest first: who holds each, what was decided. */
  @Get('decisions')
  @Policy('decisions.read')
  @ApiOkResponse({ type: LadderDecisionPageView })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DecisionsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<LadderDecisionPageView> {
    return this.decisions.list(principal, query, language);
  }

  @Get('decisions/:id')
  @Policy('authenticated')
  @ApiOkResponse({ type: LadderDecisionView })
  @ApiErrors({ 404: 'No such decision in your scope or at your desk' })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<LadderDecisionView> {
    return this.decisions.get(principal, id, language);
  }

  /**
   * The desk issues, defers or declines the step, with its reason; issuing 问责 names who is
   * held to account, in which form and why, each among the proposal's candidates.
   */
  @Post('decisions/:id')
  @HttpCode(200)
  @Policy('authenticated')
  @ApiOkResponse({ type: LadderDecisionView })
  @ApiErrors({
    403: 'The decision waits on another desk',
    404: 'No such decision in your scope or at your desk',
    409: 'Taken already, passed one level up, or deferred',
    422: 'A person held to account is not a candidate, a deferral without its day, …',
  })
  take(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: TakeDecisionDto,
    @RequestLanguage() language: Language,
  ): Promise<LadderDecisionView> {
    return this.decisions.take(principal, id, body, language);
  }
}
