import type { Language } from '@campaign/domain';
import { CadenceRepository, type LedgerItemEntity, LedgerRepository } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { ledgerWorkbook } from './ledger-workbook.js';

/** The campaign's ledger exported as the workbook offices keep (ledger-workbook.ts lays it out). */
@Injectable()
export class LedgerExportService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly campaigns: CampaignsService,
    private readonly cadence: CadenceRepository,
  ) {}

  /**
   * The campaign's ledger as an Excel workbook, scoped like every list: the items of the caller's
   * subtrees. Returns the file and the campaign's title for its name.
   */
  async workbook(
    principal: Principal,
    campaignId: string,
    language: Language,
  ): Promise<{ file: Buffer; title: string }> {
    const campaign = await this.campaigns.get(principal, campaignId, 'items.read');
    const items: LedgerItemEntity[] = [];
    for (let page = 1; ; page++) {
      const chunk = await this.ledger.list({
        scope: principal.scope('items.read'),
        campaignId,
        page,
        pageSize: 1000,
      });
      items.push(...chunk.items);
      if (items.length >= chunk.total || chunk.items.length === 0) break;
    }
    const unitIds = items
      .flatMap((i) => [i.unitId, i.responsibleUnitId])
      .filter((u): u is string => !!u);
    const personIds = items.flatMap((i) =>
      [...i.personIds, i.responsibleLeaderId, i.responsiblePersonId].filter(
        (p): p is string => !!p,
      ),
    );
    const file = await ledgerWorkbook({
      campaignTitle: campaign.title,
      rehearsal: campaign.rehearsal,
      items,
      names: await this.ledger.names([...new Set(unitIds)], [...new Set(personIds)]),
      latestProgress: await this.ledger.latestReports(items.map((i) => i.id)),
      analyses: await this.cadence.list(campaignId, 'analysis', principal.scope('cadence.read')),
      language,
    });
    return { file, title: campaign.title };
  }
}
