import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  CreateUnitDto,
  MoveUnitDto,
  RenameUnitDto,
  ResponsibleQueryDto,
  SetLeadershipDto,
} from './dto/org.dto.js';
import { unitTree, type UnitTreeNode, type UnitView, unitView } from './dto/org.views.js';
import { OrgService } from './org.service.js';

class TreeQueryDto {
  @IsOptional()
  @IsUUID()
  rootId?: string;
}

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly org: OrgService) {}

  /** The unit tree within the caller's scope (or under `rootId`), nested. */
  @Get()
  @Policy('units.read')
  async tree(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TreeQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<UnitTreeNode[]> {
    return unitTree(await this.org.unitTree(principal, query.rootId), language);
  }

  @Get(':id')
  @Policy('units.read')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ) {
    const unit = await this.org.visibleUnit(principal, 'units.read', id);
    return { ...unitView(unit, language), committee: await this.org.committee(id) };
  }

  /** Who answers for the unit: first responsible person, area leader, two levels up. */
  @Get(':id/responsible')
  @Policy('units.read')
  responsible(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: ResponsibleQueryDto,
  ) {
    return this.org.responsible(principal, id, query.area);
  }

  @Post()
  @Policy('units.write')
  @ApiErrors({ 409: 'The unit code is already used' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateUnitDto,
    @RequestLanguage() language: Language,
  ): Promise<UnitView> {
    return unitView(await this.org.createUnit(principal, body), language);
  }

  @Patch(':id')
  @Policy('units.write')
  async rename(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RenameUnitDto,
    @RequestLanguage() language: Language,
  ): Promise<UnitView> {
    return unitView(await this.org.renameUnit(principal, id, body.name), language);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Policy('units.write')
  @ApiErrors({ 422: 'The new parent lies inside the unit being moved' })
  async move(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: MoveUnitDto,
    @RequestLanguage() language: Language,
  ): Promise<UnitView> {
    return unitView(await this.org.moveUnit(principal, id, body.parentId), language);
  }

  @Put(':id/leadership')
  @Policy('units.write')
  @ApiErrors({ 422: 'A person is seated on the committee twice' })
  async setLeadership(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: SetLeadershipDto,
    @RequestLanguage() language: Language,
  ) {
    const unit = await this.org.setLeadership(principal, id, body);
    return { ...unitView(unit, language), committee: await this.org.committee(id) };
  }
}
