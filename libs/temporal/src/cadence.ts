import {
  CADENCE_WORKFLOW,
  cadenceWorkflowId,
  cadenceWorkflowInput,
  type CampaignWorkflowInput,
} from '@campaign/contracts';
import { CampaignEntity, campaignWorkflowInput } from '@campaign/persistence';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type DataSource, In, IsNull, Not } from 'typeorm';

/**
 * Starts a campaign's cadence workflow (`cadence-<id>`: its monthly dispatches and quarterly
 * bulletins) unless it runs or ran: USE_EXISTING keeps a running one, and one that completed is
 * not run again (its reports exist); one that failed or was terminated is started anew, and
 * catches up what it owes (each report is produced once whoever produces it).
 */
export async function startCadence(
  client: Client,
  taskQueue: string,
  campaign: CampaignWorkflowInput,
): Promise<void> {
  try {
    await client.workflow.start(CADENCE_WORKFLOW, {
      workflowId: cadenceWorkflowId(campaign.campaignId),
      taskQueue,
      args: [cadenceWorkflowInput(campaign)],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return; // it ran to its end
    throw error;
  }
}

/** Statuses of a campaign whose cadence may still owe reports (launching ones the reconciler starts). */
const RUNNING = ['scheduled', 'active', 'paused', 'holding'] as const;

/**
 * Makes sure every running campaign has its cadence workflow: campaigns launched before the
 * cadence existed get theirs (and catch up the periods they passed), the others keep the one
 * they have. Every worker runs it at boot; a second start is harmless. Returns how many it checked.
 */
export async function ensureCadences(
  client: Client,
  dataSource: DataSource,
  taskQueue: string,
): Promise<number> {
  const campaigns = await dataSource.getRepository(CampaignEntity).find({
    where: { status: In([...RUNNING]), plan: Not(IsNull()) },
  });
  for (const campaign of campaigns) {
    await startCadence(client, taskQueue, campaignWorkflowInput(campaign));
  }
  return campaigns.length;
}
