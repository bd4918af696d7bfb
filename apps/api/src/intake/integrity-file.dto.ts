import { ApiProperty } from '@nestjs/swagger';

import { LabelledView } from '../common/labelled.js';
import { ProblemSummaryView } from './problem-summary.dto.js';
import { DispositionView } from './problems.dto.js';

export class IntegrityPersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() staffNumber!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ description: '领导干部' }) isLeader!: boolean;
  @ApiProperty({ description: '重点人员' }) isKeyPerson!: boolean;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
}

/** A version of the person's six clarifications: when, never what (that is behind GET /statements/:id). */
export class IntegrityStatementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() campaignTitle!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Campaign time' }) submittedAt!: string;
}

/** A problem filed to the file, with every disposition and what was reported back up. */
export class IntegrityProblemView extends ProblemSummaryView {
  @ApiProperty({ type: [DispositionView], description: 'Every disposition, newest first' })
  dispositions!: DispositionView[];
  @ApiProperty({ type: String, nullable: true }) reportBack!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportBackHandling!: string | null;
}

/** A 问责 decision that held the person to account (issue 18): on whose decision, how, why. */
export class IntegrityAccountabilityView {
  @ApiProperty({ format: 'uuid', description: 'The decision (GET /decisions/{id})' })
  decisionId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: LabelledView, description: '直接责任, 领导责任, 主体责任, 监督责任' })
  responsibility!: LabelledView;
  @ApiProperty({ type: LabelledView, description: '通报批评, 诫勉, 组织调整, 纪律处分' })
  form!: LabelledView;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Campaign time' })
  decidedAt!: string | null;
}

/** A person's integrity file (个人廉政档案): everything found about them, in every campaign. */
export class IntegrityFileView {
  @ApiProperty({ type: IntegrityPersonView }) person!: IntegrityPersonView;
  @ApiProperty({ type: [IntegrityStatementView], description: 'Oldest first' })
  statements!: IntegrityStatementView[];
  @ApiProperty({ type: [IntegrityProblemView], description: 'Oldest first' })
  problems!: IntegrityProblemView[];
  @ApiProperty({
    type: [IntegrityAccountabilityView],
    description: 'Held to account on the ladder (问责), each by a decision; oldest first',
  })
  accountability!: IntegrityAccountabilityView[];
}
