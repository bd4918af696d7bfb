import type { Language } from '@campaign/domain';
import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
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
import { IdempotencyHeader, idempotencyKey } from '../common/idempotency.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { RequestId } from '../common/request-id.js';
import { uuidParam } from '../common/uuid-param.js';
import { ProblemView, RegisterProblemDto } from './problems.dto.js';
import { ProblemsService } from './problems.service.js';

/** Problem intake (D4): one door for every channel; each problem becomes a ledger item. */
@ApiTags('intake')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('problems')
export class ProblemsController {
  constructor(private readonly problems: ProblemsService) {}

  /**
   * Registers a problem about a person from any channel: its ledger item (with its workflow),
   * its place in the person's integrity file, its routing by severity, and the disclosure rules'
   * verdict against the person's six clarifications (a suspected concealment notifies the
   * inspectors at once).
   */
  @Post()
  @Policy('problems.register')
  @ApiCreatedResponse({ type: ProblemView })
  @ApiErrors({
    409: 'The campaign has ended, or has no ledger',
    422: "The person's unit is not in the campaign, the person has left, or a field does not fit the channel",
  })
  @IdempotencyHeader()
  register(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterProblemDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ProblemView> {
    return this.problems.register(principal, body, {
      requestId,
      language,
      idempotencyKey: idempotencyKey(key),
    });
  }

  /** A problem, its ledger item and any concealment flag. */
  @Get(':id')
  @Policy('problems.read')
  @ApiOkResponse({ type: ProblemView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<ProblemView> {
    return this.problems.get(principal, id, language);
  }
}
