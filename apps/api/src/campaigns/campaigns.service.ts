import { createHash, randomUUID } from 'node:crypto';

import { APP_CONFIG, type AppConfig, LOGGER, type Logger } from '@campaign/config';
import {
  type AddUnitsRequest,
  addUnitsUpdate,
  advancePhaseUpdate,
  type AdvanceRequest,
  type CampaignState,
  campaignWorkflowId,
  cancelCampaignUpdate,
  type Decision,
  extendPhaseUpdate,
  type ExtendRequest,
  getCampaignStateQuery,
  NO_NEXT_PHASE,
  pauseCampaignUpdate,
  resumeCampaignUpdate,
  WRONG_CAMPAIGN_STATE,
} from '@campaign/contracts';
import {
  CampaignClock,
  type ClockSpec,
  datedPlanSpec,
  DomainError,
  isWithin,
  NotFoundError,
  overlaps,
  type PlanSpec,
  RuleBrokenError,
  WrongStateError,
} from '@campaign/domain';
import {
  campaignClockSpec,
  type CampaignEntity,
  type CampaignPage,
  CampaignReadModelRepository,
  campaignWorkflowInput,
  IdempotencyRepository,
  OrgRepository,
} from '@campaign/persistence';
import { startCadence } from '@campaign/temporal';
import type { campaignWorkflow } from '@campaign/workflows';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';

import { requireAccess } from '../auth/access.js';
import type { Action } from '../auth/policies.js';
import type { Principal } from '../auth/principal.js';
import { claimIdempotencyKey, idFromKey } from '../common/idempotency.js';
import { OrgService } from '../org/org.service.js';
import { PlansService } from '../plans/plans.service.js';
import {
  repeatableWithinDeadline,
  TemporalDeadlineExceeded,
  withinDeadline,
} from '../temporal/deadline.js';
import { TemporalProbe } from '../temporal/temporal-probe.js';
import type { CreateCampaignDto } from './dto/create-campaign.dto.js';

/** Temporal caps a workflow's pending children at 2,000; a campaign keeps well below. */
export const MAX_CAMPAIGN_UNITS = 1_500;

/** The route an idempotency key is scoped to. */
const LAUNCH_ROUTE = 'POST /campaigns';

/** Error class names only: messages from lower layers may quote input. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly readModel: CampaignReadModelRepository,
    private readonly orgRepository: OrgRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly probe: TemporalProbe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly org: OrgService,
    private readonly plans: PlansService,
  ) {}

  /**
   * Launches a campaign: checks the plan against its start and the calendar (422 with every
   * problem), records the campaign with its frozen plan and covered units, then starts its
   * workflow under the deterministic id `campaign-<id>`, idempotently. The row always comes
   * first, so no workflow ever runs without one; should the start not be confirmed, the row
   * waits as `launching` and the reconciler starts it when Temporal answers again. With an
   * `Idempotency-Key`, the same key and body give the same campaign (even while the first
   * request is still in flight); the same key with another body is refused.
   */
  async launch(
    principal: Principal,
    dto: CreateCampaignDto,
    key?: string,
  ): Promise<CampaignEntity> {
    const covered = await this.org.visibleUnit(principal, 'campaigns.write', dto.coveredUnitId);
    if (dto.issuingUnitId)
      await this.org.visibleUnit(principal, 'campaigns.write', dto.issuingUnitId);

    const launchWall = Date.now();
    let spec: PlanSpec;
    let templateId: string | null = null;
    let startsAt: number;
    if (dto.phases) {
      spec = datedPlanSpec(dto.phases);
      startsAt = Date.parse(dto.phases[0]?.startsAt ?? '') || launchWall;
      if (dto.rehearsal) {
        // A rehearsal of dated phases starts them at the launch, on the compressed clock.
        startsAt = dto.startsAt ? Date.parse(dto.startsAt) : startsAt;
      }
    } else {
      ({ plan: spec, templateId } = await this.plans.specOf(principal, dto));
      if (!dto.startsAt && !dto.rehearsal) {
        throw new DomainError('invalid', 'a plan needs its start', [
          {
            field: 'startsAt',
            rule: 'required',
            message: 'startsAt is required with a template or plan',
          },
        ]);
      }
      startsAt = dto.startsAt ? Date.parse(dto.startsAt) : launchWall;
    }
    const check = await this.plans.check(spec, startsAt).catch((error: unknown) => {
      // Dated phases are named as the body named them (startsAt, endsAt).
      if (dto.phases && error instanceof RuleBrokenError) {
        throw new RuleBrokenError(
          error.message,
          error.violations.map((v) => ({
            ...v,
            field: v.field.replace(/\.start$/, '.startsAt').replace(/\.end$/, '.endsAt'),
          })),
        );
      }
      throw error;
    });
    const units = await this.orgRepository.subtree(covered.id);
    if (units.length > MAX_CAMPAIGN_UNITS) {
      throw new RuleBrokenError('the covered subtree is too large for one campaign', [
        {
          field: 'coveredUnitId',
          rule: 'too_many_units',
          message: `a campaign covers at most ${MAX_CAMPAIGN_UNITS} units; this subtree has ${units.length}`,
        },
      ]);
    }
    if (!(await this.probe.isUp())) {
      throw new DomainError(
        'unavailable',
        'the workflow service is unavailable; nothing was created',
      );
    }

    const clock: ClockSpec = dto.rehearsal
      ? CampaignClock.rehearsal(startsAt, launchWall, dto.rehearsal.timeScale).spec
      : CampaignClock.real;
    // The same key always names the same campaign: a repeated launch answers the first one.
    const campaignId = key ? idFromKey(principal.accountId, LAUNCH_ROUTE, key) : randomUUID();
    await this.dataSource.transaction(async (tx) => {
      if (key) {
        const first = await claimIdempotencyKey(this.idempotency, tx, {
          accountId: principal.accountId,
          route: LAUNCH_ROUTE,
          key,
          body: dto,
          resourceId: campaignId,
        });
        if (!first) return;
      }
      await this.readModel.insertLaunch(
        {
          id: campaignId,
          title: dto.title,
          coveredUnitId: covered.id,
          issuingUnitId: dto.issuingUnitId ?? covered.id,
          workflowId: campaignWorkflowId(campaignId),
          plan: { templateId, spec, resolved: check.plan!, flags: check.flags },
          launchedByPersonId: principal.personId,
          rehearsal: Boolean(dto.rehearsal),
          clock,
          sendEmail: dto.rehearsal ? Boolean(dto.rehearsal.sendEmail) : true,
          unitIds: units.map((u) => u.id),
          launchedAt: dto.rehearsal ? startsAt : launchWall,
        },
        tx,
      );
    });
    const campaign = (await this.readModel.findById(campaignId))!;
    await this.start(campaign);
    // Confirmed: no longer `launching` (the workflow says the same as it starts).
    await this.readModel.setStatus(campaignId, 'scheduled', null);
    this.logger.info({ campaignId, workflowId: campaign.workflowId }, 'campaign launched');
    return this.get(principal, campaignId);
  }

  /**
   * Starts (or confirms) a campaign's workflow, idempotently: the id is the campaign's, and a
   * running workflow with it is the one. 503 when Temporal does not confirm in time; the row
   * then waits as `launching` for the reconciler.
   */
  async start(campaign: CampaignEntity): Promise<void> {
    if (!campaign.plan) return; // v1 rows started before plans existed
    const input = campaignWorkflowInput(campaign);
    // Started before and closed already: it ran.
    const ran = (error: unknown) => {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    };
    try {
      await withinDeadline(this.temporal, Date.now() + this.config.temporal.timeouts.startMs, () =>
        Promise.all([
          this.temporal.workflow
            .start<typeof campaignWorkflow>('campaignWorkflow', {
              workflowId: campaign.workflowId,
              taskQueue: this.config.temporal.taskQueue,
              args: [input],
              workflowIdConflictPolicy: 'USE_EXISTING',
            })
            .catch(ran),
          // The ledger's monthly dispatch and quarterly bulletin: a workflow of its own beside
          // the campaign's (the shipped campaign workflow stays as it is). One that finished is
          // not run again; one that failed or was terminated is.
          startCadence(this.temporal, this.config.temporal.taskQueue, input),
        ]),
      );
    } catch (error) {
      this.logger.error(
        { campaignId: campaign.id, err: errorName(error) },
        'could not confirm the campaign workflow start',
      );
      throw new DomainError(
        'unavailable',
        'the workflow service did not confirm the start; the campaign is recorded and starts ' +
          'as soon as it answers (send the same Idempotency-Key again to see it)',
      );
    }
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
      path !== null && (scope.all || scope.paths.some((root) => overlaps(path, root)));
    const campaign = visible ? await this.readModel.findById(id) : null;
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaign;
  }

  /** A campaign the caller runs: readable, and its covered unit within their write scope (else 403). */
  async runnable(principal: Principal, id: string): Promise<CampaignEntity> {
    const campaign = await this.get(principal, id);
    // Readable (launched above the caller) but not theirs to run: 403.
    requireAccess(principal, 'campaigns.write', await this.readModel.coveredUnitPath(id), {
      forbidden: 'only the office running this campaign may change it',
    });
    return campaign;
  }

  list(principal: Principal, page: number, pageSize: number): Promise<CampaignPage> {
    return this.readModel.list(principal.scope('campaigns.read'), (page - 1) * pageSize, pageSize);
  }

  /**
   * The workflow's own view of where the campaign stands; null when Temporal cannot answer by
   * `deadline` (a read's short query deadline by default).
   */
  async liveState(
    campaign: CampaignEntity,
    deadline = Date.now() + this.config.temporal.timeouts.queryMs,
  ): Promise<CampaignState | null> {
    if (campaign.status === 'launching') return null;
    try {
      const handle = this.temporal.workflow.getHandle(campaign.workflowId);
      return await withinDeadline(this.temporal, deadline, () =>
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

  /** Campaign time now, on the campaign's own clock. */
  now(campaign: CampaignEntity): number {
    return new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
  }

  // ---- admin controls: workflow updates with validators, recorded with who, when and why ----

  advance(
    principal: Principal,
    id: string,
    body: { fromPhase: AdvanceRequest['fromPhase']; reason: string },
    key?: string,
  ) {
    return this.control(
      principal,
      id,
      advancePhaseUpdate,
      { expected: body.fromPhase ?? 'start', key },
      (d) => ({
        ...d,
        fromPhase: body.fromPhase,
      }),
      body.reason,
    );
  }

  extend(
    principal: Principal,
    id: string,
    body: { phase: ExtendRequest['phase']; until: string; reason: string },
    key?: string,
  ) {
    const until = new Date(Date.parse(body.until)).toISOString();
    return this.control(
      principal,
      id,
      extendPhaseUpdate,
      { expected: `${body.phase}:${until}`, key },
      (d) => ({
        ...d,
        phase: body.phase,
        until,
      }),
      body.reason,
    );
  }

  async pause(principal: Principal, id: string, reason: string, key?: string) {
    const deadline = this.controlDeadline();
    const revision = await this.revision(principal, id, deadline);
    return this.control(
      principal,
      id,
      pauseCampaignUpdate,
      { expected: String(revision), key },
      (d) => d,
      reason,
      deadline,
    );
  }

  async resume(principal: Principal, id: string, reason: string, key?: string) {
    const deadline = this.controlDeadline();
    const revision = await this.revision(principal, id, deadline);
    return this.control(
      principal,
      id,
      resumeCampaignUpdate,
      { expected: String(revision), key },
      (d) => d,
      reason,
      deadline,
    );
  }

  cancel(principal: Principal, id: string, reason: string, key?: string) {
    return this.control(
      principal,
      id,
      cancelCampaignUpdate,
      { expected: 'running', key },
      (d) => d,
      reason,
    );
  }

  async addUnits(
    principal: Principal,
    id: string,
    body: { unitIds: string[]; reason: string },
    key?: string,
  ) {
    const campaign = await this.runnable(principal, id);
    const coveredPath = (await this.readModel.coveredUnitPath(id))!;
    const existing = new Set(await this.readModel.unitIds(id));
    const problems = [];
    for (const [i, unitId] of body.unitIds.entries()) {
      const unit = await this.orgRepository.findUnit(unitId);
      if (!unit || !principal.covers('campaigns.write', unit.path)) {
        problems.push({
          field: `unitIds.${i}`,
          rule: 'unit_unknown',
          message: `unit ${unitId} does not exist`,
        });
      } else if (!isWithin(unit.path, coveredPath)) {
        problems.push({
          field: `unitIds.${i}`,
          rule: 'unit_outside_campaign',
          message: 'the unit lies outside the subtree the campaign covers',
        });
      } else if (existing.has(unitId)) {
        problems.push({
          field: `unitIds.${i}`,
          rule: 'unit_already_covered',
          message: 'the unit is in the campaign already',
        });
      }
    }
    if (problems.length > 0) throw new RuleBrokenError('some units cannot be added', problems);
    const unitIds = [...body.unitIds].sort();
    const fingerprint = createHash('sha256').update(unitIds.join(',')).digest('hex').slice(0, 16);
    return this.control(
      principal,
      campaign.id,
      addUnitsUpdate,
      { expected: fingerprint, key },
      (d): AddUnitsRequest => ({ ...d, unitIds }),
      body.reason,
    );
  }

  /**
   * A control's one deadline (TEMPORAL_UPDATE_TIMEOUT_MS), shared by the query that reads the
   * state it expects and the update itself: a just-launched campaign, busy starting its units,
   * answers a query only after that work, which could take longer than a read's short deadline.
   */
  private controlDeadline(): number {
    return Date.now() + this.config.temporal.timeouts.updateMs;
  }

  private async revision(principal: Principal, id: string, deadline: number): Promise<number> {
    const campaign = await this.runnable(principal, id);
    const live = await this.liveState(campaign, deadline);
    if (!live)
      throw new DomainError(
        'unavailable',
        'the campaign did not answer in time; try again shortly',
      );
    return live.revision ?? 0;
  }

  /**
   * Sends an admin control as a workflow update. The update id names the very request: its
   * sender's Idempotency-Key, or else the state the caller expects, who sends it and why. So the
   * same request repeated (a double click, a retry, thirty at once) applies once and each gets
   * its answer; another request — another person or another reason — is another update, which
   * the workflow's validator refuses (409) when the state it expects is gone. Nobody's reason is
   * taken for somebody else's.
   */
  private async control<Args extends Decision>(
    principal: Principal,
    id: string,
    update: UpdateDefinition<CampaignState, [Args]>,
    request: { expected: string; key: string | undefined },
    args: (decision: Decision) => Args,
    reason: string,
    deadline = this.controlDeadline(),
  ): Promise<CampaignEntity> {
    const updateId = controlUpdateId(update.name, principal.personId, request, reason);
    const campaign = await this.runnable(principal, id);
    if (campaign.status === 'completed' || campaign.status === 'cancelled') {
      throw new WrongStateError(`the campaign is ${campaign.status}`);
    }
    if (campaign.status === 'launching')
      throw new WrongStateError('the campaign has not started yet');
    if (!campaign.plan && update.name !== advancePhaseUpdate.name) {
      throw new WrongStateError(
        'this campaign was launched before plans existed and only advances',
      );
    }
    const decision: Decision = { actorPersonId: principal.personId, reason, requestId: updateId };
    try {
      await repeatableWithinDeadline(this.temporal, deadline, () =>
        this.temporal.workflow.getHandle(campaign.workflowId).executeUpdate(update, {
          args: [args(decision)],
          updateId,
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === NO_NEXT_PHASE) {
          throw new WrongStateError('the campaign is in its last phase; there is no next phase');
        }
        if (error.cause.type === WRONG_CAMPAIGN_STATE)
          throw new WrongStateError(error.cause.message);
      }
      if (
        error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        error instanceof ServiceError ||
        error instanceof TemporalDeadlineExceeded
      ) {
        // No worker picked the update up in time, or Temporal is unreachable.
        this.logger.warn(
          { campaignId: id, update: update.name, err: error },
          'a campaign control was not confirmed in time',
        );
        throw new DomainError(
          'unavailable',
          'the campaign did not confirm in time; it may still apply shortly',
        );
      }
      if (error instanceof WorkflowNotFoundError)
        throw new WrongStateError('the campaign has ended');
      throw error;
    }
    return this.get(principal, id);
  }
}

/**
 * A control's update id. Hashed: Temporal keeps update ids in clear, and a reason may name
 * people. A key is scoped to its sender, so two people's keys never meet.
 */
export function controlUpdateId(
  name: string,
  personId: string,
  request: { expected: string; key: string | undefined },
  reason: string,
): string {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
  return request.key !== undefined
    ? `${name}:key:${hash(`${personId}\n${request.key}`)}`
    : `${name}:${request.expected}:${hash(`${personId}\n${reason}`)}`;
}
