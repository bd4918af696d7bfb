import { ApiProperty } from '@nestjs/swagger';

import { LabelledView } from '../common/labelled.js';

/** A report's figures (counts of ledger items), as the ledger stood at the period's end. */
export class CadenceFiguresView {
  @ApiProperty({ minimum: 0, description: 'Registered by the period’s end' }) total!: number;
  @ApiProperty({ minimum: 0, description: 'Registered in the period' }) new!: number;
  @ApiProperty({ minimum: 0, description: 'Assigned, in progress, sent back or reopened' })
  inProgress!: number;
  @ApiProperty({ minimum: 0, description: 'Submitted, awaiting verification' }) submitted!: number;
  @ApiProperty({ minimum: 0, description: 'Closed (销号) or confirmed' }) closed!: number;
  @ApiProperty({ minimum: 0, description: 'Past the deadline in force' }) overdue!: number;
  @ApiProperty({ minimum: 0, description: 'A rung of the ladder fired' }) escalated!: number;
  @ApiProperty({ minimum: 0, description: 'Send-backs in the period' }) sentBack!: number;
}

/** Each figure's name in the caller's language. */
export class CadenceFigureLabelsView {
  @ApiProperty() total!: string;
  @ApiProperty() new!: string;
  @ApiProperty() inProgress!: string;
  @ApiProperty() submitted!: string;
  @ApiProperty() closed!: string;
  @ApiProperty() overdue!: string;
  @ApiProperty() escalated!: string;
  @ApiProperty() sentBack!: string;
}

export class CadenceUnitView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ description: 'The unit’s name when the report was produced' }) unitName!: string;
  @ApiProperty({ type: CadenceFiguresView, description: 'The unit’s own items' })
  figures!: CadenceFiguresView;
}

export class BulletinRungView {
  @ApiProperty({ type: LabelledView }) rung!: LabelledView;
  @ApiProperty({ format: 'date-time', description: 'Campaign time it fired' }) at!: string;
  @ApiProperty({ type: LabelledView, nullable: true }) reason!: LabelledView | null;
  @ApiProperty({ nullable: true, type: String, example: '督〔2026〕1号' })
  documentNumber!: string | null;
}

/** An item the bulletin names (点名通报), as it stood at the period's end. */
export class BulletinItemView {
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ description: '序号 in its campaign' }) number!: number;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: LabelledView }) status!: LabelledView;
  @ApiProperty({ type: LabelledView, nullable: true, description: 'The highest rung by then' })
  rung!: LabelledView | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deadline!: string | null;
  @ApiProperty({ type: [LabelledView], description: 'Overdue, escalated, sent back' })
  reasons!: LabelledView[];
  @ApiProperty({
    type: [BulletinRungView],
    description: 'The rungs that named it in the period (from the accountability register)',
  })
  rungs!: BulletinRungView[];
}

/** A unit the bulletin names, with how many of its items and why. */
export class BulletinUnitView {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ minimum: 1 }) items!: number;
  @ApiProperty({ minimum: 0 }) overdue!: number;
  @ApiProperty({ minimum: 0 }) escalated!: number;
  @ApiProperty({ minimum: 0 }) sentBack!: number;
}

export class CadenceReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: LabelledView, description: 'dispatch (月调度) or bulletin (季通报)' })
  kind!: LabelledView;
  @ApiProperty({ example: '2027-01', description: '`YYYY-MM` or `YYYY-Qn`, Asia/Shanghai' })
  period!: string;
  @ApiProperty({ example: '2027年1月' }) periodLabel!: string;
  @ApiProperty({ format: 'date-time', description: 'Campaign time; the part the campaign covers' })
  periodStart!: string;
  @ApiProperty({ format: 'date-time', description: 'Campaign time: the figures are as of then' })
  periodEnd!: string;
  @ApiProperty({ format: 'date-time', description: 'Campaign time it was produced' })
  producedAt!: string;
  @ApiProperty() rehearsal!: boolean;
  @ApiProperty({ type: CadenceFiguresView, description: 'The units below, added up' })
  totals!: CadenceFiguresView;
  @ApiProperty({ type: [CadenceUnitView], description: 'The units in the caller’s subtrees' })
  units!: CadenceUnitView[];
}

export class BulletinView extends CadenceReportView {
  @ApiProperty({ type: [BulletinUnitView] }) namedUnits!: BulletinUnitView[];
  @ApiProperty({ type: [BulletinItemView] }) namedItems!: BulletinItemView[];
}

export class DispatchListView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: CadenceFigureLabelsView }) figureLabels!: CadenceFigureLabelsView;
  @ApiProperty({ type: [CadenceReportView], description: 'Oldest period first' })
  dispatches!: CadenceReportView[];
}

export class BulletinListView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: CadenceFigureLabelsView }) figureLabels!: CadenceFigureLabelsView;
  @ApiProperty({ type: [BulletinView], description: 'Oldest period first' })
  bulletins!: BulletinView[];
}

export class AnalysisListView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ type: CadenceFigureLabelsView }) figureLabels!: CadenceFigureLabelsView;
  @ApiProperty({
    type: [BulletinView],
    description:
      'Half-year analyses (半年分析), oldest first: figures and named items as in a bulletin',
  })
  analyses!: BulletinView[];
}
