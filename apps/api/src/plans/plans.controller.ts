import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  ForecastView,
  forecastView,
  PlanTemplatePageView,
  PlanTemplateView,
  templateSummaryView,
  templateView,
} from './dto/plan.views.js';
import { CreatePlanTemplateDto, ForecastDto } from './dto/plan-template.dto.js';
import { PlansService } from './plans.service.js';

@ApiTags('plans')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  /** The built-in templates (教育整顿, 纪律作风建设年) and the copies offices saved for their subtrees. */
  @Get('plan-templates')
  @Policy('plans.read')
  @ApiOkResponse({ type: PlanTemplatePageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: Language,
  ): Promise<PlanTemplatePageView> {
    const items = (await this.plans.listTemplates(principal)).map((t) =>
      templateSummaryView(t, language),
    );
    return { items, page: 1, pageSize: items.length, total: items.length };
  }

  @Get('plan-templates/:id')
  @Policy('plans.read')
  @ApiOkResponse({ type: PlanTemplateView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<PlanTemplateView> {
    return templateView(await this.plans.template(principal, id), language);
  }

  /** Saves an edited copy of a plan for the office's subtree; checked as a launch checks it. */
  @Post('plan-templates')
  @Policy('plans.write')
  @ApiCreatedResponse({ type: PlanTemplateView })
  @ApiErrors({ 422: 'The plan breaks its rules (each with its path)' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreatePlanTemplateDto,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanTemplateView> {
    const saved = await this.plans.saveTemplate(principal, body);
    res.location(`/api/v1/plan-templates/${saved.id}`);
    return templateView(saved, language);
  }

  /**
   * Everything a campaign on this plan would produce if nobody acted, with its date: phases,
   * deadlines with who owes them per unit, reminder batches, gates, holiday reminders, and the
   * ladder an unprogressed ledger item would climb. Computed with the schedule functions the
   * workflows arm their timers from.
   */
  @Post('plans/forecast')
  @HttpCode(200)
  @Policy('campaigns.write')
  @ApiOkResponse({ type: ForecastView })
  @ApiErrors({ 422: 'The plan breaks its rules (each with its path)' })
  async forecast(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ForecastDto,
    @RequestLanguage() language: Language,
  ): Promise<ForecastView> {
    const spec = await this.plans.specOf(principal, body);
    return forecastView(
      await this.plans.forecast(
        principal,
        spec.plan,
        body.coveredUnitId,
        Date.parse(body.startsAt),
      ),
      language,
    );
  }
}
