import type {
  ChecklistOutcome,
  ClarificationItem,
  ConcealmentFlagStatus,
  DisclosureOutcome,
  DispositionForm,
  DispositionMeasure,
  ItemCategory,
  ItemSource,
  MeetingKind,
  PortraitSource,
  ProblemHandling,
  ProblemSeverity,
} from '@campaign/domain';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A problem found about a person, from any intake channel (D4): registered as a ledger item
 * (`itemId`, whose description is the office's or inspector's wording) and filed to the
 * person's integrity file (个人廉政档案). Carries what the disclosure rules decided and against
 * which statement version, and how it was routed (D8). Instants are campaign time.
 */
@Entity({ name: 'problems' })
@Index('idx_problems_person', ['personId', 'registeredAt'])
@Index('idx_problems_campaign', ['campaignId', 'unitId'])
@Index('idx_problems_meeting', ['meetingId'])
export class ProblemEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The person's unit when the problem was found. */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'item_id', type: 'uuid', unique: true })
  itemId!: string;

  @Column({ type: 'varchar', length: 24 })
  channel!: ItemSource;

  /** A cross-unit visit's round (第几轮). */
  @Column({ name: 'source_round', type: 'integer', nullable: true })
  sourceRound!: number | null;

  @Column({ type: 'varchar', length: 32 })
  category!: ItemCategory;

  /** The clarification item the problem matches (the policy's for its category, or the inspector's). */
  @Column({ name: 'clarification_item', type: 'smallint', nullable: true })
  clarificationItem!: ClarificationItem | null;

  @Column({ type: 'varchar', length: 8 })
  severity!: ProblemSeverity;

  @Column({ type: 'varchar', length: 16 })
  handling!: ProblemHandling;

  @Column({ name: 'found_by_unit_id', type: 'uuid' })
  foundByUnitId!: string;

  @Column({ type: 'varchar', length: 24 })
  disclosure!: DisclosureOutcome;

  /** The statement version the disclosure rules judged against, if any. */
  @Column({ name: 'statement_id', type: 'uuid', nullable: true })
  statementId!: string | null;

  @Column({ name: 'tip_off_id', type: 'uuid', nullable: true, unique: true })
  tipOffId!: string | null;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId!: string | null;

  @Column({ name: 'portrait_source', type: 'varchar', length: 16, nullable: true })
  portraitSource!: PortraitSource | null;

  @Column({ name: 'registered_by_person_id', type: 'uuid' })
  registeredByPersonId!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  /** A handed-down problem: the result the lower unit's office reported back up (整改结果). */
  @Column({ name: 'report_back', type: 'text', nullable: true })
  reportBack!: string | null;

  /** ... and how it handled the person and the problem (处理情况). */
  @Column({ name: 'report_back_handling', type: 'text', nullable: true })
  reportBackHandling!: string | null;

  @Column({ name: 'reported_back_by_person_id', type: 'uuid', nullable: true })
  reportedBackByPersonId!: string | null;

  @Column({ name: 'reported_back_at', type: 'timestamptz', nullable: true })
  reportedBackAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  rehearsal!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A suspected concealment (欺瞒组织): a problem from another channel where the person's matching
 * clarification item said "nothing to report". An inspector confirms or dismisses it with a
 * reason; it keeps the statement version it was judged against.
 */
@Entity({ name: 'concealment_flags' })
export class ConcealmentFlagEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'problem_id', type: 'uuid', unique: true })
  problemId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Index('idx_concealment_flags_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Index('idx_concealment_flags_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ name: 'clarification_item', type: 'smallint' })
  clarificationItem!: ClarificationItem;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: ConcealmentFlagStatus;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'decided_by_person_id', type: 'uuid', nullable: true })
  decidedByPersonId!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;
}

/** The disposition of a clue in the four forms (四种形态), with the measure taken; the latest counts. */
@Entity({ name: 'dispositions' })
export class DispositionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('idx_dispositions_problem')
  @Column({ name: 'problem_id', type: 'uuid' })
  problemId!: string;

  @Column({ type: 'smallint' })
  form!: DispositionForm;

  @Column({ type: 'varchar', length: 32 })
  measure!: DispositionMeasure;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'decided_by_person_id', type: 'uuid' })
  decidedByPersonId!: string;

  /** Campaign time. */
  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}

/** One entry of a person's checklists (六大纪律、五大作风) in a campaign: no problem, or a finding. */
@Entity({ name: 'checklist_entries' })
@Index('uq_checklist_entries', ['campaignId', 'personId', 'category'], { unique: true })
export class ChecklistEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: ItemCategory;

  @Column({ type: 'varchar', length: 16 })
  outcome!: ChecklistOutcome;

  /** The problem a finding was registered as. */
  @Column({ name: 'problem_id', type: 'uuid', nullable: true })
  problemId!: string | null;

  @Column({ name: 'recorded_by_person_id', type: 'uuid' })
  recordedByPersonId!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** A democratic or organisational life meeting (民主生活会、组织生活会) whose problems are recorded against it. */
@Entity({ name: 'life_meetings' })
@Index('idx_life_meetings_campaign', ['campaignId', 'unitId'])
export class LifeMeetingEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: MeetingKind;

  /** Asia/Shanghai day, YYYY-MM-DD. */
  @Column({ name: 'held_on', type: 'date' })
  heldOn!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'recorded_by_person_id', type: 'uuid' })
  recordedByPersonId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
