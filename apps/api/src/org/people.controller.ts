import type { Language } from '@campaign/domain';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import { PeopleQueryDto, PersonDto, UpdatePersonDto } from './dto/org.dto.js';
import { type PersonView, personView } from './dto/org.views.js';
import { OrgService } from './org.service.js';

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly org: OrgService) {}

  /** Search by name or staff number, unit subtree and flags; filtered by scope in SQL. */
  @Get()
  @Policy('people.read')
  async search(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PeopleQueryDto,
    @RequestLanguage() language: Language,
  ) {
    const { items, total } = await this.org.searchPeople(principal, query);
    return {
      items: items.map((p) => personView(p, language)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  @Get(':id')
  @Policy('people.read')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<PersonView> {
    return personView(await this.org.visiblePerson(principal, 'people.read', id), language);
  }

  @Post()
  @Policy('people.write')
  @ApiErrors({
    409: 'The staff number is already used',
    422: 'Key person flag and reasons disagree',
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PersonDto,
    @RequestLanguage() language: Language,
  ): Promise<PersonView> {
    return personView(await this.org.createPerson(principal, body), language);
  }

  /** Edits a person; `status: "left"` marks someone who left (their records stay). */
  @Patch(':id')
  @Policy('people.write')
  @ApiErrors({ 422: 'Key person flag and reasons disagree' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdatePersonDto,
    @RequestLanguage() language: Language,
  ): Promise<PersonView> {
    return personView(await this.org.updatePerson(principal, id, body), language);
  }
}
