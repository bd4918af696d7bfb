import type { CadenceActivities } from '@campaign/contracts';
import { CampaignClock, DomainError } from '@campaign/domain';
import {
  CadenceRepository,
  campaignClockSpec,
  CampaignReadModelRepository,
} from '@campaign/persistence';

import type { ActivityDeps } from '../deps.js';

/** Activities of the cadence workflow: one period's dispatch or bulletin, produced once. */
export function createCadenceActivities({ dataSource, logger }: ActivityDeps): CadenceActivities {
  const cadence = new CadenceRepository(dataSource);
  const readModel = new CampaignReadModelRepository(dataSource);

  return {
    async produceCadenceReport({ campaignId, kind, period, from, to, at }) {
      const campaign = await readModel.findById(campaignId);
      if (!campaign) throw new DomainError('not_found', `campaign ${campaignId} is not recorded`);
      const clock = new CampaignClock(campaignClockSpec(campaign));
      const { created } = await cadence.produce({
        campaignId,
        kind,
        period,
        from: new Date(from),
        to: new Date(to),
        producedCampaignAt: new Date(at),
        rehearsal: campaign.rehearsal,
      });
      if (created) logger.info({ campaignId, kind, period }, 'cadence report produced');
      const ends = (campaign.phases ?? []).map((phase) => phase.endsAt.getTime());
      let campaignEndsAt = ends.length > 0 ? Math.max(...ends) : to;
      if (campaign.status === 'cancelled') {
        // Cancelled: it ended when its row last changed (the cancellation), on its own clock.
        campaignEndsAt = Math.min(campaignEndsAt, clock.toCampaign(campaign.updatedAt.getTime()));
      }
      return { created, campaignEndsAt };
    },
  };
}
