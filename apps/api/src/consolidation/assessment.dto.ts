import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { LabelledView } from '../common/labelled.js';

// ---- phase summaries ---------------------------------------------------------------------------

export class ChannelCountView {
  @ApiProperty({ type: LabelledView, description: 'The intake channel (来源)' })
  channel!: LabelledView;
  @ApiProperty() count!: number;
}

/** What a unit (or all units together) did in a phase. */
export class PhaseFiguresView {
  @ApiProperty({ description: 'Tasks owed in the phase (open or done)' }) tasksOwed!: number;
  @ApiProperty() tasksDone!: number;
  @ApiProperty({ description: 'Open past their deadline, now' }) tasksOverdue!: number;
  @ApiProperty({ description: 'Problems found in the phase (registered within its dates)' })
  problems!: number;
  @ApiProperty({ type: [ChannelCountView], description: 'The problems by channel, those found' })
  problemsByChannel!: ChannelCountView[];
  @ApiProperty({ description: 'Ledger items registered within its dates' })
  itemsRegistered!: number;
  @ApiProperty({ description: 'Ledger items closed (销号) within its dates' }) itemsClosed!: number;
  @ApiProperty() yellowWarnings!: number;
  @ApiProperty() redWarnings!: number;
}

/** The summary a unit's office wrote: the evidence of its `phase_summary` task. */
export class PhaseSummaryTextView {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() taskKey!: string;
  @ApiProperty({ description: "The plan's name for the task" }) taskName!: string;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) completedByPersonId!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The text the office wrote' })
  text!: string | null;
  @ApiProperty({ description: 'Files and links with it' }) attachments!: number;
}

export class UnitPhaseSummaryView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ type: PhaseFiguresView }) figures!: PhaseFiguresView;
  @ApiProperty({ type: [PhaseSummaryTextView] }) summaries!: PhaseSummaryTextView[];
}

export class PhaseSummaryView {
  @ApiProperty() index!: number;
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty({ description: "The plan's name for the phase" }) name!: string;
  @ApiProperty({ format: 'date-time', description: 'Campaign time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Campaign time' }) endsAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ type: PhaseFiguresView, description: 'The units below, together' })
  totals!: PhaseFiguresView;
  @ApiProperty({ type: [UnitPhaseSummaryView], description: "The campaign's units in your scope" })
  units!: UnitPhaseSummaryView[];
}

export class PhaseSummaryListView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Each figure's name in the caller's language",
  })
  figureLabels!: Record<string, string>;
  @ApiProperty({ type: [PhaseSummaryView] }) phases!: PhaseSummaryView[];
}

// ---- assessment --------------------------------------------------------------------------------

export class AssessmentPolicyView {
  @ApiProperty() base!: number;
  @ApiProperty() perGateMissed!: number;
  @ApiProperty() perOverdueItem!: number;
  @ApiProperty() perYellowWarning!: number;
  @ApiProperty() perRedWarning!: number;
  @ApiProperty() perEscalation!: number;
  @ApiProperty() perViolationCase!: number;
}

export class DeductionView {
  @ApiProperty({ type: LabelledView }) figure!: LabelledView;
  @ApiProperty() count!: number;
  @ApiProperty() pointsEach!: number;
  @ApiProperty() points!: number;
}

export class UnitAssessmentView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ description: 'Phase gates passed' }) gatesMet!: number;
  @ApiProperty({ description: 'Phase gates missed' }) gatesMissed!: number;
  @ApiProperty({ description: 'Ledger items it answers for, overdue now' }) overdueItems!: number;
  @ApiProperty() yellowWarnings!: number;
  @ApiProperty() redWarnings!: number;
  @ApiProperty({
    description: 'Rungs of the ladder fired (named in the bulletin … accountability)',
  })
  escalations!: number;
  @ApiProperty({ description: 'New violation cases (see docs/offices/consolidation.md)' })
  violationCases!: number;
  @ApiProperty({ type: [DeductionView] }) deductions!: DeductionView[];
  @ApiProperty() deducted!: number;
  @ApiProperty({ description: 'The base less every deduction, never below 0' }) score!: number;
}

export class AssessmentView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ type: AssessmentPolicyView, description: 'Frozen into the campaign at launch' })
  policy!: AssessmentPolicyView;
  @ApiProperty({ description: 'The campaign predates the policy: the defaults apply' })
  defaultPolicy!: boolean;
  @ApiProperty({ type: [UnitAssessmentView], description: "The campaign's units in your scope" })
  units!: UnitAssessmentView[];
}

// ---- the year end ------------------------------------------------------------------------------

export class YearQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Rehearsals are left out of real figures; true gives the rehearsals’ instead',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  rehearsal: 'true' | 'false' = 'false';
}

export class UnitRefView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() unitCode!: string;
}

export class CommendedUnitView extends UnitRefView {
  @ApiProperty({ description: 'Campaigns of the year that covered it' }) campaigns!: number;
}

export class UnitWithCasesView extends UnitRefView {
  @ApiProperty({ description: 'New violation cases of the year in its subtree' }) cases!: number;
}

export class FailureReasonView {
  @ApiProperty({ type: LabelledView }) reason!: LabelledView;
  @ApiProperty({ description: 'Items for this reason' }) items!: number;
}

export class FailedUnitView extends UnitRefView {
  @ApiProperty({ type: [FailureReasonView] }) reasons!: FailureReasonView[];
}

export class YearEndView {
  @ApiProperty() year!: number;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive' }) to!: string;
  @ApiProperty({
    type: [CommendedUnitView],
    description:
      'Units the year’s campaigns covered with no new violation case in their subtree, not named below',
  })
  commended!: CommendedUnitView[];
  @ApiProperty({
    type: [FailedUnitView],
    description: 'Units whose rectification failed (点名通报)',
  })
  failed!: FailedUnitView[];
  @ApiProperty({
    type: [UnitWithCasesView],
    description: 'Covered units not commended for new violation cases in their subtree',
  })
  withViolationCases!: UnitWithCasesView[];
}

export class FormCountView {
  @ApiProperty({ type: LabelledView }) measure!: LabelledView;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'People concerned (xx 人)' }) people!: number;
}

export class DispositionFormView {
  @ApiProperty({ type: LabelledView }) form!: LabelledView;
  @ApiProperty() count!: number;
  @ApiProperty() people!: number;
  @ApiProperty({ type: [FormCountView] }) byMeasure!: FormCountView[];
}

export class WarningFormCountView {
  @ApiProperty({ type: LabelledView }) form!: LabelledView;
  @ApiProperty() sessions!: number;
  @ApiProperty() participations!: number;
}

export class ReminderKindCountView {
  @ApiProperty({ type: LabelledView }) kind!: LabelledView;
  @ApiProperty() count!: number;
  @ApiProperty() people!: number;
}

export class CluesStatisticsView {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [ChannelCountView] }) byChannel!: ChannelCountView[];
}

export class DispositionStatisticsView {
  @ApiProperty() total!: number;
  @ApiProperty() people!: number;
  @ApiProperty({ type: [DispositionFormView], description: 'The four forms (四种形态), each' })
  byForm!: DispositionFormView[];
}

export class WarningEducationStatisticsView {
  @ApiProperty({ description: "Sessions held: a unit's completions of one warning-education task" })
  sessions!: number;
  @ApiProperty({ description: 'People who completed them' }) participations!: number;
  @ApiProperty({ type: [WarningFormCountView] }) byForm!: WarningFormCountView[];
}

export class ReminderStatisticsView {
  @ApiProperty({ description: 'Messages (each once, whatever its channels)' }) total!: number;
  @ApiProperty({ description: 'Key persons reached' }) people!: number;
  @ApiProperty({ type: [ReminderKindCountView] }) byKind!: ReminderKindCountView[];
}

export class StatisticsView {
  @ApiProperty() year!: number;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive' }) to!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Each section's name in the caller's language",
  })
  figureLabels!: Record<string, string>;
  @ApiProperty({ type: CluesStatisticsView, description: 'Problems registered in the year' })
  clues!: CluesStatisticsView;
  @ApiProperty({ type: DispositionStatisticsView }) dispositions!: DispositionStatisticsView;
  @ApiProperty({ type: WarningEducationStatisticsView })
  warningEducation!: WarningEducationStatisticsView;
  @ApiProperty({ type: ReminderStatisticsView }) keyPersonReminders!: ReminderStatisticsView;
}
