import {
  ITEM_CATEGORIES,
  ITEM_MODES,
  ITEM_STATUSES,
  type ItemCategory,
  type ItemMode,
  type ItemSource,
  type ItemStatus,
  LOOK_BACK_OUTCOMES,
  type LookBackOutcome,
  PROBLEM_CHANNELS,
  REGISTER_ENTRY_RUNGS,
  REVIEW_OUTCOMES,
  type ReviewOutcome,
  SEND_BACK_REASONS,
  type SendBackReason,
  WARNING_LEVELS,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
} from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { PageQuery, QueryInteger } from '../common/shapes.js';
import { ProseText, TextLength } from '../common/text.js';
import { DATE_TIME_MESSAGE, DATE_TIME_WITH_ZONE } from '../plans/dto/plan-spec.dto.js';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MESSAGE = 'a day, YYYY-MM-DD';
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class RegisterItemDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() campaignId!: string;

  /** The unit the problem is in; inside the campaign and your scope. */
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() unitId!: string;

  @ApiProperty({
    type: [String],
    description: 'Persons concerned (涉及人员); empty for a problem of the unit as a whole',
    maxItems: 50,
  })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  personIds!: string[];

  @ApiProperty({ example: '个别民警上班时间打游戏、玩手机，工作纪律松弛。', maxLength: 4000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  description!: string;

  @ApiProperty({ enum: PROBLEM_CHANNELS }) @IsDefined() @IsIn(PROBLEM_CHANNELS) source!: ItemSource;

  @ApiPropertyOptional({ minimum: 1, maximum: 99, description: 'Round of a cross-unit visit' })
  @QueryInteger(1, 99)
  sourceRound?: number;

  @ApiProperty({ enum: ITEM_CATEGORIES })
  @IsDefined()
  @IsIn(ITEM_CATEGORIES)
  category!: ItemCategory;
}

/**
 * The six clarities (六个明确), measures and mode. A clarity left out is a broken rule (422,
 * naming each missing one), not a malformed request.
 */
export class AssignItemDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() responsibleLeaderId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() responsibleUnitId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() responsiblePersonId?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    pattern: DAY.source,
    description: 'Due by its end',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: DAY_MESSAGE })
  deadline?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 366, description: 'Or N working days from today' })
  @QueryInteger(1, 366)
  deadlineWorkingDays?: number;

  @ApiPropertyOptional({ example: '全体民警签订承诺书，一个月内无违规。', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  acceptanceStandard?: string;

  @ApiPropertyOptional({ example: '工作纪律明显好转。', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  expectedEffect?: string;

  @ApiPropertyOptional({ example: '开展专项教育，每周抽查在岗情况。', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  measures?: string;

  @ApiPropertyOptional({ enum: ITEM_MODES }) @IsOptional() @IsIn(ITEM_MODES) mode?: ItemMode;

  @ApiPropertyOptional({ format: 'uuid', description: '挂牌督办: the supervising leader' })
  @IsOptional()
  @IsUUID()
  supervisingLeaderId?: string;
}

/** A progress report or a completion: text, a link, files (multipart field `files`). */
export class ItemReportDto {
  @ApiProperty({ example: '已完成第一轮专项教育，抽查3次未发现问题。', maxLength: 10_000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 10_000)
  text!: string;

  @ApiPropertyOptional({ example: 'https://example.org/minutes.pdf' })
  @IsOptional()
  @IsString()
  @TextLength(1, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  link?: string;
}

export class VerifyItemDto {
  @ApiProperty({ enum: ['close', 'send_back'] })
  @IsDefined()
  @IsIn(['close', 'send_back'])
  decision!: 'close' | 'send_back';

  @ApiPropertyOptional({ description: 'Required to send back', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason?: string;

  @ApiPropertyOptional({
    enum: SEND_BACK_REASONS,
    description: 'Why it is sent back (poor_quality and false_report escalate); default other',
  })
  @IsOptional()
  @IsIn(SEND_BACK_REASONS)
  sendBackReason?: SendBackReason;
}

export class RequestExtensionDto {
  @ApiProperty({ example: '2027-01-31', pattern: DAY.source })
  @IsDefined()
  @IsString()
  @Matches(DAY, { message: DAY_MESSAGE })
  newDeadline!: string;

  @ApiProperty({ example: '需协调上级部门，时间不足。', maxLength: 4000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason!: string;
}

export class ExtensionDecisionDto {
  @ApiProperty({ enum: ['approve', 'refuse'] })
  @IsDefined()
  @IsIn(['approve', 'refuse'])
  decision!: 'approve' | 'refuse';

  @ApiPropertyOptional({ pattern: DAY.source, description: 'Approve another day than asked' })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: DAY_MESSAGE })
  deadline?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason?: string;
}

export class ItemsQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Items of this unit's subtree" })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional({ enum: WARNING_LEVELS })
  @IsOptional()
  @IsIn(WARNING_LEVELS)
  warningLevel?: string;

  @ApiPropertyOptional({ enum: ITEM_MODES }) @IsOptional() @IsIn(ITEM_MODES) mode?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() supervised?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() escalated?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  responsiblePersonId?: string;
}

export class AccountabilityQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Entries of this unit's subtree" })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: REGISTER_ENTRY_RUNGS })
  @IsOptional()
  @IsIn(REGISTER_ENTRY_RUNGS)
  rung?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries that reached this person' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'From this instant (campaign time), inclusive' })
  @IsOptional()
  @IsString()
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Until this instant (campaign time), exclusive' })
  @IsOptional()
  @IsString()
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  @IsISO8601({ strict: true })
  to?: string;
}

// ---- views ------------------------------------------------------------------------------------

export class EvidenceFileView {
  @ApiProperty() fileName!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256!: string;
}

export class ItemReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['progress', 'completion', 'talk', 'offence', 'review', 'look_back', 'summary'],
  })
  kind!: string;
  @ApiProperty() text!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "A talk's heldOn and attendeeIds, an outcome, a loophole tag",
  })
  details!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) link!: string | null;
  @ApiProperty({ type: [EvidenceFileView] }) files!: EvidenceFileView[];
  @ApiProperty({ format: 'uuid' }) reportedByPersonId!: string;
  @ApiProperty({ format: 'date-time' }) reportedAt!: string;
}

export class ExtensionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) requestedByPersonId!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ example: '2027-01-31' }) requestedDeadline!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'refused', 'withdrawn'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) decidedByPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deadlineAfter!: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason!: string | null;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['inbox', 'email'] }) channel!: string;
  @ApiProperty({ description: 'delivered, pending, sent, failed, skipped…' }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
}

export class RecipientView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: LabelledView }) role!: LabelledView;
  @ApiPropertyOptional({ minimum: 0, maximum: 2 }) levelsUp?: number;
}

export class HeldToAccountView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: LabelledView, description: '直接责任, 领导责任, 主体责任, 监督责任' })
  responsibility!: LabelledView;
  @ApiProperty({ type: LabelledView, description: '通报批评, 诫勉, 组织调整, 纪律处分' })
  form!: LabelledView;
  @ApiProperty() reason!: string;
}

/** The decision that fired a rung people decide: who decided, why, and for 问责 whom it holds. */
export class EntryDecisionView {
  @ApiProperty({ format: 'uuid', description: 'GET /decisions/{id}' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty({ type: LabelledView, description: 'The desk: supervisor, inspector, committee' })
  role!: LabelledView;
  @ApiProperty({ format: 'uuid' }) deskUnitId!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: [HeldToAccountView] }) accountable!: HeldToAccountView[];
}

export class AccountabilityEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid', description: 'The unit answering for it' }) unitId!: string;
  @ApiProperty({ enum: ['reminder', 'warning', 'rung', 'extension_unanswered'] }) kind!: string;
  @ApiProperty({ type: LabelledView }) rung!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) level!: LabelledView | null;
  @ApiProperty({ type: LabelledView, nullable: true }) reason!: LabelledView | null;
  @ApiProperty({ format: 'date-time', description: 'Campaign time it fired' }) at!: string;
  @ApiProperty({ type: [RecipientView] }) recipients!: RecipientView[];
  @ApiProperty({ type: [String], description: 'Held to account (accountability)' })
  accountable!: string[];
  @ApiProperty({ nullable: true, type: String, example: '督〔2026〕1号' }) documentNumber!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) respondBy!: string | null;
  @ApiProperty({
    type: EntryDecisionView,
    nullable: true,
    description: 'A rung people decided: the decision that fired it (null for the others)',
  })
  decision!: EntryDecisionView | null;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ type: [DeliveryView] }) deliveries!: DeliveryView[];
}

export class ItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: '序号 in its campaign' }) number!: number;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ type: [String] }) personIds!: string[];
  @ApiProperty() description!: string;
  @ApiProperty({ type: LabelledView }) source!: LabelledView;
  @ApiProperty({ nullable: true, type: Number }) sourceRound!: number | null;
  @ApiProperty({ type: LabelledView }) category!: LabelledView;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({ type: LabelledView }) warningLevel!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true }) rung!: LabelledView | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() supervised!: boolean;
  @ApiProperty({ type: LabelledView, nullable: true }) mode!: LabelledView | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) responsibleLeaderId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) responsibleUnitId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) responsiblePersonId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) supervisingLeaderId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deadline!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) originalDeadline!:
    string | null;
  @ApiProperty({ description: 'Sum of approved extensions, in days' }) cumulativeDelayDays!: number;
  @ApiProperty({ nullable: true, type: String }) acceptanceStandard!: string | null;
  @ApiProperty({ nullable: true, type: String }) expectedEffect!: string | null;
  @ApiProperty({ nullable: true, type: String }) measures!: string | null;
  @ApiProperty() yellowWarnings!: number;
  @ApiProperty() repeatOffences!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastProgressAt!:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: '销号日期' })
  closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'uuid' }) registeredByPersonId!: string;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({
    description: "Its workflow's start is not confirmed yet: moves on it wait (409) until it is",
  })
  starting!: boolean;
  @ApiProperty({
    type: () => ParkedView,
    nullable: true,
    description:
      'A step of its workflow could not be recorded (bad data): its reminders and ladder wait, ' +
      'its state unchanged, until the office retries it',
  })
  parked!: ParkedView | null;
}

export class ParkedView {
  @ApiProperty({ format: 'date-time', description: 'When it parked (real time)' }) at!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The failure's type and SQLSTATE, never values",
  })
  reason!: string | null;
}

export class ItemDetailView extends ItemView {
  @ApiProperty({ type: [ItemReportView] }) reports!: ItemReportView[];
  @ApiProperty({ type: [ExtensionView] }) extensions!: ExtensionView[];
  @ApiProperty({ type: [AccountabilityEntryView], description: 'Warnings and rungs, oldest first' })
  escalations!: AccountabilityEntryView[];
}

export class ItemPageView {
  @ApiProperty({ type: [ItemView] }) items!: ItemView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class TimelineEntryView {
  @ApiProperty({ format: 'date-time', description: 'Campaign time' }) at!: string;
  @ApiProperty({ type: LabelledView, description: 'An event, or a timer that fired' })
  kind!: LabelledView;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Who; null: a timer' })
  actorPersonId!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ type: LabelledView, description: 'The status after it' }) status!: LabelledView;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class TimelineView {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ type: [TimelineEntryView] }) entries!: TimelineEntryView[];
}

export class AccountabilityPageView {
  @ApiProperty({ type: [AccountabilityEntryView] }) entries!: AccountabilityEntryView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class LedgerImportQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Check the file and count what would be registered, without writing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun: 'true' | 'false' = 'false';
}

export class LedgerImportView {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The import (null on a dry run): GET …/ledger/imports/{importId} for its status',
  })
  importId!: string | null;
  @ApiProperty({ description: 'Item rows in the file' }) rows!: number;
  @ApiProperty({ description: 'Items registered by this import' }) created!: number;
  @ApiProperty({ description: 'Rows an earlier import registered, identical' }) unchanged!: number;
  @ApiProperty({ description: 'Items whose workflows are still starting (0 once all run)' })
  starting!: number;
}

/** Flags an item for supervision (挂牌督办): the supervising leader receives every rung. */
export class FlagSupervisionDto {
  @ApiProperty({ format: 'uuid' }) @IsDefined() @IsUUID() supervisingLeaderId!: string;
}

/** An admonishment talk (约谈) held on an item's ladder, as the inspector records it. */
export class TalkDto {
  @ApiProperty({ example: '2026-05-12', pattern: DAY.source })
  @IsDefined()
  @IsString()
  @Matches(DAY, { message: DAY_MESSAGE })
  heldOn!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Who attended', maxItems: 50 })
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendeeIds!: string[];

  @ApiProperty({ example: '责令限期整改，作出书面检查。', maxLength: 4000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  outcome!: string;
}

/** A note an inspector's record carries (what was found, why). */
export class RecordNoteDto {
  @ApiProperty({ example: '同类问题再次出现。', maxLength: 4000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  note!: string;
}

/** A long-term item's periodic review (长期坚持): on track, or off track (a yellow warning). */
export class ReviewDto extends RecordNoteDto {
  @ApiProperty({ enum: REVIEW_OUTCOMES })
  @IsDefined()
  @IsIn(REVIEW_OUTCOMES)
  outcome!: ReviewOutcome;
}

/** The look-back (回头看) of a closed item, by an inspector other than its verifier. */
export class LookBackDto extends RecordNoteDto {
  @ApiProperty({ enum: LOOK_BACK_OUTCOMES, description: 'rebound reopens the item' })
  @IsDefined()
  @IsIn(LOOK_BACK_OUTCOMES)
  outcome!: LookBackOutcome;

  @ApiPropertyOptional({ example: '2027-03-31', pattern: DAY.source, description: 'For a rebound' })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: DAY_MESSAGE })
  newDeadline?: string;
}

/** The 督查问效组's spot check (抽查) of a closed item: upheld, or reopened with a new deadline. */
export class SpotCheckDto extends RecordNoteDto {
  @ApiProperty({
    enum: ['upheld', 'reopened'],
    description: 'reopened: not really rectified (整改不到位); the item is rectified again',
  })
  @IsDefined()
  @IsIn(['upheld', 'reopened'])
  outcome!: 'upheld' | 'reopened';

  @ApiPropertyOptional({
    example: '2027-03-31',
    pattern: DAY.source,
    description: 'For a reopening',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: DAY_MESSAGE })
  newDeadline?: string;
}

/** A case's summary after closure (一案一总结); a loophole tag asks for a rule (建章立制). */
export class SummaryDto {
  @ApiProperty({ example: '值班制度执行不严，检查流于形式。', maxLength: 4000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  text!: string;

  @ApiPropertyOptional({ example: '值班制度', maxLength: 64 })
  @IsOptional()
  @IsString()
  @ProseText()
  @TextLength(1, 64)
  loopholeTag?: string;
}

export class UnitStatusCountView {
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty() count!: number;
}

/** Where one unit stands on a campaign's ledger. */
export class UnitLedgerCountsView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [UnitStatusCountView], description: 'Every status, in order' })
  byStatus!: UnitStatusCountView[];
  @ApiProperty() overdue!: number;
  @ApiProperty({ description: 'Items a rung of the ladder has reached' }) escalated!: number;
  @ApiProperty() yellow!: number;
  @ApiProperty() red!: number;
  @ApiProperty({ description: 'Flagged for supervision (挂牌督办)' }) supervised!: number;
}

export class LedgerUnitsView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: [UnitLedgerCountsView], description: 'Units in your scope with items' })
  units!: UnitLedgerCountsView[];
}
