import type { CampaignWorkflowInput, FrozenPlan } from '@campaign/contracts';
import type { CampaignStatus, ClockSpec, PhaseKind } from '@campaign/domain';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';

import { CampaignPhaseEntity } from './campaign-phase.entity.js';
import { UnitEntity } from './unit.entity.js';

/** The read model of one campaign: what people list and open. Temporal holds what happens next. */
@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Index('idx_campaigns_covered_unit')
  @Column({ name: 'covered_unit_id', type: 'uuid' })
  coveredUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'covered_unit_id' })
  coveredUnit?: Relation<UnitEntity>;

  @Column({ type: 'varchar', length: 16 })
  status!: CampaignStatus;

  @Column({ name: 'current_phase', type: 'varchar', length: 32, nullable: true })
  currentPhase!: PhaseKind | null;

  @Column({ name: 'workflow_id', type: 'varchar', length: 100, unique: true })
  workflowId!: string;

  /** The plan in force at launch, frozen: later template edits change only later campaigns. Null for campaigns launched before plans existed. */
  @Column({ type: 'jsonb', nullable: true })
  plan!: FrozenPlan | null;

  @Column({ name: 'template_id', type: 'uuid', nullable: true })
  templateId!: string | null;

  @Column({ name: 'issuing_unit_id', type: 'uuid', nullable: true })
  issuingUnitId!: string | null;

  @Column({ name: 'launched_by_person_id', type: 'uuid', nullable: true })
  launchedByPersonId!: string | null;

  /** A rehearsal runs the plan on a compressed clock; it is left out of every real report and count. */
  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  /** Campaign milliseconds per wall millisecond (1 for a real campaign). */
  @Column({ name: 'time_scale', type: 'double precision', default: 1 })
  timeScale!: number;

  /** The clock's anchors: campaign instant `clockCampaignAnchor` happened at `clockWorkflowAnchor`. */
  @Column({ name: 'clock_campaign_anchor', type: 'timestamptz', nullable: true })
  clockCampaignAnchor!: Date | null;

  @Column({ name: 'clock_workflow_anchor', type: 'timestamptz', nullable: true })
  clockWorkflowAnchor!: Date | null;

  /** Whether the campaign sends e-mail (a rehearsal does only when asked to). */
  @Column({ name: 'send_email', type: 'boolean', default: true })
  sendEmail!: boolean;

  /** Campaign time of the launch: events planned before it are past, not sent late. */
  @Column({ name: 'launched_at', type: 'timestamptz', nullable: true })
  launchedAt!: Date | null;

  /** Campaign time the campaign was paused at, while it is. */
  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  @Index('idx_campaigns_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => CampaignPhaseEntity, (phase) => phase.campaign)
  phases?: CampaignPhaseEntity[];
}

/** The campaign's clock: the identity for a real campaign, compressed for a rehearsal. */
export function campaignClockSpec(campaign: CampaignEntity): ClockSpec {
  if (!campaign.rehearsal || !campaign.clockCampaignAnchor || !campaign.clockWorkflowAnchor) {
    return { timeScale: 1, campaignAnchor: 0, workflowAnchor: 0 };
  }
  return {
    timeScale: campaign.timeScale,
    campaignAnchor: campaign.clockCampaignAnchor.getTime(),
    workflowAnchor: campaign.clockWorkflowAnchor.getTime(),
  };
}

/** What a campaign's workflow is started with, built from its row (the launch and the reconciler). */
export function campaignWorkflowInput(campaign: CampaignEntity): CampaignWorkflowInput {
  const resolved = campaign.plan!.resolved;
  return {
    campaignId: campaign.id,
    plan: {
      title: campaign.title,
      coveredUnitId: campaign.coveredUnitId,
      phases: resolved.phases.map((p) => ({
        kind: p.kind,
        startsAt: p.startsAt,
        endsAt: p.endsAt,
      })),
    },
    engine: {
      resolved,
      clock: campaignClockSpec(campaign),
      rehearsal: campaign.rehearsal,
      sendEmail: campaign.sendEmail,
      launchedAt: (campaign.launchedAt ?? campaign.createdAt).getTime(),
    },
  };
}
