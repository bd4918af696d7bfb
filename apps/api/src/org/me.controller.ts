import { label, type Language } from '@campaign/domain';
import { OrgRepository } from '@campaign/persistence';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { personView, unitView } from './dto/org.views.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly org: OrgRepository) {}

  /** Who am I: my person record, my unit and my grants. */
  @Get()
  @Policy('authenticated')
  async me(@CurrentPrincipal() principal: Principal, @RequestLanguage() language: Language) {
    const person = (await this.org.findPerson(principal.personId))!;
    const unit = (await this.org.findUnit(person.unitId))!;
    const grants = await this.org.grantsOf(principal.personId);
    return {
      username: principal.username,
      person: personView(person, language),
      unit: unitView(unit, language),
      grants: grants.map((g) => ({
        id: g.id,
        role: { code: g.role, label: label('role', g.role, language) },
        unitId: g.unitId,
      })),
    };
  }
}
