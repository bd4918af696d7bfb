import type { Language } from '@campaign/domain';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { RequestId } from '../common/request-id.js';
import { uuidParam } from '../common/uuid-param.js';
import { IntegrityFileView } from './integrity-file.dto.js';
import { IntegrityFileService } from './integrity-file.service.js';

/** The personal integrity file (个人廉政档案): inspectors in scope, every read audited. */
@ApiTags('intake')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class IntegrityFileController {
  constructor(private readonly files: IntegrityFileService) {}

  /**
   * Everything filed about a person in every campaign, and their statements' versions (never
   * their content). The read is on the audit trail, seen from above.
   */
  @Get('people/:id/integrity-file')
  @Policy('integrity.read')
  @ApiOkResponse({ type: IntegrityFileView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestId() requestId: string,
    @RequestLanguage() language: Language,
  ): Promise<IntegrityFileView> {
    return this.files.get(principal, id, requestId, language);
  }
}
