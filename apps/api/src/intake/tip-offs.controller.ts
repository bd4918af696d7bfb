import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { ClientAddress } from '../common/client-address.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { RequestId } from '../common/request-id.js';
import { uuidParam } from '../common/uuid-param.js';
import { ProblemView } from './problems.dto.js';
import { TipOffReportingService } from './tip-off-reporting.service.js';
import {
  AnswerTipOffDto,
  CloseTipOffDto,
  SubmitTipOffDto,
  TipOffAdditionDto,
  TipOffDetailView,
  TipOffFollowUpDto,
  TipOffFollowUpView,
  TipOffMessageView,
  TipOffPageView,
  TipOffReceiptView,
  TipOffReporterView,
  TipOffsQueryDto,
  TipOffSummaryView,
  TipOffUnitListView,
  TriageTipOffDto,
} from './tip-offs.dto.js';
import { TipOffsService } from './tip-offs.service.js';

const REFUSED_401 =
  'Unknown receipt code, wrong passphrase, or a receipt locked after five wrong passphrases in a row (for 15 minutes): one answer for all three';

/**
 * The reporter's side of tip-offs (监督举报), without an account. Registered before the
 * inspectors' controller, so that `GET /tip-offs/units` is matched before `GET /tip-offs/:id`.
 * Receipt codes and passphrases travel in bodies only: paths are logged.
 */
@ApiTags('tip-offs')
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('tip-offs')
export class TipOffReportingController {
  constructor(private readonly reporting: TipOffReportingService) {}

  /**
   * Reports a problem about a person or a unit, anonymously or named. Answers the receipt code
   * and passphrase to follow it with, nothing else; both are shown once.
   */
  @Post()
  @Policy('public')
  @ApiCreatedResponse({ type: TipOffReceiptView })
  @ApiErrors({
    422: 'The unit is unknown, a named tip-off has no reporter name, or an anonymous one carries a reporter',
    429: 'Too many tip-offs from this address (TIP_OFF_MAX_PER_CLIENT per TIP_OFF_WINDOW_SECONDS): wait `Retry-After` seconds',
  })
  submit(
    @Body() body: SubmitTipOffDto,
    @ClientAddress() client: string,
  ): Promise<TipOffReceiptView> {
    return this.reporting.submit(body, client);
  }

  /** The units a tip-off can be about, for the form: names in the tree only. */
  @Get('units')
  @Policy('public')
  @ApiOkResponse({ type: TipOffUnitListView })
  units(): Promise<TipOffUnitListView> {
    return this.reporting.units();
  }

  /** How the tip-off is being handled: its status and dates, the inspectors' answers. */
  @Post('follow-up')
  @HttpCode(200)
  @Policy('public')
  @ApiOkResponse({ type: TipOffFollowUpView })
  @ApiErrors({ 401: REFUSED_401 })
  followUp(
    @Body() body: TipOffFollowUpDto,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<TipOffFollowUpView> {
    return this.reporting.followUp(body, requestId, language);
  }

  /** Adds information to the tip-off (sealed); the inspectors hear of it. */
  @Post('follow-up/additions')
  @Policy('public')
  @ApiCreatedResponse({ type: TipOffFollowUpView })
  @ApiErrors({
    401: REFUSED_401,
    409: 'The tip-off was closed without pursuing: send a new one',
  })
  add(
    @Body() body: TipOffAdditionDto,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<TipOffFollowUpView> {
    return this.reporting.add(body, requestId, language);
  }
}

/**
 * Tip-offs for the inspectors whose units hold them: every read of what one says, or of who
 * said it, audited first; triage into a problem in the inspector's own words, or closing it.
 */
@ApiTags('tip-offs')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('tip-offs')
export class TipOffsController {
  constructor(private readonly tipOffs: TipOffsService) {}

  /** Tip-offs about units in your scope, newest first, with what they say (each read audited). */
  @Get()
  @Policy('tipoffs.read')
  @ApiOkResponse({ type: TipOffPageView })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TipOffsQueryDto,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<TipOffPageView> {
    return this.tipOffs.list(principal, query, requestId, language);
  }

  /** One tip-off with its messages (audited). */
  @Get(':id')
  @Policy('tipoffs.read')
  @ApiOkResponse({ type: TipOffDetailView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<TipOffDetailView> {
    return this.tipOffs.get(principal, id, requestId, language);
  }

  /** Who reported it (audited as a read of the reporter's identity). */
  @Get(':id/reporter')
  @Policy('tipoffs.read')
  @ApiOkResponse({ type: TipOffReporterView })
  reporter(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestId() requestId: string,
  ): Promise<TipOffReporterView> {
    return this.tipOffs.reporter(principal, id, requestId);
  }

  /** Answers the reporter, who reads it with the receipt. */
  @Post(':id/answers')
  @Policy('tipoffs.triage')
  @ApiCreatedResponse({ type: TipOffMessageView })
  answer(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AnswerTipOffDto,
    @RequestLanguage() language: Language,
  ): Promise<TipOffMessageView> {
    return this.tipOffs.answer(principal, id, body, language);
  }

  /** Closes it without pursuing (了结), with the reason (on the audit trail). */
  @Post(':id/not-pursued')
  @HttpCode(200)
  @Policy('tipoffs.triage')
  @ApiOkResponse({ type: TipOffSummaryView })
  @ApiErrors({ 409: 'The tip-off has already been triaged or closed' })
  notPursued(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: CloseTipOffDto,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<TipOffSummaryView> {
    return this.tipOffs.notPursued(principal, id, body, requestId, language);
  }

  /**
   * Registers the problem the tip-off reveals as a ledger item about one person, in your own
   * words; runs the disclosure rules. Answers the problem with its item and any concealment flag.
   */
  @Post(':id/triage')
  @Policy('tipoffs.triage')
  @ApiCreatedResponse({ type: ProblemView })
  @ApiErrors({
    409: 'The tip-off has already been triaged or closed, or the campaign has ended or has no ledger',
    422: "The description quotes the tip-off or names its reporter, or the person's unit is not in the campaign, or the person has left, or the person is you",
  })
  triage(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: TriageTipOffDto,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<ProblemView> {
    return this.tipOffs.triage(principal, id, body, requestId, language);
  }
}
