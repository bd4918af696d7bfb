import type { Language } from '@campaign/domain';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { uuidParam } from '../common/uuid-param.js';
import { CreateGrantDto, GrantsQueryDto } from './dto/org.dto.js';
import { type GrantView, grantView } from './dto/org.views.js';
import { OrgService } from './org.service.js';

@ApiTags('grants')
@ApiBearerAuth()
@Controller('grants')
export class GrantsController {
  constructor(private readonly org: OrgService) {}

  @Get()
  @Policy('grants.read')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: GrantsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<GrantView[]> {
    return (await this.org.listGrants(principal, query.personId)).map((g) =>
      grantView(g, language),
    );
  }

  @Post()
  @Policy('grants.write')
  async grant(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateGrantDto,
    @RequestLanguage() language: Language,
  ): Promise<GrantView> {
    return grantView(await this.org.grant(principal, body), language);
  }

  @Delete(':id')
  @HttpCode(204)
  @Policy('grants.write')
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
  ): Promise<void> {
    await this.org.revoke(principal, id);
  }
}
