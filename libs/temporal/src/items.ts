import { itemWorkflowId, type ItemWorkflowInput, retryItemStepSignal } from '@campaign/contracts';
import { dayOf, yearOf } from '@campaign/domain';
import {
  CalendarRepository,
  type CampaignEntity,
  CampaignReadModelRepository,
  itemWorkflowInput,
  type LedgerItemEntity,
  LedgerRepository,
  type NewLedgerItem,
} from '@campaign/persistence';
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Registering a ledger item, the one way the API, the ledger import, the intake and the tests
 * do it: the row is committed first (with the next number of its campaign's ledger), then its
 * workflow `item-<id>` is started idempotently, then the row is marked started. Rows whose start
 * Temporal has not confirmed (it was down, the process died) are found again by
 * `unstartedItemIds` and started by the same function: no item is ever registered without its
 * workflow for long, and none gets two.
 */
export async function registerItems(
  dataSource: DataSource,
  client: Client,
  taskQueue: string,
  items: NewLedgerItem[],
  tx?: EntityManager,
): Promise<ItemStartResult> {
  const ledger = new LedgerRepository(dataSource);
  if (tx) await ledger.insertItems(items, tx);
  else await dataSource.transaction((t) => ledger.insertItems(items, t));
  if (tx) return { started: [], failed: [] }; // the caller's transaction is not committed yet
  return startItemWorkflows(
    dataSource,
    client,
    taskQueue,
    items.map((i) => i.id),
  );
}

export interface ItemStartResult {
  started: string[];
  /** Ids whose start failed (Temporal unavailable): their rows stay "starting". */
  failed: string[];
}

/** The registration event an item's workflow starts with, rebuilt from its row. */
export function registrationOf(item: LedgerItemEntity): ItemWorkflowInput['registration'] {
  return {
    type: 'registered',
    at: item.registeredAt.getTime(),
    by: item.registeredByPersonId,
    requestId: item.id,
    itemId: item.id,
    campaignId: item.campaignId,
    unitId: item.unitId,
    personIds: item.personIds,
    source: item.source,
    ...(item.sourceRound !== null ? { sourceRound: item.sourceRound } : {}),
    category: item.category,
  };
}

/**
 * Starts the workflows of these registered items, `concurrency` at a time, and marks each row
 * whose start Temporal confirmed (a workflow already running under the id counts as started).
 * Stops starting after the first failure (Temporal is likely down) and reports the rest as failed.
 */
export async function startItemWorkflows(
  dataSource: DataSource,
  client: Client,
  taskQueue: string,
  ids: string[],
  { concurrency = 32 }: { concurrency?: number } = {},
): Promise<ItemStartResult> {
  const ledger = new LedgerRepository(dataSource);
  const items = (await ledger.itemsToStart(ids)).filter((i) => i.workflowStartedAt === null);
  const inputs = await workflowInputs(dataSource, items);
  const started: string[] = [];
  const failed: string[] = [];
  /** Confirmed starts not yet marked on their rows, written 200 at a time. */
  let unmarked: string[] = [];
  const mark = async (all: boolean) => {
    if (unmarked.length < (all ? 1 : 200)) return;
    const batch = unmarked;
    unmarked = [];
    await ledger.markStarted(batch);
  };
  let next = 0;
  let broken = false;
  const lane = async () => {
    while (next < inputs.length) {
      const input = inputs[next++];
      if (broken) {
        failed.push(input.itemId);
        continue;
      }
      try {
        await client.workflow.start('itemWorkflow', {
          workflowId: itemWorkflowId(input.itemId),
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          // An item whose workflow ran and ended (confirmed) is never started again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        started.push(input.itemId);
        unmarked.push(input.itemId);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          started.push(input.itemId);
          unmarked.push(input.itemId);
        } else {
          broken = true;
          failed.push(input.itemId);
        }
      }
      await mark(false);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  await mark(true);
  return { started, failed };
}

/** Each item's input: its campaign's clock and frozen policy, the calendar, an imported assignment. */
async function workflowInputs(
  dataSource: DataSource,
  items: LedgerItemEntity[],
): Promise<ItemWorkflowInput[]> {
  const readModel = new CampaignReadModelRepository(dataSource);
  const calendar = new CalendarRepository(dataSource);
  const campaigns = new Map<string, CampaignEntity>();
  const years = new Map<number, Awaited<ReturnType<CalendarRepository['years']>>>();
  const inputs: ItemWorkflowInput[] = [];
  for (const item of items) {
    let campaign = campaigns.get(item.campaignId);
    if (!campaign) {
      const found = await readModel.findById(item.campaignId);
      if (!found) continue; // the campaign went (deleted with its items)
      campaigns.set(item.campaignId, (campaign = found));
    }
    const year = yearOf(dayOf(item.registeredAt.getTime()));
    let span = years.get(year);
    if (!span) years.set(year, (span = await calendar.years(year - 1, year + 3)));
    const input = itemWorkflowInput(campaign, registrationOf(item), span);
    inputs.push(
      item.importedAssignment ? { ...input, assignment: item.importedAssignment } : input,
    );
  }
  return inputs;
}

/**
 * Retries every parked item's failed step (a worker's boot: the deploy may have brought the fix),
 * `concurrency` at a time. An item that fails again parks again; one whose workflow is gone is
 * skipped. Returns how many were woken.
 */
export async function retryParkedItems(
  dataSource: DataSource,
  client: Client,
  { concurrency = 32 }: { concurrency?: number } = {},
): Promise<number> {
  const ids = await new LedgerRepository(dataSource).parkedItemIds();
  let woken = 0;
  for (let i = 0; i < ids.length; i += concurrency) {
    await Promise.all(
      ids.slice(i, i + concurrency).map(async (id) => {
        try {
          await client.workflow.getHandle(itemWorkflowId(id)).signal(retryItemStepSignal);
          woken++;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }),
    );
  }
  return woken;
}
