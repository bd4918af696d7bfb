import { itemWorkflowId } from '@campaign/contracts';
import { CampaignClock, dayOf, type ItemCategory, type ItemSource, yearOf } from '@campaign/domain';
import {
  CalendarRepository,
  campaignClockSpec,
  CampaignReadModelRepository,
  itemWorkflowInput,
  LedgerRepository,
} from '@campaign/persistence';
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
 * Registers a ledger item the way the API does, for worker-level tests and benchmarks without
 * an API: the row with the next number of its campaign, then `item-<id>` with the input the API
 * gives it. Returns the item's id.
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
  const registration = {
    type: 'registered' as const,
    at,
    by: item.byPersonId,
    itemId: id,
    campaignId: campaign.id,
    unitId: item.unitId,
    personIds: item.personIds ?? [],
    source: item.source ?? 'inspection',
    category: item.category ?? 'discipline_work',
  };
  const ledger = new LedgerRepository(dataSource);
  await dataSource.transaction((tx) =>
    ledger.insertItem(
      {
        id,
        campaignId: campaign.id,
        unitId: item.unitId,
        personIds: registration.personIds,
        description: item.description ?? '个别民警工作纪律松弛。',
        source: registration.source,
        sourceRound: null,
        category: registration.category,
        registeredByPersonId: item.byPersonId,
        registeredAt: new Date(at),
        rehearsal: campaign.rehearsal,
      },
      tx,
    ),
  );
  const year = yearOf(dayOf(at));
  const years = await new CalendarRepository(dataSource).years(year - 1, year + 3);
  await client.workflow.start('itemWorkflow', {
    workflowId: itemWorkflowId(id),
    taskQueue: item.taskQueue,
    args: [itemWorkflowInput(campaign, registration, years)],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return id;
}
