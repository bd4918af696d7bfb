import type { Language } from '@campaign/domain';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { uuidParam } from '../common/uuid-param.js';
import { AnalysisListView, BulletinListView, DispatchListView } from './cadence.dto.js';
import { CadenceService } from './cadence.service.js';

/** The ledger's cadence: monthly dispatches (月调度) and quarterly bulletins (季通报). */
@ApiTags('ledger')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('campaigns/:id')
export class CadenceController {
  constructor(private readonly cadence: CadenceService) {}

  /**
   * The campaign's monthly dispatches (月调度), oldest first: per unit in the caller's subtrees,
   * the items new, being rectified, submitted, closed, overdue and escalated at each month's end.
   */
  @Get('dispatches')
  @Policy('cadence.read')
  @ApiOkResponse({ type: DispatchListView })
  dispatches(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<DispatchListView> {
    return this.cadence.dispatches(principal, id, language);
  }

  /**
   * The campaign's quarterly bulletins (季通报), oldest first: the quarter's figures, and the
   * units and items it names (overdue, escalated, sent back) with the rungs that named them.
   */
  @Get('bulletins')
  @Policy('cadence.read')
  @ApiOkResponse({ type: BulletinListView })
  bulletins(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<BulletinListView> {
    return this.cadence.bulletins(principal, id, language);
  }

  /**
   * The campaign's half-year analyses (半年分析, "年中查账"), oldest first: the half year's figures
   * and the units and items it names, as a bulletin has them.
   */
  @Get('analyses')
  @Policy('cadence.read')
  @ApiOkResponse({ type: AnalysisListView })
  analyses(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<AnalysisListView> {
    return this.cadence.analyses(principal, id, language);
  }
}
