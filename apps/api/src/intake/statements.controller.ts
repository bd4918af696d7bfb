import type { Language } from '@campaign/domain';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
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
  MyStatementsQueryDto,
  StatementListView,
  StatementSummaryView,
  StatementView,
  SubmitStatementDto,
} from './statements.dto.js';
import { StatementsService } from './statements.service.js';

/** The six clarifications (六个讲清): sealed statements, versioned, every read audited. */
@ApiTags('intake')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  /**
   * Submits the signed-in person's six clarifications in a campaign (a new version when one
   * exists). The answer holds no content: the statement is sealed as soon as it arrives.
   */
  @Post('statements')
  @Policy('authenticated')
  @ApiCreatedResponse({ type: StatementSummaryView })
  @ApiErrors({
    409: 'The campaign has ended',
    422: 'You owe no six clarifications here, or an item is missing, repeated or ambiguous',
  })
  submit(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SubmitStatementDto,
  ): Promise<StatementSummaryView> {
    return this.statements.submit(principal, body);
  }

  /** One version with its answers: yours, or an inspector's in scope. Every read is audited. */
  @Get('statements/:id')
  @Policy('authenticated')
  @ApiOkResponse({ type: StatementView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<StatementView> {
    return this.statements.get(principal, id, requestId, language);
  }

  /** Your own versions in a campaign (without content). */
  @Get('me/statements')
  @Policy('authenticated')
  @ApiOkResponse({ type: StatementListView })
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query() query: MyStatementsQueryDto,
  ): Promise<StatementListView> {
    return this.statements.mine(principal, query.campaignId);
  }

  /** Who in your scope has submitted in a campaign: names and versions, never what they said. */
  @Get('campaigns/:id/statements')
  @Policy('statements.status')
  @ApiOkResponse({ type: StatementListView })
  submitted(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
  ): Promise<StatementListView> {
    return this.statements.submitted(principal, id);
  }
}
