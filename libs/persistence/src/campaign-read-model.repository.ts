import type {
  CampaignEventRecord,
  CampaignPhaseChange,
  CampaignWorkflowInput,
  FrozenPlan,
  PhaseProjection,
} from '@campaign/contracts';
import type { CampaignStatus, ClockSpec, ScheduleShift } from '@campaign/domain';
import type { DataSource, EntityManager } from 'typeorm';

import { CampaignEntity } from './entities/campaign.entity.js';
import { CampaignEventEntity } from './entities/campaign-event.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import type { Scope } from './org.repository.js';

export interface CampaignPage {
  items: CampaignEntity[];
  total: number;
}

/** A campaign as the launch records it, before its workflow runs. */
export interface NewCampaign {
  id: string;
  title: string;
  coveredUnitId: string;
  issuingUnitId: string;
  workflowId: string;
  plan: FrozenPlan;
  launchedByPersonId: string | null;
  rehearsal: boolean;
  clock: ClockSpec;
  sendEmail: boolean;
  unitIds: string[];
  /** Campaign time of the launch. */
  launchedAt: number;
}

/**
 * All reads and writes of the campaign read model. Writes are idempotent upserts keyed by the
 * campaign id (or an event key), so a retried activity or a repeated request never writes twice.
 */
export class CampaignReadModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** v1: records a campaign and its planned phases; a second call with the same id changes nothing. */
  async insertPlanned(input: CampaignWorkflowInput, workflowId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const { campaignId, plan } = input;
      await tx.query(
        `INSERT INTO campaigns (id, title, covered_unit_id, status, current_phase, workflow_id)
         VALUES ($1, $2, $3, 'scheduled', NULL, $4)
         ON CONFLICT (id) DO NOTHING`,
        [campaignId, plan.title, plan.coveredUnitId, workflowId],
      );
      for (const [position, phase] of plan.phases.entries()) {
        await tx.query(
          `INSERT INTO campaign_phases (campaign_id, kind, position, starts_at, ends_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (campaign_id, kind) DO NOTHING`,
          [campaignId, phase.kind, position, phase.startsAt, phase.endsAt],
        );
      }
    });
  }

  /**
   * Records a launch: the campaign (status `launching` until its workflow confirms), its phases
   * and the units it covers, in the caller's transaction. A second call with the same id
   * changes nothing, so an idempotent launch can repeat it.
   */
  async insertLaunch(campaign: NewCampaign, tx: EntityManager): Promise<boolean> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO campaigns (id, title, covered_unit_id, status, current_phase, workflow_id, plan,
         template_id, issuing_unit_id, launched_by_person_id, rehearsal, time_scale,
         clock_campaign_anchor, clock_workflow_anchor, send_email, launched_at)
       VALUES ($1, $2, $3, 'launching', NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        campaign.id,
        campaign.title,
        campaign.coveredUnitId,
        campaign.workflowId,
        JSON.stringify(campaign.plan),
        campaign.plan.templateId,
        campaign.issuingUnitId,
        campaign.launchedByPersonId,
        campaign.rehearsal,
        campaign.clock.timeScale,
        // A real campaign's clock is the identity: no anchors.
        campaign.rehearsal ? new Date(campaign.clock.campaignAnchor) : null,
        campaign.rehearsal ? new Date(campaign.clock.workflowAnchor) : null,
        campaign.sendEmail,
        new Date(campaign.launchedAt),
      ],
    );
    if (rows.length === 0) return false;
    for (const phase of campaign.plan.resolved.phases) {
      await tx.query(
        `INSERT INTO campaign_phases (campaign_id, kind, position, name, starts_at, ends_at,
           planned_starts_at, planned_ends_at)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $6)`,
        [
          campaign.id,
          phase.kind,
          phase.index,
          JSON.stringify(phase.name),
          phase.startsAt,
          phase.endsAt,
        ],
      );
    }
    await tx.query(
      `INSERT INTO campaign_units (campaign_id, unit_id, added_at, added_later)
       SELECT $1, unnest($2::uuid[]), $3, false`,
      [campaign.id, campaign.unitIds, new Date(campaign.launchedAt)],
    );
    return true;
  }

  /** v1: applies one phase change; applying it again leaves the row as it was. */
  async recordPhaseChange(change: CampaignPhaseChange): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE campaigns SET status = $2, current_phase = $3, updated_at = now() WHERE id = $1`,
        [change.campaignId, change.status, change.phase],
      );
      if (change.status === 'active' && change.phase) {
        await tx.query(
          `UPDATE campaign_phases SET opened_at = $3, opened_early = $4
           WHERE campaign_id = $1 AND kind = $2 AND opened_at IS NULL`,
          [change.campaignId, change.phase, change.at, change.advanced],
        );
      }
    });
  }

  async setStatus(
    campaignId: string,
    status: CampaignStatus,
    pausedAt: number | null,
  ): Promise<void> {
    // `scheduled` comes from the launch's confirmation (out of `launching`) or from resuming a
    // campaign paused before its first phase; a late confirmation never moves it back.
    const guard = status === 'scheduled' ? `AND status IN ('launching', 'paused')` : '';
    await this.dataSource.query(
      `UPDATE campaigns SET status = $2, paused_at = $3, updated_at = now() WHERE id = $1 ${guard}`,
      [campaignId, status, pausedAt === null ? null : new Date(pausedAt)],
    );
  }

  /** A phase opened or closed (campaign time); only the first of each is kept. */
  async projectPhase(p: PhaseProjection): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (p.event === 'open') {
        await tx.query(
          `UPDATE campaign_phases SET opened_at = $3, opened_early = $4
           WHERE campaign_id = $1 AND position = $2 AND opened_at IS NULL`,
          [p.campaignId, p.phaseIndex, new Date(p.at), p.early],
        );
        await tx.query(
          `UPDATE campaigns c SET current_phase = ph.kind, status = $3, updated_at = now()
           FROM campaign_phases ph WHERE c.id = $1 AND ph.campaign_id = c.id AND ph.position = $2`,
          [p.campaignId, p.phaseIndex, p.status],
        );
      } else {
        await tx.query(
          `UPDATE campaign_phases SET closed_at = $3 WHERE campaign_id = $1 AND position = $2 AND closed_at IS NULL`,
          [p.campaignId, p.phaseIndex, new Date(p.at)],
        );
      }
    });
  }

  /**
   * Moves everything of the campaign at or after `shift.from` by `shift.by`: phase dates and
   * task deadlines. Keyed, so a retried activity moves nothing twice.
   */
  async applyShift(campaignId: string, key: string, shift: ScheduleShift): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const recorded = await this.insertEvent(
        {
          campaignId,
          key,
          kind: 'schedule_shift',
          scheduledAt: shift.from,
          firedAt: shift.from,
          details: { byMs: shift.by },
        },
        tx,
      );
      if (!recorded) return;
      const params = [campaignId, new Date(shift.from), `${shift.by} milliseconds`];
      await tx.query(
        `UPDATE campaign_phases SET
           starts_at = CASE WHEN starts_at >= $2 THEN starts_at + $3::interval ELSE starts_at END,
           ends_at = CASE WHEN ends_at >= $2 THEN ends_at + $3::interval ELSE ends_at END
         WHERE campaign_id = $1`,
        params,
      );
      await tx.query(
        `UPDATE campaign_tasks SET due_at = due_at + $3::interval, updated_at = now()
         WHERE campaign_id = $1 AND due_at >= $2`,
        params,
      );
    });
  }

  /** Records what a workflow did; false when it was already recorded. */
  async insertEvent(event: CampaignEventRecord, tx?: EntityManager): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.manager(tx).query(
      `INSERT INTO campaign_events (id, campaign_id, key, kind, unit_id, phase_index, task_key,
         scheduled_at, fired_at, count, details)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (campaign_id, key) DO NOTHING RETURNING id`,
      [
        event.campaignId,
        event.key,
        event.kind,
        event.unitId ?? null,
        event.phaseIndex ?? null,
        event.taskKey ?? null,
        new Date(event.scheduledAt),
        new Date(event.firedAt),
        event.count ?? null,
        JSON.stringify(event.details ?? {}),
      ],
    );
    return rows.length > 0;
  }

  /** A campaign's events in the order they were scheduled. */
  async events(campaignId: string, kinds?: string[]): Promise<CampaignEventEntity[]> {
    const qb = this.dataSource
      .getRepository(CampaignEventEntity)
      .createQueryBuilder('e')
      .where('e.campaign_id = :campaignId', { campaignId });
    if (kinds) qb.andWhere('e.kind = ANY(:kinds)', { kinds });
    return qb.orderBy('e.scheduled_at', 'ASC').addOrderBy('e.key', 'ASC').getMany();
  }

  async unitIds(campaignId: string): Promise<string[]> {
    const rows: Array<{ unit_id: string }> = await this.dataSource.query(
      'SELECT unit_id FROM campaign_units WHERE campaign_id = $1 ORDER BY added_at, unit_id',
      [campaignId],
    );
    return rows.map((r) => r.unit_id);
  }

  /** The campaign's units within a scope, in tree order, with their names. */
  async unitsInScope(
    campaignId: string,
    scope: Scope,
  ): Promise<Array<{ id: string; name: string; code: string; path: string }>> {
    const params: unknown[] = [campaignId];
    if (!scope.all) params.push(scope.paths);
    return this.dataSource.query(
      `SELECT u.id, u.name, u.code, u.path::text AS path FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
       WHERE cu.campaign_id = $1 ${scope.all ? '' : 'AND u.path <@ $2::ltree[]'}
       ORDER BY u.path`,
      params,
    );
  }

  /** A page of what the campaign's workflows did, in the order it was scheduled. */
  async eventPage(
    campaignId: string,
    offset: number,
    limit: number,
    kinds?: string[],
  ): Promise<{ items: CampaignEventEntity[]; total: number }> {
    const qb = this.dataSource
      .getRepository(CampaignEventEntity)
      .createQueryBuilder('e')
      .where('e.campaign_id = :campaignId', { campaignId });
    if (kinds && kinds.length > 0) qb.andWhere('e.kind = ANY(:kinds)', { kinds });
    const [items, total] = await qb
      .orderBy('e.scheduled_at', 'ASC')
      .addOrderBy('e.key', 'ASC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  async addUnits(campaignId: string, unitIds: string[], at: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO campaign_units (campaign_id, unit_id, added_at, added_later)
       SELECT $1, unnest($2::uuid[]), $3, true ON CONFLICT DO NOTHING`,
      [campaignId, unitIds, new Date(at)],
    );
  }

  /** Campaigns still running that cover a unit: the ones a joiner or leaver there concerns. */
  async runningCampaignsCovering(
    unitIds: string[],
  ): Promise<Array<{ campaignId: string; unitId: string }>> {
    if (unitIds.length === 0) return [];
    const rows: Array<{ campaign_id: string; unit_id: string }> = await this.dataSource.query(
      `SELECT cu.campaign_id, cu.unit_id FROM campaign_units cu JOIN campaigns c ON c.id = cu.campaign_id
       WHERE cu.unit_id = ANY($1::uuid[]) AND c.status NOT IN ('completed', 'cancelled') AND c.plan IS NOT NULL`,
      [unitIds],
    );
    return rows.map((r) => ({ campaignId: r.campaign_id, unitId: r.unit_id }));
  }

  /** Launches whose workflow start was never confirmed (Temporal was down), oldest first. */
  async unconfirmedLaunches(olderThan: Date, limit: number): Promise<CampaignEntity[]> {
    return this.dataSource
      .getRepository(CampaignEntity)
      .createQueryBuilder('c')
      .where(`c.status = 'launching' AND c.created_at < :olderThan`, { olderThan })
      .orderBy('c.created_at', 'ASC')
      .take(limit)
      .getMany();
  }

  async findById(id: string, tx?: EntityManager): Promise<CampaignEntity | null> {
    return this.manager(tx)
      .getRepository(CampaignEntity)
      .findOne({
        where: { id },
        relations: { phases: true },
        order: { phases: { position: 'ASC' } },
      });
  }

  /**
   * Campaigns a scope can see, newest first (the id breaks ties so pages never overlap): those
   * covering a unit within the scope, and those launched above it that cover part of it.
   */
  async list(scope: Scope, offset: number, limit: number): Promise<CampaignPage> {
    const qb = this.dataSource
      .getRepository(CampaignEntity)
      .createQueryBuilder('c')
      .innerJoin(UnitEntity, 'u', 'u.id = c.covered_unit_id');
    if (!scope.all) {
      qb.andWhere('(u.path <@ :paths::ltree[] OR u.path @> :paths::ltree[])', {
        paths: scope.paths,
      });
    }
    const [items, total] = await qb
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /** The path of the unit a campaign covers, for scope checks; null for an unknown campaign. */
  async coveredUnitPath(campaignId: string): Promise<string | null> {
    const rows: Array<{ path: string }> = await this.dataSource.query(
      'SELECT u.path::text AS path FROM campaigns c JOIN units u ON u.id = c.covered_unit_id WHERE c.id = $1',
      [campaignId],
    );
    return rows[0]?.path ?? null;
  }
}
