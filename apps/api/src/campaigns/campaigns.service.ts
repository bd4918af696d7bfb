import { randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import {
  advancePhaseUpdate,
  type CampaignState,
  campaignWorkflowId,
  type CampaignWorkflowInput,
  getCampaignStateQuery,
  NO_NEXT_PHASE,
} from '@campaign/contracts';
import {
  type CampaignPlan,
  checkPhaseOrder,
  DomainError,
  NotFoundError,
  RuleBrokenError,
  WrongStateError,
} from '@campaign/domain';
import {
  type CampaignEntity,
  type CampaignPage,
  CampaignReadModelRepository,
} from '@campaign/persistence';
import type { campaignWorkflow } from '@campaign/workflows';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * How long a launch waits for Temporal. If the start did reach the server after all, the
 * workflow's own projection writes the row back, so giving up never loses a campaign.
 */
const START_TIMEOUT_MS = 10_000;
/** How long a read waits for the workflow's live state before answering from the read model alone. */
const LIVE_QUERY_TIMEOUT_MS = 2_000;

@Injectable()
export class CampaignsService {
  constructor(
    private readonly readModel: CampaignReadModelRepository,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Records the campaign, then starts its workflow. The row comes first so the caller can read
   * the campaign back at once; if the workflow cannot be started the row is removed again, so a
   * failed launch leaves nothing behind.
   */
  async launch(plan: CampaignPlan): Promise<CampaignEntity> {
    const violations = checkPhaseOrder(plan.phases);
    if (violations.length > 0)
      throw new RuleBrokenError('the work plan breaks phase rules', violations);

    const input: CampaignWorkflowInput = { campaignId: randomUUID(), plan };
    const workflowId = campaignWorkflowId(input.campaignId);
    await this.readModel.insertPlanned(input, workflowId);
    try {
      await this.temporal.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
        this.temporal.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
          workflowId,
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
        }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        await this.readModel.delete(input.campaignId);
        this.logger.error(
          { campaignId: input.campaignId, err: errorName(error) },
          'could not start campaign workflow',
        );
        throw new DomainError(
          'unavailable',
          'the workflow service is unavailable; nothing was created',
        );
      }
    }
    this.logger.info({ campaignId: input.campaignId, workflowId }, 'campaign launched');
    return this.get(input.campaignId);
  }

  async get(id: string): Promise<CampaignEntity> {
    const campaign = await this.readModel.findById(id);
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaign;
  }

  list(page: number, pageSize: number): Promise<CampaignPage> {
    return this.readModel.list((page - 1) * pageSize, pageSize);
  }

  /** The workflow's own view of where the campaign stands; null when Temporal cannot answer now. */
  async liveState(campaign: CampaignEntity): Promise<CampaignState | null> {
    try {
      const handle = this.temporal.workflow.getHandle(campaign.workflowId);
      return await this.temporal.withDeadline(Date.now() + LIVE_QUERY_TIMEOUT_MS, () =>
        handle.query(getCampaignStateQuery),
      );
    } catch (error) {
      this.logger.warn(
        { campaignId: campaign.id, err: errorName(error) },
        'live campaign state unavailable',
      );
      return null;
    }
  }

  /** Opens the next phase now. 409 when there is none: the last phase, or a finished campaign. */
  async advance(id: string): Promise<CampaignEntity> {
    const campaign = await this.get(id);
    if (campaign.status === 'completed') throw new WrongStateError('the campaign has completed');
    try {
      await this.temporal.workflow.getHandle(campaign.workflowId).executeUpdate(advancePhaseUpdate);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && isNoNextPhase(error.cause)) {
        throw new WrongStateError('the campaign is in its last phase; there is no next phase');
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new WrongStateError('the campaign has completed');
      }
      throw error;
    }
    return this.get(id);
  }
}

function isNoNextPhase(cause: unknown): boolean {
  return cause instanceof ApplicationFailure && cause.type === NO_NEXT_PHASE;
}

/** Error class names only: messages from lower layers may quote input. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
