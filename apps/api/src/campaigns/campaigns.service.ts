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
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

import type { Action } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { OrgService } from '../org/org.service.js';
import { TemporalDeadlineExceeded, withinDeadline } from '../temporal/deadline.js';

@Injectable()
export class CampaignsService {
  constructor(
    private readonly readModel: CampaignReadModelRepository,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly org: OrgService,
  ) {}

  /**
   * Records the campaign, then starts its workflow. The row comes first so the caller can read
   * the campaign back at once; if the workflow cannot be started the row is removed again, so a
   * failed launch leaves nothing behind.
   */
  async launch(principal: Principal, plan: CampaignPlan): Promise<CampaignEntity> {
    const violations = checkPhaseOrder(plan.phases);
    if (violations.length > 0)
      throw new RuleBrokenError('the work plan breaks phase rules', violations);
    await this.org.visibleUnit(principal, 'campaigns.write', plan.coveredUnitId);

    const input: CampaignWorkflowInput = { campaignId: randomUUID(), plan };
    const workflowId = campaignWorkflowId(input.campaignId);
    await this.readModel.insertPlanned(input, workflowId);
    // One budget for the whole launch, clean-up included: the caller has its answer (201 or
    // 503) within startMs. The start gets most of it; terminating a maybe-started workflow the
    // rest (without a deadline, its retries alone took 19 s when Temporal was down).
    const deadline = Date.now() + this.config.temporal.timeouts.startMs;
    const cleanupMs = Math.min(2_000, this.config.temporal.timeouts.startMs / 5);
    try {
      await withinDeadline(this.temporal, deadline - cleanupMs, () =>
        this.temporal.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
          workflowId,
          taskQueue: this.config.temporal.taskQueue,
          args: [input],
        }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
        // The start may have reached Temporal after all (the answer was lost): stop that
        // workflow before removing the row, so no campaign runs that nobody can see.
        await withinDeadline(this.temporal, deadline, () =>
          this.temporal.workflow
            .getHandle(workflowId)
            .terminate('launch failed: the API could not confirm the start'),
        ).catch(() => undefined);
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
    return this.get(principal, input.campaignId);
  }

  /**
   * A campaign the caller may see: its covered unit lies within their scope, or it was launched
   * above them and covers part of their scope. Anything else answers 404.
   */
  async get(
    principal: Principal,
    id: string,
    action: Action = 'campaigns.read',
  ): Promise<CampaignEntity> {
    const path = await this.readModel.coveredUnitPath(id);
    const scope = principal.scope(action);
    const visible =
      path !== null &&
      (scope.all ||
        scope.paths.some(
          (root) => path === root || path.startsWith(`${root}.`) || root.startsWith(`${path}.`),
        ));
    const campaign = visible ? await this.readModel.findById(id) : null;
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaign;
  }

  list(principal: Principal, page: number, pageSize: number): Promise<CampaignPage> {
    return this.readModel.list(principal.scope('campaigns.read'), (page - 1) * pageSize, pageSize);
  }

  /** The workflow's own view of where the campaign stands; null when Temporal cannot answer now. */
  async liveState(campaign: CampaignEntity): Promise<CampaignState | null> {
    try {
      const handle = this.temporal.workflow.getHandle(campaign.workflowId);
      return await withinDeadline(
        this.temporal,
        Date.now() + this.config.temporal.timeouts.queryMs,
        () => handle.query(getCampaignStateQuery),
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
  async advance(principal: Principal, id: string): Promise<CampaignEntity> {
    const campaign = await this.get(principal, id);
    if (!principal.covers('campaigns.write', (await this.readModel.coveredUnitPath(id))!)) {
      // Readable (launched above the caller) but not theirs to run.
      throw new ForbiddenException('only the office running this campaign may advance it');
    }
    if (campaign.status === 'completed') throw new WrongStateError('the campaign has completed');
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.updateMs, () =>
        this.temporal.workflow.getHandle(campaign.workflowId).executeUpdate(advancePhaseUpdate),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && isNoNextPhase(error.cause)) {
        throw new WrongStateError('the campaign is in its last phase; there is no next phase');
      }
      if (
        error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        error instanceof ServiceError ||
        error instanceof TemporalDeadlineExceeded
      ) {
        // No worker picked the update up in time, or Temporal is unreachable.
        throw new DomainError(
          'unavailable',
          'the campaign did not confirm the advance in time; it may still apply shortly',
        );
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new WrongStateError('the campaign has completed');
      }
      throw error;
    }
    return this.get(principal, id);
  }
}

function isNoNextPhase(cause: unknown): boolean {
  return cause instanceof ApplicationFailure && cause.type === NO_NEXT_PHASE;
}

/** Error class names only: messages from lower layers may quote input. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
