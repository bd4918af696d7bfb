import { CampaignClock, type ItemCategory, type ItemSource } from '@campaign/domain';
import { campaignClockSpec, CampaignReadModelRepository } from '@campaign/persistence';
import { registerItems } from '@campaign/temporal';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';

export interface TestItem {
  campaignId: string;
  unitId: string;
  personIds?: string[];
  description?: string;
  source?: ItemSource;
  category?: ItemCategory;
  byPersonId: string;
  taskQueue: string;
  /** Campaign time of the registration; now on the campaign's clock when omitted. */
  at?: number;
}

/**
 * Registers a ledger item the way the API does (`registerItems`), for worker-level tests and
 * benchmarks without an API. Returns the item's id.
 */
export async function registerTestItem(
  dataSource: DataSource,
  client: Client,
  item: TestItem,
): Promise<string> {
  const campaign = await new CampaignReadModelRepository(dataSource).findById(item.campaignId);
  if (!campaign) throw new Error(`no campaign ${item.campaignId}`);
  const id = crypto.randomUUID();
  const at = item.at ?? new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
  const { failed } = await registerItems(dataSource, client, item.taskQueue, [
    {
      id,
      campaignId: campaign.id,
      unitId: item.unitId,
      personIds: item.personIds ?? [],
      description: item.description ?? '个别民警工作纪律松弛。',
      source: item.source ?? 'inspection',
      sourceRound: null,
      category: item.category ?? 'discipline_work',
      registeredByPersonId: item.byPersonId,
      registeredAt: new Date(at),
      rehearsal: campaign.rehearsal,
    },
  ]);
  if (failed.length > 0) throw new Error(`the workflow of item ${id} did not start`);
  return id;
}
