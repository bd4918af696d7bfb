import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { uuidParam } from '../common/uuid-param.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignPageView, CampaignView, toCampaignView } from './dto/campaign.view.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';
import { ListCampaignsQueryDto } from './dto/list-campaigns.dto.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Policy('campaigns.write')
  @ApiCreatedResponse({ type: CampaignView })
  @ApiUnprocessableEntityResponse({ description: 'Phases missing, out of order or overlapping' })
  async launch(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCampaignDto,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignView> {
    const campaign = await this.campaigns.launch(principal, body);
    res.location(`/api/v1/campaigns/${campaign.id}`);
    return toCampaignView(campaign, language);
  }

  @Get()
  @Policy('campaigns.read')
  @ApiOkResponse({ type: CampaignPageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCampaignsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<CampaignPageView> {
    const { items, total } = await this.campaigns.list(principal, query.page, query.pageSize);
    return {
      items: items.map((c) => toCampaignView(c, language)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  @Get(':id')
  @Policy('campaigns.read')
  @ApiOkResponse({ type: CampaignView })
  @ApiNotFoundResponse()
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    const campaign = await this.campaigns.get(principal, id);
    return toCampaignView(campaign, language, await this.campaigns.liveState(campaign));
  }

  @Post(':id/advance')
  @Policy('campaigns.write')
  @HttpCode(200)
  @ApiOkResponse({ type: CampaignView, description: 'The campaign, now in its next phase' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already in the last phase, or completed' })
  async advance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    const campaign = await this.campaigns.advance(principal, id);
    return toCampaignView(campaign, language, await this.campaigns.liveState(campaign));
  }
}
