import type { CadenceActivities } from '@campaign/contracts';
import { CADENCE_FIGURES, cadencePeriodLabel, CampaignClock, DomainError } from '@campaign/domain';
import {
  CadenceRepository,
  campaignClockSpec,
  CampaignReadModelRepository,
  emptyFigures,
  NotificationRepository,
  TaskRepository,
} from '@campaign/persistence';

import { campaignNotices } from '../campaign/campaign-notices.js';
import type { ActivityDeps } from '../deps.js';
import { startBatchDelivery } from '../notification/start-batch.js';

/** Activities of the cadence workflow: one period's dispatch or bulletin, produced once. */
export function createCadenceActivities({ dataSource, logger }: ActivityDeps): CadenceActivities {
  const cadence = new CadenceRepository(dataSource);
  const readModel = new CampaignReadModelRepository(dataSource);
  const tasks = new TaskRepository(dataSource);
  const notifications = new NotificationRepository(dataSource);

  /**
   * A half-year analysis is produced (年中查账): the office of the campaign's issuing unit and
   * the supervisors over the whole campaign are told, with its figures, to read it. Sent on every
   * attempt, not only the one that wrote the report (a retry after a crash still tells them);
   * keyed by the report and person, so nobody is told twice.
   */
  const noticeAnalysis = async (campaignId: string, period: string): Promise<void> => {
    const campaign = await readModel.findById(campaignId);
    const record = (await cadence.list(campaignId, 'analysis', { all: true })).find(
      (r) => r.report.period === period,
    );
    if (!campaign || !record) return;
    const office = campaign.issuingUnitId ?? campaign.coveredUnitId;
    const recipients = [
      ...new Set([
        ...((await tasks.unitContacts([office])).get(office) ?? []),
        ...(await tasks.supervisorsOver(campaign.coveredUnitId)),
      ]),
    ];
    const totals = emptyFigures();
    for (const unit of record.units) {
      for (const figure of CADENCE_FIGURES) totals[figure] += unit.figures[figure] ?? 0;
    }
    const notices = await campaignNotices(readModel, campaignId);
    const params = {
      campaignTitle: notices.title,
      periodLabel: {
        'zh-CN': cadencePeriodLabel(period, 'zh-CN'),
        en: cadencePeriodLabel(period, 'en'),
      },
      // The period ends at midnight after its last day: the analysis stands as of that day.
      periodEnd: record.report.periodEnd.getTime() - 1,
      total: totals.total,
      new: totals.new,
      closed: totals.closed,
      inProgress: totals.inProgress,
      overdue: totals.overdue,
      escalated: totals.escalated,
      named: record.named.length,
      campaignId,
    };
    const requests = recipients.map((personId) =>
      notices.to(personId, `analysis-${record.report.id}:${personId}`, 'analysis_produced', params),
    );
    const batchKey = `${campaignId}:analysis:${period}`;
    await notifications.enqueue(requests, batchKey);
    if (requests.length > 0 && notices.channels.includes('email')) {
      await startBatchDelivery(batchKey);
    }
  };

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
      if (kind === 'analysis') await noticeAnalysis(campaignId, period);
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
