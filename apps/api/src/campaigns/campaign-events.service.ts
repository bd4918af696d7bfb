import { CAMPAIGN_EVENT_KINDS, type CampaignEventKind, type Language } from '@campaign/domain';
import { AuditRepository, CampaignReadModelRepository } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { labelled } from '../common/labelled.js';
import { CampaignsService } from './campaigns.service.js';
import type { CampaignEventPageView, EventsQueryDto } from './dto/campaign-events.dto.js';

/** A campaign's timeline: what its workflows did, and the decisions people made about it. */
@Injectable()
export class CampaignEventsService {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly readModel: CampaignReadModelRepository,
    private readonly audit: AuditRepository,
  ) {}

  async page(
    principal: Principal,
    id: string,
    query: EventsQueryDto,
    language: Language,
  ): Promise<CampaignEventPageView> {
    await this.campaigns.get(principal, id);
    const [{ items, total }, decisions] = await Promise.all([
      this.readModel.eventPage(id, (query.page - 1) * query.pageSize, query.pageSize, query.kind),
      this.audit.forSubject('campaign', id),
    ]);
    return {
      items: items.map((e) => ({
        key: e.key,
        kind: (CAMPAIGN_EVENT_KINDS as readonly string[]).includes(e.kind)
          ? labelled('campaignEvent', e.kind as CampaignEventKind, language)
          : { code: e.kind, label: e.kind },
        unitId: e.unitId,
        phaseIndex: e.phaseIndex,
        taskKey: e.taskKey,
        scheduledAt: e.scheduledAt.toISOString(),
        firedAt: e.firedAt.toISOString(),
        count: e.count,
        details: e.details,
      })),
      page: query.page,
      pageSize: query.pageSize,
      total,
      decisions: decisions.map((d) => ({
        action: d.action,
        actorPersonId: d.actorPersonId,
        at: d.at.toISOString(),
        reason: d.reason,
        details: d.details,
      })),
    };
  }
}
