import {
  ACCOUNTABILITY_FORMS,
  type AccountabilityForm,
  ACCOUNTABLE_RESPONSIBILITIES,
  type AccountableResponsibility,
  DECISION_CHOICES,
  DECISION_STATUSES,
  type DecisionChoice,
  type DecisionStatus,
} from '@campaign/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';

import { LabelledView } from '../common/labelled.js';
import { NestedObjects, PageQuery } from '../common/shapes.js';
import { ProseText, TextLength } from '../common/text.js';

/** A day (YYYY-MM-DD: 09:00 Beijing time that day) or an instant with its zone. */
const DAY_OR_INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export class AccountableDto {
  @ApiProperty({ format: 'uuid' })
  @IsDefined()
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: ACCOUNTABLE_RESPONSIBILITIES })
  @IsDefined()
  @IsIn(ACCOUNTABLE_RESPONSIBILITIES)
  responsibility!: AccountableResponsibility;

  @ApiProperty({ enum: ACCOUNTABILITY_FORMS, description: '通报批评, 诫勉, 组织调整, 纪律处分' })
  @IsDefined()
  @IsIn(ACCOUNTABILITY_FORMS)
  form!: AccountabilityForm;

  @ApiProperty({ maxLength: 4000 })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason!: string;
}

export class TakeDecisionDto {
  @ApiProperty({ enum: DECISION_CHOICES })
  @IsDefined()
  @IsIn(DECISION_CHOICES)
  decision!: DecisionChoice;

  @ApiProperty({ maxLength: 4000, example: '经督查问效组研究，决定下发督办单。' })
  @IsDefined()
  @IsString()
  @ProseText()
  @TextLength(1, 4000)
  reason!: string;

  @ApiPropertyOptional({
    description: 'Defer: the day (09:00 Beijing time) or instant the desk takes it up again',
    example: '2026-05-06',
  })
  @IsOptional()
  @IsString()
  @Matches(DAY_OR_INSTANT, {
    message: 'until must be a day YYYY-MM-DD or an ISO instant with its zone',
  })
  until?: string;

  @ApiPropertyOptional({
    type: [AccountableDto],
    description: 'Issuing accountability: who is held to account, each among the candidates',
  })
  @IsOptional()
  @NestedObjects(() => AccountableDto, { min: 1, max: 50 })
  accountable?: AccountableDto[];
}

export class DecisionsQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;

  @ApiPropertyOptional({ enum: DECISION_STATUSES })
  @IsOptional()
  @IsIn(DECISION_STATUSES)
  status?: DecisionStatus;
}

export class DecisionCandidateView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ACCOUNTABLE_RESPONSIBILITIES }) responsibility!: string;
  @ApiProperty({ type: LabelledView }) responsibilityLabel!: LabelledView;
  @ApiProperty({ description: 'Levels above the responsible unit of their seat' })
  levelsUp!: number;
}

export class LadderDecisionStepView {
  @ApiProperty({ description: 'The step of the rung’s chain (0-based)' }) index!: number;
  @ApiProperty({ description: 'Steps in the chain' }) of!: number;
  @ApiProperty({ type: LabelledView, description: 'supervisor, inspector or committee' })
  role!: LabelledView;
  @ApiProperty({ description: 'Levels above the responsible unit' }) levelsUp!: number;
  @ApiProperty({ format: 'uuid', description: 'The desk’s unit' }) unitId!: string;
  @ApiProperty({ type: [String], description: 'Who sits at the desk' }) personIds!: string[];
}

export class DecidedAccountableView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: LabelledView }) responsibility!: LabelledView;
  @ApiProperty({ type: LabelledView }) form!: LabelledView;
  @ApiProperty() reason!: string;
}

export class LadderDecisionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description:
      'The rung’s code: supervision_order, admonishment_talk, stationed_supervision, accountability',
  })
  kind!: string;
  @ApiProperty({ type: LabelledView }) kindLabel!: LabelledView;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'uuid', description: 'The unit answering for the item' }) unitId!: string;
  @ApiProperty({ type: LadderDecisionStepView }) step!: LadderDecisionStepView;
  @ApiProperty({ enum: DECISION_STATUSES }) status!: string;
  @ApiProperty({ type: LabelledView }) statusLabel!: LabelledView;
  @ApiProperty({ type: LabelledView, description: 'Why the rung is due' }) reason!: LabelledView;
  @ApiProperty({ format: 'date-time', description: 'Campaign time it reached the desk' })
  openedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The desk’s limit; after it, one level up' })
  dueBy!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The desk before' })
  previousId!: string | null;
  @ApiPropertyOptional({ type: [DecisionCandidateView], description: 'Accountability: both lines' })
  candidates?: DecisionCandidateView[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) decidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deferredUntil!: string | null;
  @ApiProperty({ type: [DecidedAccountableView] }) accountable!: DecidedAccountableView[];
  @ApiProperty() rehearsal!: boolean;
}

export class LadderDecisionPageView {
  @ApiProperty({ type: [LadderDecisionView] }) items!: LadderDecisionView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
