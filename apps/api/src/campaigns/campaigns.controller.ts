import type { Language } from '@campaign/domain';
import type { CampaignEntity } from '@campaign/persistence';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
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
import { IdempotencyHeader, idempotencyKey } from '../common/idempotency.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import { CampaignEventsService } from './campaign-events.service.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignPageView, CampaignView, toCampaignView } from './dto/campaign.view.js';
import { AddUnitsDto, AdvanceDto, ExtendDto, ReasonDto } from './dto/campaign-controls.dto.js';
import { CampaignEventPageView, EventsQueryDto } from './dto/campaign-events.dto.js';
import { CreateCampaignDto } from './dto/create-campaign.dto.js';
import { ListCampaignsQueryDto } from './dto/list-campaigns.dto.js';
import { ProgressQueryDto } from './dto/progress.dto.js';
import { ProgressView } from './dto/progress.view.js';
import { ProgressService } from './progress.service.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly progressService: ProgressService,
    private readonly events: CampaignEventsService,
  ) {}

  private async view(
    campaign: CampaignEntity,
    language: Language,
    withLive = true,
  ): Promise<CampaignView> {
    const live = withLive ? await this.campaigns.liveState(campaign) : undefined;
    return toCampaignView(campaign, language, this.campaigns.now(campaign), live);
  }

  @Post()
  @Policy('campaigns.write')
  @IdempotencyHeader()
  @ApiCreatedResponse({ type: CampaignView })
  @ApiErrors({ 422: 'The plan breaks its rules (each with its path), or the key was reused' })
  async launch(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCampaignDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CampaignView> {
    const campaign = await this.campaigns.launch(principal, body, idempotencyKey(key));
    res.location(`/api/v1/campaigns/${campaign.id}`);
    return this.view(campaign, language, false);
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
      items: await Promise.all(items.map((c) => this.view(c, language, false))),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  @Get(':id')
  @Policy('campaigns.read')
  @ApiOkResponse({ type: CampaignView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(await this.campaigns.get(principal, id), language);
  }

  /** Opens the next phase now. `fromPhase` is the phase you see it in: a stale view is refused. */
  @Post(':id/advance')
  @Policy('campaigns.write')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOkResponse({ type: CampaignView, description: 'The campaign, now in its next phase' })
  @ApiErrors({ 409: 'Not in `fromPhase` any more, in its last phase, paused, or ended' })
  async advance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AdvanceDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(
      await this.campaigns.advance(principal, id, body, idempotencyKey(key)),
      language,
    );
  }

  /** Moves the open phase's end later; its deadlines, reminders and everything after move too. */
  @Post(':id/extend')
  @Policy('campaigns.write')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors({ 409: 'Not the open phase, not later than its end, paused, or ended' })
  async extend(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ExtendDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(
      await this.campaigns.extend(principal, id, body, idempotencyKey(key)),
      language,
    );
  }

  /** Stops every timer; on resume they all move by the time the campaign stood still. */
  @Post(':id/pause')
  @Policy('campaigns.write')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors({ 409: 'Paused already, or ended' })
  async pause(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(
      await this.campaigns.pause(principal, id, body.reason, idempotencyKey(key)),
      language,
    );
  }

  @Post(':id/resume')
  @Policy('campaigns.write')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors({ 409: 'Not paused' })
  async resume(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(
      await this.campaigns.resume(principal, id, body.reason, idempotencyKey(key)),
      language,
    );
  }

  @Post(':id/cancel')
  @Policy('campaigns.write')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors({ 409: 'Ended already' })
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(
      await this.campaigns.cancel(principal, id, body.reason, idempotencyKey(key)),
      language,
    );
  }

  /** Brings units of the covered subtree created after the launch into the campaign. */
  @Post(':id/units')
  @Policy('campaigns.write')
  @HttpCode(200)
  @IdempotencyHeader()
  @ApiOkResponse({ type: CampaignView })
  @ApiErrors({
    409: 'The campaign has ended',
    422: 'A unit outside the campaign’s subtree, or already in it',
  })
  async addUnits(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AddUnitsDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestLanguage() language: Language,
  ): Promise<CampaignView> {
    return this.view(
      await this.campaigns.addUnits(principal, id, body, idempotencyKey(key)),
      language,
    );
  }

  /** Per unit and phase: owed, done, overdue, completion rate, gate result, red / yellow / green. */
  @Get(':id/progress')
  @Policy('campaigns.read')
  @ApiOkResponse({ type: ProgressView })
  progress(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: ProgressQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<ProgressView> {
    return this.progressService.progress(principal, id, query, language);
  }

  /** What the campaign's workflows did, in schedule order, and the decisions people made. */
  @Get(':id/events')
  @Policy('campaigns.read')
  @ApiOkResponse({ type: CampaignEventPageView })
  eventsOf(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: EventsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<CampaignEventPageView> {
    return this.events.page(principal, id, query, language);
  }
}
