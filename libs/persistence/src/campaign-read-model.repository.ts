import type { CampaignPhaseChange, CampaignWorkflowInput } from '@campaign/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { CampaignEntity } from './entities/campaign.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import type { Scope } from './org.repository.js';

export interface CampaignPage {
  items: CampaignEntity[];
  total: number;
}

/**
 * All reads and writes of the campaign read model. Writes are idempotent upserts keyed by the
 * campaign id, so a retried activity or a repeated request never writes twice.
 */
export class CampaignReadModelRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a campaign and its planned phases; a second call with the same id changes nothing. */
  async insertPlanned(input: CampaignWorkflowInput, workflowId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.upsertPlanned(tx, input, workflowId);
    });
  }

  private async upsertPlanned(
    tx: EntityManager,
    { campaignId, plan }: CampaignWorkflowInput,
    workflowId: string,
  ): Promise<void> {
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
  }

  /** Applies one phase change; applying it again leaves the row as it was. */
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

  async findById(id: string): Promise<CampaignEntity | null> {
    return this.dataSource.getRepository(CampaignEntity).findOne({
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

  /** Removes a campaign whose workflow could not be started, so no orphan row remains. */
  async delete(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM campaigns WHERE id = $1', [id]);
  }
}
