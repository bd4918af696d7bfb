import { auditActionLabel, type Language } from '@campaign/domain';
import { AuditRepository, type AuditScope } from '@campaign/persistence';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { AuditPageView, AuditQueryDto } from './audit.dto.js';

/**
 * The audit trail (hash-chained, append-only): people's decisions and every read of
 * confidential data. Inspectors' own reads are for those above them to see: an inspector reads
 * what people in units strictly below the units they inspect did; an admin reads everything.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @Policy('audit.read')
  @ApiOkResponse({ type: AuditPageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<AuditPageView> {
    const scope = principal.scope('audit.read');
    const auditScope: AuditScope = scope.all ? scope : { all: false, abovePaths: scope.paths };
    const { items, total } = await this.audit.list({
      scope: auditScope,
      actorPersonId: query.actorPersonId,
      action: query.action,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    return {
      items: items.map((e) => ({
        seq: e.seq,
        at: e.at.toISOString(),
        actor: e.actorPersonId
          ? { id: e.actorPersonId, name: e.actorName, unitId: e.actorUnitId }
          : null,
        action: e.action,
        actionLabel: auditActionLabel(e.action, language),
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        reason: e.reason,
        details: e.details,
        source: e.source,
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }
}
