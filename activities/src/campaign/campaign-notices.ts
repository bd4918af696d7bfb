import type { NotificationChannel, NotificationRequest } from '@campaign/contracts';
import type { CampaignReadModelRepository } from '@campaign/persistence';

/** What every notice of a campaign shares: its title, whether it is a rehearsal, its channels. */
export interface CampaignNotices {
  campaignId: string;
  title: string;
  rehearsal: boolean;
  channels: NotificationChannel[];
  /** Shorthand for one request to one person. */
  to(
    personId: string,
    dedupeKey: string,
    templateKey: string,
    params: NotificationRequest['params'],
  ): NotificationRequest;
}

/**
 * A campaign's notices go to the inbox always, and by e-mail unless it is a rehearsal that
 * was not asked to send mail. Rehearsal notices say so in every inbox entry and mail.
 */
export async function campaignNotices(
  readModel: CampaignReadModelRepository,
  campaignId: string,
): Promise<CampaignNotices> {
  const campaign = await readModel.findById(campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} is not in the read model`);
  const channels: NotificationChannel[] = campaign.sendEmail ? ['inbox', 'email'] : ['inbox'];
  return {
    campaignId,
    title: campaign.title,
    rehearsal: campaign.rehearsal,
    channels,
    to: (personId, dedupeKey, templateKey, params) => ({
      dedupeKey,
      recipientPersonId: personId,
      templateKey,
      params,
      campaignId,
      rehearsal: campaign.rehearsal,
      channels,
      urgency: 'reminder',
    }),
  };
}
